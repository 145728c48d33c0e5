import { describe, expect, it } from 'vitest';
import { estimatePassphrase, MIN_PASSPHRASE_LENGTH } from '@/lib/vault/strength';

describe('passphrase strength', () => {
  const refused: [string, RegExp][] = [
    ['', /Type a passphrase/],
    ['Tr0ub4dor&3', /at least 12 characters \(this one has 11\)/],
    ['aaaaaaaaaaaaaaaa', /same few characters/],
    ['abababababababab', /same few characters/],
    ['password1234', /well-known password \(“password”\)/],
    ['Qwerty123456!', /well-known password|predictable/],
    ['abcdefghijklmnop', /predictable/],
    ['hellohello12', /predictable/],
    ['123456789012', /predictable|same few/],
  ];
  for (const [passphrase, reason] of refused) {
    it(`refuses ${JSON.stringify(passphrase)} with a reason`, () => {
      const s = estimatePassphrase(passphrase);
      expect(s.acceptable).toBe(false);
      expect(s.score).toBe(0);
      expect(s.label).toBe('Too weak');
      expect(s.reason).toMatch(reason);
    });
  }

  const accepted: [string, number][] = [
    ['correct horse battery staple', 3],
    ['plum-orbit-canyon-47-velvet', 3],
    ['Gx7#pL2vQ9!m', 2],
    ['mqzvkwtrbyne', 1],
  ];
  for (const [passphrase, score] of accepted) {
    it(`accepts ${JSON.stringify(passphrase)} (score ${score})`, () => {
      const s = estimatePassphrase(passphrase);
      expect(s.acceptable).toBe(true);
      expect(s.score).toBe(score);
    });
  }

  it('counts characters, not UTF-16 units, and normalises accents', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
    const emoji = '🔑🦊🌊🎻🚲🍋🧭🪐🛶🎲🧩';
    expect(estimatePassphrase(emoji).reason).toMatch(/this one has 11/);
    expect(estimatePassphrase('cafe\u0301 au lait s\u2019il').bits).toBe(
      estimatePassphrase('caf\u00e9 au lait s\u2019il').bits,
    );
  });

  it('adding random characters never lowers the estimate', () => {
    const random = 'k3Vq9xLm2Rt7Wp4Zs8NbHc6Jd';
    let last = 0;
    for (let n = 1; n <= random.length; n++) {
      const bits = estimatePassphrase(random.slice(0, n)).bits;
      expect(bits).toBeGreaterThanOrEqual(last);
      last = bits;
    }
    expect(last).toBeGreaterThan(100);
  });
});
