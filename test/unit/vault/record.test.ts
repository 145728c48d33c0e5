import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, deriveMasterKey } from '@/lib/vault/crypto';
import { VaultDamagedError, WrongPassphraseError } from '@/lib/vault/errors';
import {
  deriveForRecord,
  needsUpgrade,
  newKdfParams,
  openVault,
  parseVaultRecord,
  recordChecksum,
  sealBytes,
  sealVault,
  type VaultContent,
  type VaultRecord,
} from '@/lib/vault/record';

const PASSPHRASE = 'amber-lantern-quietly-94-orbit';
const SECRET = `VENICE_ADMIN_KEY_${'x'.repeat(10)}${Math.random().toString(36).slice(2)}`;
const CONTENT: VaultContent = {
  version: 1,
  entries: [
    {
      entryId: 'e1',
      label: 'Main admin',
      secret: SECRET,
      type: 'ADMIN',
      source: 'pasted',
      addedAt: '2026-01-01T00:00:00.000Z',
      veniceKeyId: null,
      verified: true,
    },
  ],
};

async function sealWith(passphrase: string, iterations = 2_000, content: VaultContent = CONTENT) {
  const kdf = newKdfParams(iterations);
  const master = await deriveMasterKey(passphrase, base64ToBytes(kdf.salt)!, iterations);
  return sealVault(master, kdf, content);
}

async function open(record: unknown, passphrase: string): Promise<VaultContent> {
  const parsed = await parseVaultRecord(record);
  return openVault(parsed, await deriveForRecord(parsed, passphrase));
}

/** Flips one bit in the middle of a base64 field, keeping it valid base64 of the same length. */
function flipBit(b64: string): string {
  const bytes = base64ToBytes(b64)!;
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytesToBase64(bytes);
}

async function resum(record: VaultRecord): Promise<VaultRecord> {
  const { checksum: _drop, ...rest } = record;
  return { ...rest, checksum: await recordChecksum(rest) };
}

