import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addPastedKey, reverifyStoredKey, type VerifyDeps } from '@/lib/vault/pasted';
import { createVaultService } from '@/lib/vault/vault';
import { VeniceAuthError, VeniceNetworkError, VeniceServerError } from '@/lib/venice/errors';
import type { VeniceClient } from '@/lib/venice/types';

const PASS = 'copper-violin-harbor-lantern-31';
const ADMIN = `VENICE_ADMIN_KEY_${crypto.randomUUID().replaceAll('-', '')}`;
const INFERENCE = `VENICE_INFERENCE_KEY_${crypto.randomUUID().replaceAll('-', '')}`;

/** A stand-in for Venice: answers detectKeyType per secret, or throws what it is told. */
function venice(answer: (secret: string) => 'ADMIN' | 'INFERENCE' | Error): VerifyDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    getClient: async () => ({}) as VeniceClient,
    detect: async (_client, secret) => {
      asked.push(secret);
      const result = answer(secret);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

async function unlockedVault() {
  const vault = createVaultService({
    policy: { minIterations: 1_000, maxIterations: 1_000, targetMs: 1 },
    measure: async () => 1,
  });
  await vault.create(PASS);
  return vault;
}

beforeEach(() => fakeBrowser.reset());

describe('adding a pasted key', () => {
  it('garbage is refused with what is wrong, before anything is sent to Venice', async () => {
    const vault = await unlockedVault();
    const deps = venice(() => 'ADMIN');
    const cases: [string, RegExp][] = [
      ['', /Paste a Venice API key/],
      ['hello world', /spaces or line breaks/],
      ['sk-abcdefghijklmnopqrstuvwxyz', /another provider/],
      ['VENICE_ADMIN_KEY_short', /too short/],
      ['4f6f5a43-0b36-4c1e-9a3b-4d0e0e8f1a2b', /key id, not the secret/],
      ['VENICE_ADMIN_KEY_abcdefghijklmnop<script>', /characters a Venice key never has/],
    ];
    for (const [secret, reason] of cases) {
      const failure = addPastedKey(vault, { label: '', secret, allowUnverified: true }, deps);
      await expect(failure).rejects.toMatchObject({ code: 'vault.invalid_key' });
      await expect(failure).rejects.toThrow(reason);
    }
    expect(deps.asked).toEqual([]);
    expect(await vault.listStoredKeys()).toEqual([]);
  });

  it('surrounding spaces and a "Bearer " prefix are forgiven', async () => {
    const vault = await unlockedVault();
    const deps = venice(() => 'ADMIN');
    const { key } = await addPastedKey(
      vault,
      { label: 'x', secret: `  Bearer ${ADMIN}\n`, allowUnverified: false },
      deps,
    );
    expect(deps.asked).toEqual([ADMIN]);
    expect(await vault.getStoredSecret(key.entryId)).toBe(ADMIN);
  });

  it('a verified key gets the type Venice proves, and a default label', async () => {
    const vault = await unlockedVault();
    const deps = venice((s) => (s === ADMIN ? 'ADMIN' : 'INFERENCE'));
    const admin = await addPastedKey(vault, { label: '', secret: ADMIN, allowUnverified: false }, deps);
    const inference = await addPastedKey(
      vault,
      { label: 'My app', secret: INFERENCE, allowUnverified: false },
      deps,
    );
    expect(admin.key).toMatchObject({
      type: 'ADMIN',
      verified: true,
      source: 'pasted',
      label: `ADMIN key …${ADMIN.slice(-6)}`,
    });
    expect(inference.key).toMatchObject({ type: 'INFERENCE', verified: true, label: 'My app' });
    expect(admin.note).toBeNull();
  });

  it('notes when Venice disagrees with the prefix, and trusts Venice', async () => {
    const vault = await unlockedVault();
    const { key, note } = await addPastedKey(
      vault,
      { label: '', secret: ADMIN, allowUnverified: false },
      venice(() => 'INFERENCE'),
    );
    expect(key.type).toBe('INFERENCE');
    expect(note).toMatch(/INFERENCE key, although its prefix says ADMIN/);
  });

  it('a key Venice rejects is not saved', async () => {
    const vault = await unlockedVault();
    const failure = addPastedKey(
      vault,
      { label: '', secret: ADMIN, allowUnverified: true },
      venice(() => new VeniceAuthError()),
    );
    await expect(failure).rejects.toMatchObject({ code: 'vault.invalid_key' });
    await expect(failure).rejects.toThrow(/invalid, expired or revoked. It was not saved/);
    expect(await vault.listStoredKeys()).toEqual([]);
  });

  it('Venice unreachable: asks first, then saves marked unverified with the prefix type', async () => {
    const vault = await unlockedVault();
    const down = venice(() => new VeniceNetworkError('127.0.0.1'));
    const failure = addPastedKey(vault, { label: '', secret: INFERENCE, allowUnverified: false }, down);
    await expect(failure).rejects.toMatchObject({ code: 'vault.key_unverifiable' });
    await expect(failure).rejects.toThrow(
      /Could not reach Venice.*You can still save it, marked unverified/s,
    );
    expect(await vault.listStoredKeys()).toEqual([]);

    const { key } = await addPastedKey(
      vault,
      { label: 'offline', secret: INFERENCE, allowUnverified: true },
      down,
    );
    expect(key).toMatchObject({ type: 'INFERENCE', verified: false });

    // Later, Venice answers: the key is verified and its type proven.
    const { key: checked } = await reverifyStoredKey(
      vault,
      key.entryId,
      venice(() => 'INFERENCE'),
    );
    expect(checked).toMatchObject({ verified: true, type: 'INFERENCE' });
  });

  it('a 5xx also counts as "could not verify"', async () => {
    const vault = await unlockedVault();
    const { key } = await addPastedKey(
      vault,
      { label: '', secret: ADMIN, allowUnverified: true },
      venice(() => new VeniceServerError(503)),
    );
    expect(key.verified).toBe(false);
  });

  it('a duplicate or a locked vault fails before Venice is asked', async () => {
    const vault = await unlockedVault();
    const deps = venice(() => 'ADMIN');
    await addPastedKey(vault, { label: 'first', secret: ADMIN, allowUnverified: false }, deps);
    await expect(
      addPastedKey(vault, { label: '', secret: ADMIN, allowUnverified: false }, deps),
    ).rejects.toMatchObject({
      code: 'vault.duplicate_key',
    });
    await vault.lock();
    await expect(
      addPastedKey(vault, { label: '', secret: INFERENCE, allowUnverified: false }, deps),
    ).rejects.toMatchObject({
      code: 'vault.locked',
    });
    expect(deps.asked).toEqual([ADMIN]);
  });
});
