/**
 * The stored vault record: its shape, how it is sealed, and how it is opened.
 *
 *   { version, kdf: { name, hash, iterations, salt }, check, iv, ciphertext, checksum }
 *
 * all binary fields base64. The record carries its own KDF parameters, so they can be raised
 * later without locking anyone out (older records open, and are re-sealed on unlock).
 *
 * Telling a wrong passphrase from damaged data, honestly:
 * - `checksum` is an unkeyed SHA-256 over every other field. It needs no passphrase, so it is
 *   checked first: truncation, bit rot and any edit that did not recompute it are reported as
 *   damage before a passphrase is even tried. It is not a security control (anyone who can
 *   edit the record can recompute it); it only lets us name the failure correctly.
 * - `check` is an HMAC of a fixed message under a key derived from the passphrase (HKDF from
 *   the PBKDF2 output, separate from the encryption key). If it does not match, the derived
 *   key is wrong: "Wrong passphrase". It adds nothing to an attacker's offline guessing that
 *   the AES-GCM tag would not already give them, and each guess still costs a full PBKDF2.
 * - The content is AES-GCM with the header (version, KDF parameters, check) as additional
 *   data. If the key check passed but authentication fails, the key is right and the data
 *   is not: damaged.
 * - The decrypted JSON is validated against its zod schema (through a plain check the schema's
 *   property tests pin down); anything unexpected is damage, never a crash.
 * The one case no design can tell apart: someone deliberately alters the salt, the iteration
 * count or the check value *and* recomputes the checksum. Without the passphrase that is
 * indistinguishable from a wrong passphrase, and it is reported as one. Content can never be
 * forged or silently altered either way.
 */

import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import {
  base64ToBytes,
  bytesToBase64,
  CHECK_BYTES,
  computeKeyCheck,
  decrypt,
  deriveMasterKey,
  encrypt,
  equalBytes,
  IV_BYTES,
  importVaultKeys,
  KDF_POLICY,
  type KdfPolicy,
  MAX_ACCEPTED_ITERATIONS,
  MIN_ACCEPTED_ITERATIONS,
  randomBytes,
  SALT_BYTES,
  sha256,
} from './crypto';
import { VaultDamagedError, WrongPassphraseError } from './errors';

export const VAULT_RECORD_VERSION = 1;
/** Salts shorter than this were never written by this extension; we accept them but re-seal. */
const MIN_ACCEPTED_SALT_BYTES = 8;
const AES_GCM_TAG_BYTES = 16;

// ---- the decrypted content ----

export const storedKeyEntrySchema = lazy(() =>
  z.object({
    entryId: z.string().check(z.minLength(1), z.maxLength(64)),
    label: z.string().check(z.maxLength(200)),
    secret: z.string().check(z.minLength(1), z.maxLength(512), z.regex(/^\S+$/)),
    type: z.enum(['ADMIN', 'INFERENCE']),
    source: z.enum(['pasted', 'created', 'minted', 'imported']),
    addedAt: z.string().check(z.minLength(1), z.maxLength(64)),
    veniceKeyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(128))),
    verified: z.boolean(),
  }),
);
export type StoredKeyEntry = z.infer<ReturnType<typeof storedKeyEntrySchema>>;

export const vaultContentSchema = lazy(() =>
  z.object({
    version: z.literal(1),
    entries: z.array(storedKeyEntrySchema()).check(z.maxLength(5000)),
  }),
);
export type VaultContent = z.infer<ReturnType<typeof vaultContentSchema>>;

export const EMPTY_CONTENT: VaultContent = { version: 1, entries: [] };

// ---- the record ----

const base64Field = lazy(() => z.string().check(z.maxLength(8_000_000)));

export const vaultRecordSchema = lazy(() =>
  z.object({
    version: z.number().check(z.int()),
    kdf: z.object({
      name: z.literal('PBKDF2'),
      hash: z.literal('SHA-256'),
      iterations: z.number().check(z.int()),
      salt: base64Field(),
    }),
    check: base64Field(),
    iv: base64Field(),
    ciphertext: base64Field(),
    checksum: base64Field(),
  }),
);
export type VaultRecord = z.infer<ReturnType<typeof vaultRecordSchema>>;

// ---- plain checks: what the schemas accept, without building zod ----
// Every vault operation reads the record and the content; a cold worker answers its first
// request sooner when they pass these instead of zod (`npm run bench`). The schemas stay the
// rule: when a check declines, zod decides and names the field, and property tests pin each
// check to its schema in both directions (test/unit/vault/plain-checks.test.ts).

