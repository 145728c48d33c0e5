import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialLoad } from '../support/bundle';

/** DESIGN.md budget for the options page and the wallet window's initial JS + CSS, gzipped. */
const PAGE_BUDGET_BYTES = 30_000;
const outDir = resolve('.output/chrome-mv3');

describe('the passphrase dictionaries (zxcvbn-ts) load only when a passphrase is chosen', () => {
  for (const page of ['popup.html', 'options.html', 'wallet.html']) {
    it(`are not in ${page}'s initial load`, () => {
      const load = initialLoad(outDir, page);
      expect(load.modules.length).toBeGreaterThan(0);
      expect(load.modules.filter((m) => /@zxcvbn-ts\//.test(m))).toEqual([]);
    });
  }

  for (const page of ['options.html', 'wallet.html']) {
    it(`${page}'s initial load stays within ${PAGE_BUDGET_BYTES / 1000} kB gzipped`, () => {
      const load = initialLoad(outDir, page);
      console.info(`${page} initial load: ${(load.gzipBytes / 1000).toFixed(1)} kB gzipped`);
      expect(load.gzipBytes).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    });
  }
});
