import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChunkReport, reportPathFor } from '../../scripts/bundle-report';
import { initialLoad } from '../support/bundle';

/** DESIGN.md budgets: each page's initial HTML + JS + CSS, gzipped. */
const POPUP_BUDGET_BYTES = 25_000;
const PAGE_BUDGET_BYTES = 30_000;
const HEAVY = [
  /node_modules\/viem\//,
  /node_modules\/@metamask\//,
  /node_modules\/ox\//,
  /node_modules\/@noble\//,
  /node_modules\/zod\//,
];

const outDir = resolve('.output/chrome-mv3');

describe('production bundle', () => {
  it('was built', () => {
    expect(
      existsSync(resolve(outDir, 'manifest.json')),
      'run `wxt build` first (npm run test:bundle does)',
    ).toBe(true);
  });

  it(`popup's initial load is within ${POPUP_BUDGET_BYTES / 1000} kB gzipped`, () => {
    const popup = initialLoad(outDir, 'popup.html');
    console.info(
      `popup initial load: ${(popup.gzipBytes / 1000).toFixed(1)} kB gzipped in ${popup.files.length} files`,
    );
    expect(popup.gzipBytes).toBeLessThanOrEqual(POPUP_BUDGET_BYTES);
  });

  it("popup.html holds its stylesheets inline (fewer files before the first paint), each the built file's text", () => {
    const html = readFileSync(resolve(outDir, 'popup.html'), 'utf8');
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    const styles = [...html.matchAll(/<style data-inlined="([^"]+)">([^<]*)<\/style>/g)];
    expect(styles.map((m) => m[1])).toEqual([
      expect.stringMatching(/^assets\/popup-.*\.css$/),
      expect.stringMatching(/^assets\/base-.*\.css$/),
    ]);
    for (const [, file, css] of styles)
      expect(css).toBe(readFileSync(resolve(outDir, file as string), 'utf8'));
    // The bundle's count takes the HTML with its styles, and not the files again.
    expect(initialLoad(outDir, 'popup.html').files.some((f) => f.endsWith('.css'))).toBe(false);
  });

  for (const page of ['options.html', 'wallet.html']) {
    it(`${page}'s initial load is within ${PAGE_BUDGET_BYTES / 1000} kB gzipped`, () => {
      const load = initialLoad(outDir, page);
      console.info(
        `${page} initial load: ${(load.gzipBytes / 1000).toFixed(1)} kB gzipped in ${load.files.length} files`,
      );
      expect(load.modules.length).toBeGreaterThan(0);
      expect(load.gzipBytes).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    });
  }

  it('keeps viem, @metamask/providers and zod out of the popup’s initial load', () => {
    const popup = initialLoad(outDir, 'popup.html');
    expect(popup.modules.length).toBeGreaterThan(0);
    const heavy = popup.modules.filter((m) => HEAVY.some((re) => re.test(m)));
    expect(heavy).toEqual([]);
  });

  // The sparkline too: the list's rows draw it once sparks-data.ts (its own chunk) is in.
  it('keeps chart code and the usage view out of the popup’s initial load', () => {
    const popup = initialLoad(outDir, 'popup.html');
    expect(popup.modules.filter((m) => /components\/(charts|usage)\//.test(m))).toEqual([]);
    expect(popup.modules.filter((m) => /lib\/usage\//.test(m))).toEqual([]);
  });

  // zod/mini tree-shakes; classic zod (and the JSON-schema code it drags along) cost the worker
  // ~84 kB parsed on every cold start, loaded or not, so no chunk of any page may hold it.
  it('holds no classic zod and no JSON-schema code in any chunk', () => {
    const report = JSON.parse(readFileSync(reportPathFor(outDir), 'utf8')) as Record<string, ChunkReport>;
    const chunks = Object.entries(report);
    expect(chunks.map(([file]) => file)).toContain('background.js');
    const found = chunks.flatMap(([file, chunk]) =>
      chunk.modules
        .filter((m) => /node_modules\/zod\/v4\/classic\/|json-schema/.test(m))
        .map((m) => `${file}: ${m}`),
    );
    expect(found).toEqual([]);
  });

  // Every browser the manifests admit (Chromium 148+, Firefox 140+) has a native `browser`, where
  // webextension-polyfill only hands that object back: 2.8 kB gzipped of each page's first load and
  // 9.6 kB of the worker's script for nothing (lib/browser.ts).
  it('ships webextension-polyfill in no chunk, page or worker', () => {
    const report = JSON.parse(readFileSync(reportPathFor(outDir), 'utf8')) as Record<string, ChunkReport>;
    const chunks = Object.entries(report);
    expect(chunks.map(([file]) => file)).toContain('background.js');
    const found = chunks.flatMap(([file, chunk]) =>
      chunk.modules.filter((m) => m.includes('webextension-polyfill')).map((m) => `${file}: ${m}`),
    );
    expect(found).toEqual([]);
  });

  it('asks for no host beyond the Venice API, the Venice site and the Base RPC, and ships no test page', () => {
    const manifest = JSON.parse(readFileSync(resolve(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.host_permissions).toEqual([
      'https://api.venice.ai/*',
      'https://venice.ai/*',
      'https://mainnet.base.org/*',
    ]);
    expect(JSON.stringify(manifest)).not.toContain('127.0.0.1');
    expect(existsSync(resolve(outDir, 'harness.html'))).toBe(false);
  });
});
