import type { Plugin } from 'vite';

/** The attribute that names the file an inlined stylesheet came from (test/support/bundle.ts reads it). */
export const INLINED_ATTR = 'data-inlined';

/**
 * Puts a page's own stylesheets into its HTML as <style> elements instead of <link>s: each file an
 * extension page loads is a round trip through the browser process, which a loaded machine
 * stretches, and the popup's paint waits for its stylesheets. The extension's CSP (Manifest V3's
 * default) restricts scripts, not styles. `pages`: the HTML entry paths it applies to.
 */
export function inlineStylesheets(pages: RegExp): Plugin {
  return {
    name: 'vkc-inline-stylesheets',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle || !pages.test(ctx.path)) return html;
        return html.replace(
          /<link rel="stylesheet"(?: crossorigin)? href="\/?([^"]+\.css)">/g,
          (tag, file) => {
            const asset = bundle[file];
            if (asset?.type !== 'asset') return tag;
            const css = String(asset.source);
            // A stylesheet that could end the element early stays a file.
            if (/<\/style/i.test(css)) return tag;
            return `<style ${INLINED_ATTR}="${file}">${css}</style>`;
          },
        );
      },
    },
  };
}