type Loose<T> = { [K in keyof T]?: unknown };
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const BASE64_MAX = 8_000_000;
const KEY_TYPES: readonly unknown[] = ['ADMIN', 'INFERENCE'];
const KEY_SOURCES: readonly unknown[] = ['pasted', 'created', 'minted', 'imported'];

function entryIfPlainlyValid(v: unknown): StoredKeyEntry | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Loose<StoredKeyEntry>;
  if (
    !isText(e.entryId, 1, 64) ||
    !isText(e.label, 0, 200) ||
    !isText(e.secret, 1, 512) ||
    !/^\S+$/.test(e.secret) ||
    !KEY_TYPES.includes(e.type) ||
    !KEY_SOURCES.includes(e.source) ||
    !isText(e.addedAt, 1, 64) ||
    !(e.veniceKeyId === null || isText(e.veniceKeyId, 1, 128)) ||
    typeof e.verified !== 'boolean'
  )
    return null;
  return {
    entryId: e.entryId,
    label: e.label,
    secret: e.secret,
    type: e.type as StoredKeyEntry['type'],
    source: e.source as StoredKeyEntry['source'],
    addedAt: e.addedAt,
    veniceKeyId: e.veniceKeyId,
    verified: e.verified,
  };
}

/** The decrypted content as `vaultContentSchema` would return it, when it plainly passes; else null. */
export function contentIfPlainlyValid(v: unknown): VaultContent | null {
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Loose<VaultContent>;
  if (c.version !== 1 || !Array.isArray(c.entries) || c.entries.length > 5000) return null;
  const entries: StoredKeyEntry[] = [];
  for (const raw of c.entries) {
    const entry = entryIfPlainlyValid(raw);
    if (!entry) return null;
    entries.push(entry);
  }
  return { version: 1, entries };
}

/** The stored record as `vaultRecordSchema` would return it, when it plainly passes; else null. */
export function recordIfPlainlyValid(v: unknown): VaultRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Loose<VaultRecord>;
  const kdf = r.kdf as Loose<VaultRecord['kdf']> | null | undefined;
  if (
    !Number.isSafeInteger(r.version) ||
    typeof kdf !== 'object' ||
    kdf === null ||
    kdf.name !== 'PBKDF2' ||
    kdf.hash !== 'SHA-256' ||
    !Number.isSafeInteger(kdf.iterations) ||
    !isText(kdf.salt, 0, BASE64_MAX) ||
    !isText(r.check, 0, BASE64_MAX) ||
    !isText(r.iv, 0, BASE64_MAX) ||
    !isText(r.ciphertext, 0, BASE64_MAX) ||
    !isText(r.checksum, 0, BASE64_MAX)
  )
    return null;
  return {
    version: r.version as number,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations as number, salt: kdf.salt },
    check: r.check,
    iv: r.iv,
    ciphertext: r.ciphertext,
    checksum: r.checksum,
  };
}

/** The record's binary fields, decoded and checked. */
export interface ParsedRecord {
  record: VaultRecord;
  salt: Uint8Array<ArrayBuffer>;
  check: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
}

// Built on first use, as in ./crypto.ts: not every cold start reads or writes the record.
const encoder = lazy(() => new TextEncoder());
const decoder = lazy(() => new TextDecoder('utf-8', { fatal: true }));

function headerBytes(r: Pick<VaultRecord, 'version' | 'kdf' | 'check'>): Uint8Array<ArrayBuffer> {
  return encoder().encode(
    JSON.stringify([
      'venice-key-companion/vault',
      r.version,
      r.kdf.name,
      r.kdf.hash,
      r.kdf.iterations,
      r.kdf.salt,
      r.check,
    ]),
  );
}

async function checksumOf(r: Omit<VaultRecord, 'checksum'>): Promise<string> {
  const canonical = JSON.stringify([
    r.version,
    r.kdf.name,
    r.kdf.hash,
    r.kdf.iterations,
    r.kdf.salt,
    r.check,
    r.iv,
    r.ciphertext,
  ]);
  return bytesToBase64(await sha256(encoder().encode(canonical)));
}

/** zod's verdict on a record the plain check declined: the record, or the error naming the field. */
function shapeRecord(raw: unknown): VaultRecord {
  const shaped = vaultRecordSchema().safeParse(raw);
  if (shaped.success) return shaped.data;
  const issue = shaped.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the record';
  throw new VaultDamagedError(`${where} is missing or malformed`);
}

/**
 * Everything that can be checked without the passphrase: shape, encodings, lengths, sane
 * parameters, the checksum. Throws VaultDamagedError naming what is wrong.
 */
