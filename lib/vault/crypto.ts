/**
 * The vault's cryptography, on WebCrypto alone (the browser's, or Node's `globalThis.crypto`
 * in unit tests). No storage, no zod, no browser APIs: bytes in, bytes out.
 *
 * Key schedule:
 *   passphrase ──PBKDF2-SHA256(salt, iterations)──▶ 256-bit master key (the slow step)
 *   master ──HKDF-SHA256 "…/aes-gcm"──▶ AES-GCM-256 key   (encrypts the content)
 *   master ──HKDF-SHA256 "…/check"────▶ HMAC-SHA256 key   (computes the key check value)
 *
 * Only the master key's raw bytes ever leave this module (to `storage.session`, so a
 * stopped service worker does not lock the vault); the two working keys are imported
 * non-extractable each time they are needed.
 */

import { lazy } from '@/lib/lazy';

// Built on first use: a worker's first TextEncoder costs ~0.6 ms, which a cold start that only
// answers `status` need not pay (scripts/worker-ab.ts, docs/measurements.md).
const encoder = lazy(() => new TextEncoder());

/** Limits on the PBKDF2 work factor. */
export interface KdfPolicy {
  /** Never fewer (MetaMask's current default; OWASP asks 600,000 for PBKDF2-SHA256). */
  minIterations: number;
  /** Calibration never goes above this, however fast the machine. */
  maxIterations: number;
  /** The unlock time calibration aims at on the user's machine. */
  targetMs: number;
}

export const KDF_POLICY: KdfPolicy = { minIterations: 900_000, maxIterations: 5_000_000, targetMs: 300 };

/** Records claiming more work than this are refused as damaged (they would hang the unlock). */
export const MAX_ACCEPTED_ITERATIONS = 10_000_000;
/** Older, weaker records may have as little as this; they open and are upgraded. */
export const MIN_ACCEPTED_ITERATIONS = 1_000;

export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const MASTER_KEY_BYTES = 32;
export const CHECK_BYTES = 32;

const HKDF_INFO_ENCRYPTION = 'venice-key-companion/vault/v1/aes-gcm';
const HKDF_INFO_CHECK = 'venice-key-companion/vault/v1/check';
const CHECK_MESSAGE = 'venice-key-companion/vault/v1/key-check';

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

// ---- base64 (standard alphabet, padded), chunked so large vaults do not overflow the stack ----

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  // Stryker disable next-line EqualityOperator: `<=` adds one pass over an empty slice, adding ''
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict: anything that is not canonical padded base64 gives null. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (typeof text !== 'string' || !BASE64.test(text)) return null;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  // Stryker disable next-line EqualityOperator: `<=` writes one index past the end, which a typed array ignores
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Normalised so the same passphrase typed through a different input method (composed vs
 * decomposed accents) derives the same key.
 */
export function passphraseBytes(passphrase: string): Uint8Array<ArrayBuffer> {
  return encoder().encode(passphrase.normalize('NFC'));
}

/** The slow step: PBKDF2-SHA256 → 256 raw bits. */
export async function deriveMasterKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', passphraseBytes(passphrase), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    MASTER_KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export interface VaultKeys {
  encryption: CryptoKey;
  check: CryptoKey;
}

/** The working keys, imported non-extractable from the master key. */
export async function importVaultKeys(master: Uint8Array<ArrayBuffer>): Promise<VaultKeys> {
  const hkdf = await crypto.subtle.importKey('raw', master, 'HKDF', false, ['deriveKey']);
  const salt = new Uint8Array(0);
  const [encryption, check] = await Promise.all([
    crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt, info: encoder().encode(HKDF_INFO_ENCRYPTION) },
      hkdf,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    ),
    crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt, info: encoder().encode(HKDF_INFO_CHECK) },
      hkdf,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    ),
  ]);
  return { encryption, check };
}

/** HMAC of a fixed message: proves a key is the right one without decrypting anything. */
export async function computeKeyCheck(keys: VaultKeys): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', keys.check, encoder().encode(CHECK_MESSAGE)));
}

export async function encrypt(
  keys: VaultKeys,
  plaintext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<{ iv: Uint8Array<ArrayBuffer>; ciphertext: Uint8Array<ArrayBuffer> }> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData, tagLength: 128 },
    keys.encryption,
    plaintext,
  );
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/** Null when AES-GCM's authentication fails (the ciphertext, IV or header was altered). */
export async function decrypt(
  keys: VaultKeys,
  iv: Uint8Array<ArrayBuffer>,
  ciphertext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData, tagLength: 128 },
      keys.encryption,
      ciphertext,
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** Compares without an early exit (no timing oracle here, but no reason to build one). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  // Stryker disable next-line EqualityOperator: `<=` adds 0 ^ 0 past the end (lengths are equal here)
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

// ---- calibration ----

/**
 * The iteration count that makes one derivation take about `policy.targetMs`, given that
 * `probeIterations` took `probeMs` here. Clamped to the policy; rounded to 10,000.
 */
export function iterationsForTarget(probeIterations: number, probeMs: number, policy: KdfPolicy): number {
  const perMs =
    probeMs > 0 && Number.isFinite(probeMs) ? probeIterations / probeMs : Number.POSITIVE_INFINITY;
  const wanted = Math.round((perMs * policy.targetMs) / 10_000) * 10_000;
  if (!Number.isFinite(wanted)) return policy.maxIterations;
  return Math.min(policy.maxIterations, Math.max(policy.minIterations, wanted));
}

/** Times one PBKDF2 derivation of `iterations` on this machine, in ms. */
export async function measureDerivation(iterations: number): Promise<number> {
  const started = performance.now();
  // Stryker disable next-line StringLiteral: any passphrase takes the same time to derive
  await deriveMasterKey('calibration', randomBytes(SALT_BYTES), iterations);
  return performance.now() - started;
}

export interface CalibrationOptions {
  policy?: KdfPolicy;
  /** Injected by tests; defaults to a real PBKDF2 run. */
  measure?: (iterations: number) => Promise<number>;
  probeIterations?: number;
}

/**
 * Chooses the iteration count for a new vault: two short probes (the faster one counts, as
 * the first may pay for warm-up), scaled to the target time, never below the floor.
 */
export async function calibrateIterations(options: CalibrationOptions = {}): Promise<number> {
  const policy = options.policy ?? KDF_POLICY;
  const measure = options.measure ?? measureDerivation;
  const probe = options.probeIterations ?? 100_000;
  const first = await measure(probe);
  const second = await measure(probe);
  return iterationsForTarget(probe, Math.min(first, second), policy);
}
