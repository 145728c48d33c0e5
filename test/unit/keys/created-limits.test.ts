/**
 * Limits that can't lose a secret: an odd reply to a create (long id, long or strange
 * description, whitespace around the secret) is cut to what the real vault stores, so the
 * secret is saved; a secret the vault cannot hold is still handed back, with the reason.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LABEL_MAX, normaliseLabel, normaliseVeniceId, storableSecret } from '@/lib/keys/normalise';
import { createKeyService, type KeyServiceDeps } from '@/lib/keys/service';
import type { CreatedApiKey } from '@/lib/venice/types';
import { vaultWithTwoKeys } from '../vault/fixtures';
import { draft, FakeVenice } from './fakes';

beforeEach(() => fakeBrowser.reset());

/** The key service over the real vault (its schema, its limits) and a Venice that answers `reply`. */
async function serviceAnswering(reply: Partial<CreatedApiKey>) {
  const { vault, admin } = await vaultWithTwoKeys();
  const venice = new FakeVenice(await vault.getStoredSecret(admin.entryId));
  venice.createApiKey = async () => ({
    id: 'k-1',
    apiKey: 'VENICE_INFERENCE_KEY_synthetic0000000001',
    apiKeyType: 'INFERENCE',
    description: 'odd',
    expiresAt: null,
    consumptionLimits: { usd: null, diem: null },
    limitPeriod: null,
    ...reply,
  });
  const deps: KeyServiceDeps = {
    getClient: async () => venice,
    getSettings: async () => ({ managementKeyId: admin.entryId, badgeKeyId: null }),
    vault: {
      getVaultStatus: () => vault.getStatus(),
      listStoredKeys: () => vault.listStoredKeys(),
      getStoredSecret: (id) => vault.getStoredSecret(id),
      addStoredKey: (input) => vault.addStoredKey(input),
      updateStoredKey: (id, patch) => vault.updateStoredKey(id, patch),
    },
    requestBadgeRefresh: async () => undefined,
    now: () => Date.parse('2026-03-01T12:00:00.000Z'),
  };
  return { service: createKeyService(deps), vault };
}

describe('a created key goes into the vault whatever Venice sends around it', () => {
  it('an id longer than the vault keeps: the secret is saved, without the id', async () => {
    const { service, vault } = await serviceAnswering({ id: 'x'.repeat(300) });
    const result = await service.create('req-longid01', draft({ description: 'ci' }));
    expect(result.vaultError).toBeNull();
    expect(result.vaultCopy).not.toBeNull();
    const stored = (await vault.listStoredKeys()).find((k) => k.entryId === result.vaultCopy?.entryId);
    expect(stored).toMatchObject({ label: 'ci', veniceKeyId: null });
    expect(await vault.getStoredSecret(result.vaultCopy?.entryId as string)).toBe(result.secret);
  });

  it('whitespace and a line break around the secret are not part of it', async () => {
    const secret = 'VENICE_INFERENCE_KEY_synthetic0000000002';
    const { service, vault } = await serviceAnswering({ apiKey: `  ${secret}\r\n` });
    const result = await service.create('req-spaced01', draft());
    expect(result.vaultError).toBeNull();
    expect(await vault.getStoredSecret(result.vaultCopy?.entryId as string)).toBe(secret);
  });

  it('a secret the vault cannot hold is still handed over once, with the reason', async () => {
    const long = `VENICE_INFERENCE_KEY_${'a'.repeat(600)}`;
    const { service, vault } = await serviceAnswering({ apiKey: long });
    const result = await service.create('req-toolong1', draft());
    expect(result.secret).toBe(long);
    expect(result.vaultCopy).toBeNull();
    expect(result.vaultError).toEqual({
      code: 'keys.secret_not_storable',
      message: `Venice sent a secret the vault cannot store (${long.length} characters, more than 512).`,
    });
    expect((await vault.listStoredKeys()).map((k) => k.label).sort()).toEqual(['admin', 'app']);
  });
});

describe('normalising what Venice sends', () => {
  it('labels: invisible characters become spaces, runs of space one, at most Venice’s 64 characters', () => {
    expect(normaliseLabel('a\u0000b\u202Ec\n\td', 'x')).toBe('a b c d');
    expect(normaliseLabel('é'.repeat(100), 'x')).toBe('é'.repeat(LABEL_MAX));
    expect(normaliseLabel(' \u200B\n ', 'Web3 API Key')).toBe('Web3 API Key');
    expect(normaliseLabel(null, 'Created key')).toBe('Created key');
  });

  it('ids: kept when the vault can hold them, else left out', () => {
    expect(normaliseVeniceId(' 0b7a9c1e-1111 ')).toBe('0b7a9c1e-1111');
    expect(normaliseVeniceId('a'.repeat(128))).toBe('a'.repeat(128));
    expect(normaliseVeniceId('a'.repeat(129))).toBeNull();
    expect(normaliseVeniceId('ab\ncd')).toBeNull();
    expect(normaliseVeniceId('   ')).toBeNull();
  });

  it('secrets: trimmed; refused with the reason when empty, too long or broken by spaces', () => {
    expect(storableSecret('\tVENICE_KEY_abc\n')).toBe('VENICE_KEY_abc');
    expect(() => storableSecret('  ')).toThrow('it is empty');
    expect(() => storableSecret('VENICE KEY')).toThrow('it contains spaces or line breaks');
    expect(() => storableSecret('a'.repeat(513))).toThrow('513 characters, more than 512');
  });
});
