import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { base64ToBytes, bytesToBase64, type KdfPolicy } from '@/lib/vault/crypto';
import {
  BadBackupError,
  DuplicateStoredKeyError,
  StoredKeyNotFoundError,
  VaultDamagedError,
  VaultExistsError,
  VaultLockedError,
  VaultMissingError,
  WeakPassphraseError,
  WrongPassphraseError,
} from '@/lib/vault/errors';
import type { VaultRecord } from '@/lib/vault/record';
import { createVaultService, unlockedStateItem, vaultRecordItem } from '@/lib/vault/vault';

/** Cheap parameters so the suite stays fast; the real floor is tested in record and crypto tests. */
const POLICY: KdfPolicy = { minIterations: 2_000, maxIterations: 20_000, targetMs: 5 };
const measure = async () => 1; // "fast machine": calibration lands on the ceiling
const newVault = (policy = POLICY) => createVaultService({ policy, measure });

const PASS = 'copper-violin-harbor-lantern-31';
const NEW_PASS = 'meadow-quartz-silent-falcon-77';
const secret = (type: 'ADMIN' | 'INFERENCE') =>
  `VENICE_${type}_KEY_${crypto.randomUUID().replaceAll('-', '')}`;

/** A key the user pasted and Venice verified, as the options page adds it. */
const pasted = (label: string, secret: string, type: 'ADMIN' | 'INFERENCE' = 'ADMIN') => ({
  label,
  secret,
  type,
  source: 'pasted' as const,
  verified: true,
});

async function storedRecord(): Promise<VaultRecord> {
  return (await vaultRecordItem.getValue()) as VaultRecord;
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('create / lock / unlock', () => {
  it('creates an empty, unlocked vault calibrated within the policy', async () => {
    const vault = newVault();
    expect(await vault.getStatus()).toBe('none');
    const report = await vault.create(PASS);
    expect(report.iterations).toBe(POLICY.maxIterations);
    expect(await vault.getStatus()).toBe('unlocked');
    expect(await vault.listStoredKeys()).toEqual([]);
    expect((await storedRecord()).kdf.iterations).toBe(POLICY.maxIterations);
  });

  it('refuses a second vault and a weak passphrase (with the reason)', async () => {
    const vault = newVault();
    await expect(vault.create('password1234')).rejects.toBeInstanceOf(WeakPassphraseError);
    await expect(vault.create('short')).rejects.toThrow(/at least 12 characters/);
    expect(await vault.getStatus()).toBe('none');
    await vault.create(PASS);
    await expect(vault.create(NEW_PASS)).rejects.toBeInstanceOf(VaultExistsError);
  });

  it('locks and unlocks; locked means no keys and no secrets', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const added = await vault.addStoredKey(pasted('a', secret('ADMIN')));
    await vault.lock();
    expect(await vault.getStatus()).toBe('locked');
    expect(await unlockedStateItem.getValue()).toBeNull();
    await expect(vault.listStoredKeys()).rejects.toBeInstanceOf(VaultLockedError);
    await expect(vault.getStoredSecret(added.entryId)).rejects.toBeInstanceOf(VaultLockedError);
    await vault.unlock(PASS);
    expect(await vault.getStatus()).toBe('unlocked');
    expect((await vault.listStoredKeys()).map((k) => k.entryId)).toEqual([added.entryId]);
  });

  it('a wrong passphrase says so and leaves the record untouched', async () => {
    const vault = newVault();
    await vault.create(PASS);
    await vault.lock();
    const before = await storedRecord();
    await expect(vault.unlock(NEW_PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await storedRecord()).toEqual(before);
    expect(await vault.getStatus()).toBe('locked');
  });

  it('damaged data is its own error, and the failed unlock never overwrites the record', async () => {
    const vault = newVault();
    await vault.create(PASS);
    await vault.lock();
    const record = await storedRecord();
    const damaged = { ...record, ciphertext: record.ciphertext.slice(0, 24) };
    await vaultRecordItem.setValue(damaged);
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(VaultDamagedError);
    await expect(vault.unlock(PASS)).rejects.toThrow(/Import backup/);
    expect(await vaultRecordItem.getValue()).toEqual(damaged);
  });

  it('no vault: unlock says there is none', async () => {
    await expect(newVault().unlock(PASS)).rejects.toBeInstanceOf(VaultMissingError);
  });

  it('stays unlocked across a worker restart (a fresh service instance reads storage.session)', async () => {
    const first = newVault();
    await first.create(PASS);
    const added = await first.addStoredKey(pasted('k', secret('INFERENCE'), 'INFERENCE'));
    const restarted = newVault();
    expect(await restarted.getStatus()).toBe('unlocked');
    expect(await restarted.getStoredSecret(added.entryId)).toMatch(/^VENICE_INFERENCE_KEY_/);
  });

  it('a record replaced behind the session (another vault) reads as locked', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const other = await storedRecord();
    await vault.reset();
    await vault.create(NEW_PASS);
    const session = await unlockedStateItem.getValue();
    await vaultRecordItem.setValue(other);
    expect(session).not.toBeNull();
    expect(await vault.getStatus()).toBe('locked');
    await expect(vault.listStoredKeys()).rejects.toBeInstanceOf(VaultLockedError);
  });

  it('fires the unlocked and locked hooks', async () => {
    const vault = newVault();
    const events: string[] = [];
    vault.onUnlocked(() => events.push('unlocked'));
    vault.onLocked(() => events.push('locked'));
    await vault.create(PASS);
    await vault.lock();
    await vault.lock(); // already locked: no second event
    await vault.unlock(PASS);
    expect(events).toEqual(['unlocked', 'locked', 'unlocked']);
  });
});

