import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** Where a build's module map goes: next to the output folder, so it never ships inside the extension. */
export const reportPathFor = (outDir: string) => `${outDir.replace(/\/+$/, '')}.bundle.json`;

export interface ChunkReport {
  imports: string[];
  dynamicImports: string[];
  css: string[];
  /** Source modules inside the chunk (repo-relative, node_modules kept as `node_modules/<pkg>/…`). */
  modules: string[];
  /** Each module's rendered (minified, not gzipped) length inside the chunk, in the order of `modules`. */
  sizes?: number[];
}

export function clearBundleReport(outDir: string): void {
  rmSync(reportPathFor(outDir), { force: true });
}

/**
 * Records which modules end up in which chunk. WXT builds its entrypoints in several Vite builds,
 * so each build merges its chunks into the same report. The bundle-budget test reads it to prove
 * that viem and @metamask/providers never reach the popup's initial load.
 */
export function bundleReport(): Plugin {
  return {
    name: 'vkc-bundle-report',
    apply: 'build',
    generateBundle(options, bundle) {
      if (!options.dir) return;
      const path = reportPathFor(options.dir);
      const report: Record<string, ChunkReport> = existsSync(path)
        ? JSON.parse(readFileSync(path, 'utf8'))
        : {};
      const root = `${process.cwd()}/`;
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        const meta = (item as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata;
        report[item.fileName] = {
          imports: [...item.imports],
          dynamicImports: [...item.dynamicImports],
          css: meta?.importedCss ? [...meta.importedCss] : [],
          modules: item.moduleIds.map((id) =>
            id.replace(root, '').replace(/^.*\/node_modules\//, 'node_modules/'),
          ),
          sizes: item.moduleIds.map((id) => item.modules[id]?.renderedLength ?? 0),
        };
      }
      writeFileSync(path, JSON.stringify(report, null, 1));
    },
  };
}