describe('vault record', () => {
  it('uses a fresh IV for every write with the same key', async () => {
    const kdf = newKdfParams(1_000);
    const master = await deriveMasterKey(PASSPHRASE, base64ToBytes(kdf.salt)!, 1_000);
    const a = await sealVault(master, kdf, CONTENT);
    const b = await sealVault(master, kdf, CONTENT);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.check).toBe(b.check);
  });

  it('uses a fresh salt for every new vault', () => {
    expect(newKdfParams(1_000).salt).not.toBe(newKdfParams(1_000).salt);
  });

  it('says "Wrong passphrase" and nothing more for a wrong passphrase', async () => {
    const record = await sealWith(PASSPHRASE);
    const failure = open(record, 'amber-lantern-quietly-94-orbiT');
    await expect(failure).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(failure).rejects.toMatchObject({
      code: 'vault.wrong_passphrase',
      message: 'Wrong passphrase',
    });
  });

  describe('tampering with each field is reported as damage, not as a wrong passphrase', () => {
    const edits: [string, (r: VaultRecord) => unknown][] = [
      ['version (newer)', (r) => ({ ...r, version: 2 })],
      ['version (zero)', (r) => ({ ...r, version: 0 })],
      ['version (missing)', ({ version: _v, ...r }) => r],
      ['kdf.name', (r) => ({ ...r, kdf: { ...r.kdf, name: 'scrypt' } })],
      ['kdf.hash', (r) => ({ ...r, kdf: { ...r.kdf, hash: 'SHA-1' } })],
      ['kdf.iterations (changed)', (r) => ({ ...r, kdf: { ...r.kdf, iterations: r.kdf.iterations + 1 } })],
      ['kdf.iterations (absurd)', (r) => ({ ...r, kdf: { ...r.kdf, iterations: 2 ** 40 } })],
      ['kdf.iterations (text)', (r) => ({ ...r, kdf: { ...r.kdf, iterations: '2000' } })],
      ['kdf.salt (bit flip)', (r) => ({ ...r, kdf: { ...r.kdf, salt: flipBit(r.kdf.salt) } })],
      ['kdf.salt (not base64)', (r) => ({ ...r, kdf: { ...r.kdf, salt: '***' } })],
      ['kdf (missing)', ({ kdf: _k, ...r }) => r],
      ['check (bit flip)', (r) => ({ ...r, check: flipBit(r.check) })],
      ['check (short)', (r) => ({ ...r, check: r.check.slice(0, 20) })],
      ['iv (bit flip)', (r) => ({ ...r, iv: flipBit(r.iv) })],
      ['iv (wrong length)', (r) => ({ ...r, iv: bytesToBase64(new Uint8Array(16)) })],
      ['ciphertext (bit flip)', (r) => ({ ...r, ciphertext: flipBit(r.ciphertext) })],
      ['ciphertext (truncated)', (r) => ({ ...r, ciphertext: r.ciphertext.slice(0, 16) })],
      ['ciphertext (empty)', (r) => ({ ...r, ciphertext: '' })],
      ['checksum (bit flip)', (r) => ({ ...r, checksum: flipBit(r.checksum) })],
      ['checksum (missing)', ({ checksum: _c, ...r }) => r],
      ['not an object', () => 'garbage'],
      ['null', () => null],
      ['an array', () => []],
      ['truncated (only the first fields survived)', (r) => ({ version: r.version, kdf: r.kdf })],
    ];
    for (const [field, edit] of edits) {
      it(field, async () => {
        const record = await sealWith(PASSPHRASE);
        await expect(open(edit(record), PASSPHRASE)).rejects.toBeInstanceOf(VaultDamagedError);
      });
    }
  });

  it('with the checksum recomputed, an altered IV or ciphertext still fails as damage (AES-GCM)', async () => {
    const record = await sealWith(PASSPHRASE);
    for (const edited of [
      { ...record, iv: flipBit(record.iv) },
      { ...record, ciphertext: flipBit(record.ciphertext) },
    ]) {
      const failure = open(await resum(edited), PASSPHRASE);
      await expect(failure).rejects.toBeInstanceOf(VaultDamagedError);
      await expect(failure).rejects.toMatchObject({ code: 'vault.damaged' });
    }
  });

  it('with the checksum recomputed, an altered salt reads as a wrong passphrase (the documented limit)', async () => {
    const record = await sealWith(PASSPHRASE);
    const edited = await resum({ ...record, kdf: { ...record.kdf, salt: flipBit(record.kdf.salt) } });
    await expect(open(edited, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('validates the decrypted content with zod: right key, unexpected shape → damaged', async () => {
    const kdf = newKdfParams(1_000);
    const master = await deriveMasterKey(PASSPHRASE, base64ToBytes(kdf.salt)!, 1_000);
    const encoder = new TextEncoder();
    const shapes = [
      { version: 1, entries: [{ ...CONTENT.entries[0], secret: 42 }] },
      { version: 1, entries: [{ ...CONTENT.entries[0], type: 'SUPERUSER' }] },
      { version: 1, entries: [{ ...CONTENT.entries[0], secret: 'has spaces in it' }] },
      { version: 2, entries: [] },
      { entries: [] },
      [],
    ];
    for (const shape of shapes) {
      const record = await sealBytes(master, kdf, encoder.encode(JSON.stringify(shape)));
      const parsed = await parseVaultRecord(record);
      await expect(openVault(parsed, master)).rejects.toThrow(/unexpected shape/);
    }
    const notJson = await sealBytes(master, kdf, encoder.encode('{"version":1,'));
    await expect(openVault(await parseVaultRecord(notJson), master)).rejects.toThrow(/not readable/);
  });

  it('flags weaker records for an upgrade: few iterations or a short salt', async () => {
    const policy = { minIterations: 5_000, maxIterations: 50_000, targetMs: 10 };
    expect(needsUpgrade(await parseVaultRecord(await sealWith(PASSPHRASE, 1_000)), policy)).toBe(true);
    expect(needsUpgrade(await parseVaultRecord(await sealWith(PASSPHRASE, 5_000)), policy)).toBe(false);
    const shortSaltKdf = { ...newKdfParams(5_000), salt: bytesToBase64(new Uint8Array(8).fill(7)) };
    const master = await deriveMasterKey(PASSPHRASE, base64ToBytes(shortSaltKdf.salt)!, 5_000);
    const shortSalt = await sealVault(master, shortSaltKdf, CONTENT);
    expect(needsUpgrade(await parseVaultRecord(shortSalt), policy)).toBe(true);
    expect(await open(shortSalt, PASSPHRASE)).toEqual(CONTENT);
  });

  // Last: two derivations at the real floor take ~1 s, and under `npm run test:mutation` a
  // mutant's run stops at the first failing test, so the cheaper tests above go first.
  it('round-trips with the real floor of 900,000 iterations, and never stores the secret in clear', async () => {
    const record = await sealWith(PASSPHRASE, 900_000);
    expect(record.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 900_000 });
    expect(base64ToBytes(record.kdf.salt)).toHaveLength(16);
    expect(base64ToBytes(record.iv)).toHaveLength(12);
    const stored = JSON.stringify(record);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(btoa(SECRET));
    expect(stored).not.toContain(PASSPHRASE);
    expect(await open(record, PASSPHRASE)).toEqual(CONTENT);
  });
});