describe('parameter upgrade', () => {
  it('opens a vault written with low iterations and re-encrypts it with current parameters', async () => {
    const old = newVault({ minIterations: 1_000, maxIterations: 1_000, targetMs: 1 });
    await old.create(PASS);
    const added = await old.addStoredKey(pasted('old', secret('ADMIN')));
    await old.lock();
    const before = await storedRecord();
    expect(before.kdf.iterations).toBe(1_000);

    const current = newVault({ minIterations: 4_000, maxIterations: 8_000, targetMs: 5 });
    const report = await current.unlock(PASS);
    expect(report.upgraded).toBe(true);
    const after = await storedRecord();
    expect(after.kdf.iterations).toBeGreaterThanOrEqual(4_000);
    expect(after.kdf.iterations).toBe(report.iterations);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(await current.getStoredSecret(added.entryId)).toMatch(/^VENICE_ADMIN_KEY_/);

    // The upgraded record opens with the same passphrase, and is not upgraded again.
    await current.lock();
    expect((await current.unlock(PASS)).upgraded).toBe(false);
    expect((await storedRecord()).kdf).toEqual(after.kdf);
  });

  it('a wrong passphrase on a weak vault upgrades nothing', async () => {
    const old = newVault({ minIterations: 1_000, maxIterations: 1_000, targetMs: 1 });
    await old.create(PASS);
    await old.lock();
    const before = await storedRecord();
    await expect(newVault().unlock(NEW_PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await storedRecord()).toEqual(before);
  });
});

describe('stored keys', () => {
  it('adds, lists (without secrets), reads, relabels, finds by Venice id and removes', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const adminSecret = secret('ADMIN');
    const admin = await vault.addStoredKey(pasted('  Admin  ', adminSecret));
    const inference = await vault.addStoredKey({
      label: 'App',
      secret: secret('INFERENCE'),
      type: 'INFERENCE',
      source: 'created',
      veniceKeyId: 'venice-id-1',
      verified: true,
    });
    expect(admin).toMatchObject({
      label: 'Admin',
      type: 'ADMIN',
      last6: adminSecret.slice(-6),
      source: 'pasted',
      veniceKeyId: null,
    });
    const listed = await vault.listStoredKeys();
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(adminSecret);
    expect(await vault.getStoredSecret(admin.entryId)).toBe(adminSecret);
    expect(await vault.findStoredKeyByVeniceId('venice-id-1')).toEqual(inference);
    expect(await vault.findStoredKeyByVeniceId('nope')).toBeNull();

    const renamed = await vault.updateStoredKey(admin.entryId, { label: 'Renamed', verified: false });
    expect(renamed).toMatchObject({ label: 'Renamed', verified: false });
    await vault.removeStoredKey(inference.entryId);
    expect((await vault.listStoredKeys()).map((k) => k.label)).toEqual(['Renamed']);
    await expect(vault.removeStoredKey(inference.entryId)).rejects.toBeInstanceOf(StoredKeyNotFoundError);
    await expect(vault.getStoredSecret(inference.entryId)).rejects.toBeInstanceOf(StoredKeyNotFoundError);
  });

  it('refuses the same secret twice, naming the existing entry', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const s = secret('ADMIN');
    await vault.addStoredKey(pasted('First', s));
    await expect(vault.addStoredKey(pasted('Again', s))).rejects.toBeInstanceOf(DuplicateStoredKeyError);
    await expect(vault.assertNotStored(s)).rejects.toThrow(/“First”/);
  });

  it('concurrent adds are serialized: none is lost', async () => {
    const vault = newVault();
    await vault.create(PASS);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        vault.addStoredKey(pasted(`k${i}`, secret('INFERENCE'), 'INFERENCE')),
      ),
    );
    expect((await vault.listStoredKeys()).map((k) => k.label).sort()).toEqual([
      'k0',
      'k1',
      'k2',
      'k3',
      'k4',
      'k5',
      'k6',
      'k7',
    ]);
  });

  it('every write is one complete record with a fresh IV; no secret ever reaches local storage', async () => {
    const vault = newVault();
    const writes: unknown[] = [];
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      writes.push(structuredClone(items));
      return realSet(items);
    });
    await vault.create(PASS);
    const s = secret('ADMIN');
    await vault.addStoredKey(pasted('a', s));
    const dump = JSON.stringify(writes);
    expect(dump).not.toContain(s);
    expect(dump).not.toContain(btoa(s));
    expect(dump).not.toContain(PASS);
    const ivs = writes.map((w) => (w as { vault: VaultRecord }).vault.iv);
    expect(new Set(ivs).size).toBe(ivs.length);
  });
});

