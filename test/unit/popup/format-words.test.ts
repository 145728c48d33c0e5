/**
 * A value Venice sends that happens to name a property every object has ("toString",
 * "constructor") is shown as sent, never as what the word tables inherit (fast-check found
 * "toString" as a key's model privacy rendering a function).
 */
import { describe, expect, it } from 'vitest';
import { breachTypeWords, periodWord, privacyWords } from '@/entrypoints/popup/format';

describe('word tables and inherited names', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('%s is shown as sent', (name) => {
    expect(privacyWords(name)).toBe(`privacy: ${name}`);
    expect(periodWord(name)).toBe(`period: ${name}`);
    expect(breachTypeWords(name)).toBe(name);
  });

  it('the known values keep their words', () => {
    expect(privacyWords('PRIVATE_ONLY')).toBe('Private models only');
    expect(periodWord('MONTH')).toBe('monthly');
    expect(breachTypeWords('TPM')).toBe('Tokens per minute');
  });
});