export async function parseVaultRecord(raw: unknown): Promise<ParsedRecord> {
  const record = recordIfPlainlyValid(raw) ?? shapeRecord(raw);
  if (record.version > VAULT_RECORD_VERSION)
    throw new VaultDamagedError('it was written by a newer version of this extension');
  if (record.version < 1) throw new VaultDamagedError('unknown record version');
  const { iterations } = record.kdf;
  if (iterations < MIN_ACCEPTED_ITERATIONS || iterations > MAX_ACCEPTED_ITERATIONS)
    throw new VaultDamagedError('the key-derivation parameters are out of range');
  const salt = base64ToBytes(record.kdf.salt);
  const check = base64ToBytes(record.check);
  const iv = base64ToBytes(record.iv);
  const ciphertext = base64ToBytes(record.ciphertext);
  const checksum = base64ToBytes(record.checksum);
  if (!salt || salt.length < MIN_ACCEPTED_SALT_BYTES) throw new VaultDamagedError('the salt is malformed');
  if (check?.length !== CHECK_BYTES) throw new VaultDamagedError('the key check is malformed');
  if (iv?.length !== IV_BYTES) throw new VaultDamagedError('the IV is malformed');
  if (!ciphertext || ciphertext.length < AES_GCM_TAG_BYTES)
    throw new VaultDamagedError('the encrypted data is truncated');
  if (checksum?.length !== 32) throw new VaultDamagedError('the checksum is malformed');
  if ((await checksumOf(record)) !== record.checksum)
    throw new VaultDamagedError('its checksum does not match');
  return { record, salt, check, iv, ciphertext };
}

/** Whether a record should be re-sealed with current parameters at the next unlock. */
export function needsUpgrade(parsed: ParsedRecord, policy: KdfPolicy = KDF_POLICY): boolean {
  return (
    parsed.record.version < VAULT_RECORD_VERSION ||
    parsed.record.kdf.iterations < policy.minIterations ||
    parsed.salt.length < SALT_BYTES
  );
}

/** Fresh KDF parameters for a new vault or a new passphrase. */
export function newKdfParams(iterations: number): VaultRecord['kdf'] {
  return { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToBase64(randomBytes(SALT_BYTES)) };
}

/** Encrypts the content under the master key, with a fresh IV. */
export function sealVault(
  master: Uint8Array<ArrayBuffer>,
  kdf: VaultRecord['kdf'],
  content: VaultContent,
): Promise<VaultRecord> {
  return sealBytes(master, kdf, encoder().encode(JSON.stringify(vaultContentSchema().parse(content))));
}

/** The record for any plaintext (sealVault's core; tests use it to seal content we would never write). */
export async function sealBytes(
  master: Uint8Array<ArrayBuffer>,
  kdf: VaultRecord['kdf'],
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<VaultRecord> {
  const keys = await importVaultKeys(master);
  const check = bytesToBase64(await computeKeyCheck(keys));
  const header = { version: VAULT_RECORD_VERSION, kdf, check };
  const { iv, ciphertext } = await encrypt(keys, plaintext, headerBytes(header));
  const unsummed = { ...header, iv: bytesToBase64(iv), ciphertext: bytesToBase64(ciphertext) };
  return { ...unsummed, checksum: await checksumOf(unsummed) };
}

/** The unkeyed checksum of a record's other fields (tests recompute it after deliberate edits). */
export function recordChecksum(record: Omit<VaultRecord, 'checksum'>): Promise<string> {
  return checksumOf(record);
}

/**
 * Decrypts a parsed record with a master key. WrongPassphraseError when the key check does
 * not match; VaultDamagedError when the key is right but the data is not.
 */
export async function openVault(
  parsed: ParsedRecord,
  master: Uint8Array<ArrayBuffer>,
): Promise<VaultContent> {
  const keys = await importVaultKeys(master);
  if (!equalBytes(await computeKeyCheck(keys), parsed.check)) throw new WrongPassphraseError();
  const plain = await decrypt(keys, parsed.iv, parsed.ciphertext, headerBytes(parsed.record));
  if (!plain) throw new VaultDamagedError('the encrypted data failed its integrity check');
  let json: unknown;
  try {
    json = JSON.parse(decoder().decode(plain));
  } catch (cause) {
    throw new VaultDamagedError('the decrypted data is not readable', { cause });
  }
  const quick = contentIfPlainlyValid(json);
  if (quick) return quick;
  const content = vaultContentSchema().safeParse(json);
  if (!content.success) throw new VaultDamagedError('the decrypted data has an unexpected shape');
  return content.data;
}

/** Derives the master key from a passphrase with the record's own parameters. */
export function deriveForRecord(parsed: ParsedRecord, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  return deriveMasterKey(passphrase, parsed.salt, parsed.record.kdf.iterations);
}