describe('change of passphrase', () => {
  it('re-encrypts under the new passphrase only', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const added = await vault.addStoredKey(pasted('a', secret('ADMIN')));
    const before = await storedRecord();
    await vault.changePassphrase(PASS, NEW_PASS);
    const after = await storedRecord();
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(await vault.getStatus()).toBe('unlocked');
    await vault.lock();
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(NEW_PASS);
    expect(await vault.getStoredSecret(added.entryId)).toMatch(/^VENICE_ADMIN_KEY_/);
  });

  it('refuses a wrong current passphrase or a weak new one, changing nothing', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const before = await storedRecord();
    await expect(vault.changePassphrase(NEW_PASS, 'another-strong-passphrase-88')).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    await expect(vault.changePassphrase(PASS, 'aaaaaaaaaaaaaaaa')).rejects.toBeInstanceOf(
      WeakPassphraseError,
    );
    expect(await storedRecord()).toEqual(before);
  });

  it('is atomic: if the write fails (the worker dies), the old record and passphrase still work', async () => {
    const vault = newVault();
    await vault.create(PASS);
    const added = await vault.addStoredKey(pasted('a', secret('ADMIN')));
    const before = await storedRecord();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('worker stopped'));
    await expect(vault.changePassphrase(PASS, NEW_PASS)).rejects.toThrow('worker stopped');
    expect(set).toHaveBeenCalledTimes(1);
    expect(await storedRecord()).toEqual(before);
    // The session still holds the old key, which still opens the untouched record.
    expect(await vault.getStoredSecret(added.entryId)).toMatch(/^VENICE_ADMIN_KEY_/);
    await vault.lock();
    await expect(vault.unlock(NEW_PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(PASS);
  });

  it('if the worker dies between the record and the session write, the vault is locked and opens with the new passphrase', async () => {
    const vault = newVault();
    await vault.create(PASS);
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('worker stopped'));
    await expect(vault.changePassphrase(PASS, NEW_PASS)).rejects.toThrow('worker stopped');
    expect(await vault.getStatus()).toBe('locked');
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(NEW_PASS);
  });
});

