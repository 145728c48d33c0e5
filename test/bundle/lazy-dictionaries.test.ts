import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialLoad } from '../support/bundle';

const outDir = resolve('.output/chrome-mv3');

describe('the passphrase dictionaries (zxcvbn-ts) load only when a passphrase is chosen', () => {
  for (const page of ['popup.html', 'options.html', 'wallet.html']) {
    it(`are not in ${page}'s initial load`, () => {
      const load = initialLoad(outDir, page);
      expect(load.modules.length).toBeGreaterThan(0);
      expect(load.modules.filter((m) => /@zxcvbn-ts\//.test(m))).toEqual([]);
    });
  }
});
