import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  calibrateIterations,
  decrypt,
  deriveMasterKey,
  encrypt,
  equalBytes,
  importVaultKeys,
  iterationsForTarget,
  KDF_POLICY,
  measureDerivation,
  randomBytes,
} from '@/lib/vault/crypto';

describe('base64', () => {
  it('round-trips every byte value, and large buffers', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    const big = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) % 256);
    const back = base64ToBytes(bytesToBase64(big));
    // Byte for byte, at memcmp speed: toEqual walks 300,000 elements one at a time (~4 s loaded,
    // paid again for every mutant this test covers under Stryker).
    expect(back && Buffer.compare(back, big)).toBe(0);
  });

  it('refuses anything that is not canonical padded base64', () => {
    for (const bad of ['abc', 'ab=c', 'a b=', '!!!!', 'YWJj\n', 'YQ', 'YQ='])
      expect(base64ToBytes(bad)).toBeNull();
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });

  it('refuses a value that is not a string, even one that reads as base64 once made a string', () => {
    expect(base64ToBytes(1234 as unknown as string)).toBeNull();
  });
});

describe('equalBytes', () => {
  it('is false for arrays of different lengths, even when the longer one only adds zeros', () => {
    expect(equalBytes(new Uint8Array([1, 0]), new Uint8Array([1]))).toBe(false);
    expect(equalBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  });
});

describe('the working keys', () => {
  it('cannot be exported from WebCrypto, either of them', async () => {
    const keys = await importVaultKeys(randomBytes(32));
    expect(keys.encryption.extractable).toBe(false);
    expect(keys.check.extractable).toBe(false);
  });

  it('decrypt gives null, not an error, for a ciphertext sealed under other keys', async () => {
    const header = new TextEncoder().encode('header');
    const sealed = await encrypt(await importVaultKeys(randomBytes(32)), randomBytes(8), header);
    const other = await importVaultKeys(randomBytes(32));
    expect(await decrypt(other, sealed.iv, sealed.ciphertext, header)).toBeNull();
  });
});

describe('deriveMasterKey', () => {
  it('is deterministic for the same inputs and differs when any input differs', async () => {
    const salt = randomBytes(16);
    const a = await deriveMasterKey('correct horse battery staple', salt, 2_000);
    expect(a).toHaveLength(32);
    expect(await deriveMasterKey('correct horse battery staple', salt, 2_000)).toEqual(a);
    expect(await deriveMasterKey('correct horse battery staplE', salt, 2_000)).not.toEqual(a);
    expect(await deriveMasterKey('correct horse battery staple', randomBytes(16), 2_000)).not.toEqual(a);
    expect(await deriveMasterKey('correct horse battery staple', salt, 2_001)).not.toEqual(a);
  });

  it('treats composed and decomposed accents as the same passphrase', async () => {
    const salt = randomBytes(16);
    const composed = await deriveMasterKey('caf\u00e9 au lait, s\u2019il vous pla\u00eet', salt, 1_000);
    const decomposed = await deriveMasterKey('cafe\u0301 au lait, s\u2019il vous plai\u0302t', salt, 1_000);
    expect(decomposed).toEqual(composed);
  });
});

describe('calibration', () => {
  const policy = { minIterations: 900_000, maxIterations: 5_000_000, targetMs: 300 };

  it('scales the probe to the target time', () => {
    // 100k iterations in 20 ms → 5k/ms → 1.5M for 300 ms.
    expect(iterationsForTarget(100_000, 20, policy)).toBe(1_500_000);
  });

  it('never goes below the floor on a slow machine', () => {
    // 100k in 100 ms → 300k for 300 ms: far below the floor.
    expect(iterationsForTarget(100_000, 100, policy)).toBe(900_000);
    expect(iterationsForTarget(100_000, 10_000, policy)).toBe(900_000);
  });

  it('never goes above the ceiling on a fast machine, nor on a nonsense measurement', () => {
    expect(iterationsForTarget(100_000, 0.5, policy)).toBe(5_000_000);
    expect(iterationsForTarget(100_000, 0, policy)).toBe(5_000_000);
    expect(iterationsForTarget(100_000, Number.NaN, policy)).toBe(5_000_000);
    expect(iterationsForTarget(100_000, -20, policy)).toBe(5_000_000);
    expect(iterationsForTarget(100_000, Number.POSITIVE_INFINITY, policy)).toBe(5_000_000);
    // A zero target with a zero probe is 0 × ∞: still the ceiling, never NaN.
    expect(iterationsForTarget(100_000, 0, { ...policy, targetMs: 0 })).toBe(5_000_000);
  });

  it('measures a derivation as the time it took, within the time around the call', async () => {
    const before = performance.now();
    const measured = await measureDerivation(1_000);
    const around = performance.now() - before;
    expect(measured).toBeGreaterThanOrEqual(0);
    expect(measured).toBeLessThanOrEqual(around);
  });

  it('uses the faster of two probes (the first may pay for warm-up)', async () => {
    const times = [90, 25];
    const probes: number[] = [];
    const chosen = await calibrateIterations({
      policy,
      probeIterations: 100_000,
      measure: async (n) => {
        probes.push(n);
        return times.shift() ?? 1000;
      },
    });
    expect(probes).toEqual([100_000, 100_000]);
    expect(chosen).toBe(1_200_000);
  });

  it('on this machine, with real PBKDF2, picks a count within the policy', async () => {
    const chosen = await calibrateIterations();
    expect(chosen).toBeGreaterThanOrEqual(KDF_POLICY.minIterations);
    expect(chosen).toBeLessThanOrEqual(KDF_POLICY.maxIterations);
    expect(KDF_POLICY.minIterations).toBe(900_000);
  });
});