describe('backup', () => {
  async function vaultWithKeys() {
    const vault = newVault();
    await vault.create(PASS);
    const s = secret('ADMIN');
    const key = await vault.addStoredKey(pasted('backup me', s));
    return { vault, key, s };
  }

  it('exports an encrypted file that restores with the passphrase after a reset', async () => {
    const { vault, key, s } = await vaultWithKeys();
    const backup = await vault.exportBackup();
    expect(backup.fileName).toMatch(/^venice-key-companion-vault-\d{4}-\d{2}-\d{2}\.json$/);
    expect(backup.contents).not.toContain(s);
    expect(backup.contents).not.toContain(btoa(s));
    await vault.reset();
    expect(await vault.getStatus()).toBe('none');
    expect(await vault.importBackup(backup.contents, PASS, false)).toEqual({ keys: 1 });
    expect(await vault.getStatus()).toBe('unlocked');
    expect(await vault.getStoredSecret(key.entryId)).toBe(s);
  });

  it('bad or foreign files, and a wrong passphrase, give clear errors and leave the vault untouched', async () => {
    const { vault } = await vaultWithKeys();
    const backup = await vault.exportBackup();
    const before = await storedRecord();
    const envelope = JSON.parse(backup.contents);
    const cases: [string, string, RegExp][] = [
      ['not json at all', PASS, /not JSON/],
      [JSON.stringify({ hello: 'world' }), PASS, /not a Venice Key Companion vault backup/],
      [JSON.stringify({ ...envelope, version: 99 }), PASS, /newer version/],
      [JSON.stringify({ ...envelope, vault: { ...envelope.vault, iv: 'AAAA' } }), PASS, /damaged/],
      [JSON.stringify({ ...envelope, vault: undefined }), PASS, /damaged/],
    ];
    for (const [contents, passphrase, message] of cases) {
      const failure = vault.importBackup(contents, passphrase, true);
      await expect(failure).rejects.toBeInstanceOf(BadBackupError);
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toThrow(/current vault was not changed/);
    }
    await expect(vault.importBackup(backup.contents, NEW_PASS, true)).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    expect(await storedRecord()).toEqual(before);
    expect(await vault.getStatus()).toBe('unlocked');
  });

  it('does not replace an existing vault unless asked to', async () => {
    const { vault } = await vaultWithKeys();
    const backup = await vault.exportBackup();
    await expect(vault.importBackup(backup.contents, PASS, false)).rejects.toBeInstanceOf(VaultExistsError);
    await expect(vault.importBackup(backup.contents, PASS, true)).resolves.toEqual({ keys: 1 });
  });

  it('a damaged record in a backup is caught even when its checksum was recomputed (AES-GCM)', async () => {
    const { vault } = await vaultWithKeys();
    const envelope = JSON.parse((await vault.exportBackup()).contents);
    const bytes = base64ToBytes(envelope.vault.ciphertext)!;
    bytes[3] = (bytes[3] ?? 0) ^ 0xff;
    const { recordChecksum } = await import('@/lib/vault/record');
    const { checksum: _c, ...rest } = { ...envelope.vault, ciphertext: bytesToBase64(bytes) };
    const forged = { ...envelope, vault: { ...rest, checksum: await recordChecksum(rest) } };
    await expect(vault.importBackup(JSON.stringify(forged), PASS, true)).rejects.toThrow(/damaged/);
  });
});
