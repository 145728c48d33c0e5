import { describe, expect, it } from 'vitest';
import { loadDictionaryEstimate } from '@/lib/vault/dictionary-strength';
import { estimatePassphrase } from '@/lib/vault/strength';

describe('the dictionary-aware passphrase estimate (zxcvbn-ts, common + English)', () => {
  it('refuses a dictionary word with a year and symbols, which counting character classes lets through', async () => {
    // The quick estimate alone: ~79 bits, accepted. This is why the dictionaries are there.
    expect(estimatePassphrase('Summer2024!!').acceptable).toBe(true);
    const estimate = await loadDictionaryEstimate();
    for (const weak of ['Summer2024!!', 'Winter2023!!', 'Password123!', 'iloveyou2024', 'Monkey12345!']) {
      const s = estimate(weak);
      expect(s.acceptable, weak).toBe(false);
      expect(s.label).toBe('Too weak');
      expect(s.bits, weak).toBeLessThan(40);
      expect(s.reason, weak).toMatch(/\w/);
    }
  });

  it('accepts random and many-word passphrases, and never loosens the quick estimate', async () => {
    const estimate = await loadDictionaryEstimate();
    for (const good of ['plum-orbit-canyon-47-velvet', 'velvet canyon orbit plum', 'fkd83jd72hs9']) {
      expect(estimate(good).acceptable, good).toBe(true);
      expect(estimate(good).bits).toBeLessThanOrEqual(estimatePassphrase(good).bits);
    }
    // What the quick estimate refuses stays refused, with its reason.
    expect(estimate('Tr0ub4dor&3').reason).toMatch(/at least 12 characters/);
    expect(estimate('aaaaaaaaaaaaaaaa').acceptable).toBe(false);
  });

  it('loads once', async () => {
    expect(await loadDictionaryEstimate()).toBe(await loadDictionaryEstimate());
  });
});
