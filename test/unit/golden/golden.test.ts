/**
 * Golden data: what this extension has already written into users' browsers must keep opening,
 * byte for byte, after any update (browsers update extensions silently). The fixtures in
 * test/fixtures/golden were written once by the code as it shipped and are never regenerated;
 * if one of these tests fails, the change broke stored data, not the fixture.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readProvenance } from '@/lib/apps/provenance';
import { checkExpiryReminders } from '@/lib/keys/expiry';
import { getSettings } from '@/lib/settings/service';
import { loadBadgeCache } from '@/lib/storage/badge-cache';
import { expiryNotifiedItem } from '@/lib/storage/expiry-notified';
import { fillRequestsItem } from '@/lib/storage/fill-requests';
import { createRecordsItem, keyShellItem, readKeyCache, writeKeyCache } from '@/lib/storage/key-cache';
import { leaksHeldItem } from '@/lib/storage/leaks-held';
import { popupCreateDraftItem, popupEditDraftItem, popupRouteItem } from '@/lib/storage/popup-session';
import { readRotations, rotationsItem } from '@/lib/storage/rotations';
import { endpointNoticeItem } from '@/lib/storage/settings-item';
import { usageCacheItem } from '@/lib/storage/usage-cache';
import { walletKeyDraftItem } from '@/lib/storage/wallet-draft';
import { forecastNotifiedItem } from '@/lib/usage/notify';
import { createStorageUsageStore } from '@/lib/usage/store';
import type { UsageCacheEntry } from '@/lib/usage/types';
import { deriveMasterKey, KDF_POLICY } from '@/lib/vault/crypto';
import { VaultLockedError, WrongPassphraseError } from '@/lib/vault/errors';
import {
  deriveForRecord,
  needsUpgrade,
  openVault,
  parseVaultRecord,
  recordChecksum,
  type VaultRecord,
} from '@/lib/vault/record';
import { createVaultService, vaultRecordItem } from '@/lib/vault/vault';
import { type MintFlow, transition } from '@/lib/wallet/flow';
import { readFlow } from '@/lib/wallet/store';

const GOLDEN = new URL('../../fixtures/golden/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, GOLDEN), 'utf8');
const json = (name: string): Record<string, unknown> => JSON.parse(fixture(name));

const VAULT_PASSPHRASE = 'golden-fixture-passphrase-harbor-42';
const BACKUP_PASSPHRASE = 'golden-backup-passphrase-meadow-77';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromBase64 = (b64: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(b64, 'base64'));
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** What the golden vault holds, written out by hand (not read back from the code under test). */
const GOLDEN_ENTRIES = [
  {
    entryId: 'e0000000-0000-4000-8000-000000000001',
    label: 'Team admin',
    secret: 'VENICE_ADMIN_KEY_golden0synthetic0admin0AAAA',
    type: 'ADMIN',
    source: 'pasted',
    addedAt: '2026-11-29T12:00:00.000Z',
    veniceKeyId: 'a1b2c3d4-0000-4000-8000-00000000aaaa',
    verified: true,
  },
  {
    entryId: 'e0000000-0000-4000-8000-000000000002',
    label: 'Café app — inference',
    secret: 'VENICE_INFERENCE_KEY_golden0synthetic0app0BBBB',
    type: 'INFERENCE',
    source: 'created',
    addedAt: '2026-11-29T12:05:00.000Z',
    veniceKeyId: 'a1b2c3d4-0000-4000-8000-00000000bbbb',
    verified: true,
  },
  {
    entryId: 'e0000000-0000-4000-8000-000000000003',
    label: 'Web3 API Key',
    secret: 'VENICE_INFERENCE_KEY_golden0synthetic0mint0CCCC',
    type: 'INFERENCE',
    source: 'minted',
    addedAt: '2026-11-29T12:10:00.000Z',
    veniceKeyId: 'a1b2c3d4-0000-4000-8000-00000000cccc',
    verified: true,
  },
  {
    entryId: 'e0000000-0000-4000-8000-000000000004',
    label: '',
    secret: 'VENICE_INFERENCE_KEY_golden0synthetic0offline0DDDD',
    type: 'INFERENCE',
    source: 'imported',
    addedAt: '2026-11-29T12:15:00.000Z',
    veniceKeyId: null,
    verified: false,
  },
] as const;

const metaOf = ({ secret, ...rest }: (typeof GOLDEN_ENTRIES)[number]) => ({
  ...rest,
  last6: secret.slice(-6),
});

const local = json('storage-local.v1.json');
const session = json('storage-session.v1.json');
const forecastLocal = json('storage-local-forecast.v1.json');
const goldenRecord = local.vault as VaultRecord;

beforeEach(() => {
  fakeBrowser.reset();
});

describe('PBKDF2-HMAC-SHA256, published test vectors', () => {
  // RFC 7914 §11 gives 64-byte outputs; the master key is the first 32 bytes (PBKDF2's first block).
  const vectors: [string, string, number, string][] = [
    ['password', 'salt', 1, '120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b'],
    ['password', 'salt', 2, 'ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43'],
    ['password', 'salt', 4096, 'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a'],
    ['passwd', 'salt', 1, '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc'],
    ['Password', 'NaCl', 80_000, '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56'],
  ];
  it.each(vectors)('P=%s S=%s c=%d', async (passphrase, salt, iterations, expected) => {
    expect(hex(await deriveMasterKey(passphrase, utf8(salt), iterations))).toBe(expected);
  });
});

describe('the vault record as stored today (1,000 iterations)', () => {
  it('opens with its passphrase to exactly what was sealed', async () => {
    const parsed = await parseVaultRecord(goldenRecord);
    const content = await openVault(parsed, await deriveForRecord(parsed, VAULT_PASSPHRASE));
    expect(content).toEqual({ version: 1, entries: GOLDEN_ENTRIES });
  });

  it('refuses a wrong passphrase as a wrong passphrase', async () => {
    const parsed = await parseVaultRecord(goldenRecord);
    await expect(
      openVault(parsed, await deriveForRecord(parsed, 'golden-fixture-passphrase-harbor-43')),
    ).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('is below the production floor, so it is due for an upgrade', async () => {
    expect(KDF_POLICY.minIterations).toBeGreaterThan(goldenRecord.kdf.iterations);
    expect(needsUpgrade(await parseVaultRecord(goldenRecord))).toBe(true);
  });
});

describe('fixed vectors for the record format', () => {
  it('the checksum is SHA-256 over the canonical JSON array of every other field', async () => {
    const r = goldenRecord;
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
    const independent = Buffer.from(await crypto.subtle.digest('SHA-256', utf8(canonical))).toString(
      'base64',
    );
    expect(independent).toBe(r.checksum);
    const { checksum: _, ...rest } = r;
    expect(await recordChecksum(rest)).toBe('CJx+WtfWpAtNwW83Ij20Z/vYL2BMVsiPt29P5Nnwv1U=');
  });

  it('an independent implementation of the key schedule and the authenticated header opens the record', async () => {
    const r = goldenRecord;
    const subtle = crypto.subtle;
    const base = await subtle.importKey('raw', utf8(VAULT_PASSPHRASE), 'PBKDF2', false, ['deriveBits']);
    const master = await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(r.kdf.salt), iterations: 1_000 },
      base,
      256,
    );
    const hkdf = await subtle.importKey('raw', master, 'HKDF', false, ['deriveKey']);
    const hkdfParams = (info: string) => ({
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: utf8(info),
    });
    const checkKey = await subtle.deriveKey(
      hkdfParams('venice-key-companion/vault/v1/check'),
      hkdf,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    );
    const check = await subtle.sign('HMAC', checkKey, utf8('venice-key-companion/vault/v1/key-check'));
    expect(Buffer.from(check).toString('base64')).toBe(r.check);

    const aes = await subtle.deriveKey(
      hkdfParams('venice-key-companion/vault/v1/aes-gcm'),
      hkdf,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    // The additional data, byte for byte: a JSON array of the header fields.
    const header = `["venice-key-companion/vault",1,"PBKDF2","SHA-256",1000,"${r.kdf.salt}","${r.check}"]`;
    const plain = await subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(r.iv), additionalData: utf8(header), tagLength: 128 },
      aes,
      fromBase64(r.ciphertext),
    );
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ version: 1, entries: GOLDEN_ENTRIES });
  });
});

describe('the backup file as exported today', () => {
  it('restores into an empty browser to exactly its keys', async () => {
    const vault = createVaultService({ policy: { ...KDF_POLICY, minIterations: 1_000 } });
    const contents = fixture('venice-key-companion-vault-2026-11-29.json');
    expect(await vault.importBackup(contents, BACKUP_PASSPHRASE, false)).toEqual({ keys: 2 });
    const expected = [GOLDEN_ENTRIES[0], GOLDEN_ENTRIES[2]];
    expect(await vault.listStoredKeys()).toEqual(expected.map(metaOf));
    for (const entry of expected) expect(await vault.getStoredSecret(entry.entryId)).toBe(entry.secret);
  });
});

describe('settings and caches as stored today', () => {
  beforeEach(async () => {
    await fakeBrowser.storage.local.set(local);
    await fakeBrowser.storage.session.set(session);
  });

  // Everything loads as stored but the Base RPC: an address that is not Base's was allowed before
  // issue 12; now only a custom endpoint the user allows with a host permission is, so the old one
  // goes back to Base's, and the options page says why.
  it('the settings load as stored, a non-Base RPC set back to Base’s with the reason', async () => {
    expect(await getSettings()).toEqual({
      apiBaseUrl: 'https://api.venice.ai/api/v1',
      veniceSiteUrl: 'https://venice.ai/',
      baseRpcUrl: 'https://mainnet.base.org',
      customOrigins: [],
      autoLockMinutes: 60,
      managementKeyId: 'e0000000-0000-4000-8000-000000000001',
      badgeKeyId: 'e0000000-0000-4000-8000-000000000002',
      badge: { currency: 'DIEM', warnAt: 2.5, criticalAt: 0.5, periodMinutes: 15, notifyLow: false },
      wallet: { metamaskExtensionId: 'ljfoeinjpaedjfecbmggjgodbgkmjkjk' },
      // Stored before issue 17: the per-app defaults are the suggested ones.
      perApp: { usdCap: 5, diemCap: null, limitPeriod: 'MONTH', expiryDays: 90, modelPrivacy: 'ALL' },
      // Added after v1 was written: settings from before it get the default.
      expiryReminderDays: 7,
      // Stored before the forecast notification existed: it opens switched off.
      forecastNotice: { enabled: false, daysBefore: 3 },
    });
    expect((await endpointNoticeItem.getValue())?.text).toContain(
      'Base RPC URL: https://base.example-rpc.org is not https://mainnet.base.org.',
    );
  });

  it('the key list cache loads exactly as stored', async () => {
    const cache = await readKeyCache();
    expect(cache).toEqual(local['keys.cache']);
    expect(cache.ownerEntryId).toBe('e0000000-0000-4000-8000-000000000001');
    expect(cache.keys.map((k) => [k.id, k.last6Chars, k.consumptionLimits.usd])).toEqual([
      ['a1b2c3d4-0000-4000-8000-00000000bbbb', 'p0BBBB', 25],
      ['a1b2c3d4-0000-4000-8000-00000000aaaa', 'n0AAAA', null],
    ]);
    expect(cache.balance?.value.balances.diem).toBe(3.25);
    expect(cache.inVault).toHaveLength(2);
  });

  it('the badge cache loads exactly as stored (not reset to empty)', async () => {
    expect(await loadBadgeCache()).toEqual({
      keyId: 'e0000000-0000-4000-8000-000000000002',
      keyLabel: 'Café app — inference',
      figures: { balances: { USD: 12.5, DIEM: 3.25 }, accessPermitted: true, fetchedAt: 1796040000000 },
      problem: { kind: 'refresh', message: 'Venice did not answer (network).', at: 1796040060000 },
      failures: 2,
      skipTicks: 1,
      notBefore: 1796040120000,
      wasBelowCritical: true,
    });
  });

  it('a pending create record loads as stored', async () => {
    expect(await createRecordsItem.getValue()).toEqual({
      'req-0000-0000-0000-0001': { state: 'pending', startedAt: 1796040000000 },
    });
  });

  it('a mint flow waiting for its signature loads exactly as stored (not reset to idle)', async () => {
    const flow = await readFlow(1796040002000);
    expect(flow).toEqual(session['mint.flow']);
    expect(flow).toMatchObject({
      step: 'signing',
      transport: 'injected',
      address: '0x8ba1f109551bD432803012645Ac136ddd64DBA72',
      request: { requestId: 'r0000000-0000-4000-8000-000000000001', method: 'personal_sign', reply: null },
      token: { expiresAt: 1796040900000 },
    });
  });

  it('a mint flow left mid-POST by a stopped worker is reported as interrupted (its migration)', async () => {
    const stored = session['mint.flow'] as Record<string, unknown>;
    await fakeBrowser.storage.session.set({
      'mint.flow': {
        ...stored,
        step: 'minting',
        attempt: { attemptId: 'a-1', startedAt: 1796040003000, workerInstance: 'a worker long gone' },
      },
    });
    const flow = await readFlow(1796040004000);
    expect(flow.step).toBe('failed');
    expect(flow.failure).toMatchObject({ code: 'mint.interrupted', at: 'minting', retryable: true });
    expect(flow.address).toBe(stored.address);
  });
});

describe('rotations as stored (storage-local.rotations.v1.json)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set(json('storage-local.rotations.v1.json'));
  });

  it('a pending revocation and a failed one load exactly as stored', async () => {
    expect((await rotationsItem.load()).problem).toBeNull();
    const rotations = await readRotations();
    expect(Object.keys(rotations)).toEqual([
      '7d1f5a3c-0000-4000-8000-000000000001',
      '7d1f5a3c-0000-4000-8000-000000000002',
    ]);
    expect(rotations['7d1f5a3c-0000-4000-8000-000000000001']).toEqual({
      id: '7d1f5a3c-0000-4000-8000-000000000001',
      startedAt: 1796385600000,
      old: {
        id: 'a1b2c3d4-0000-4000-8000-00000000bbbb',
        description: 'Café app — inference',
        last6: '0BBBB1',
        type: 'INFERENCE',
      },
      created: {
        id: 'a1b2c3d4-0000-4000-8000-00000000eeee',
        description: 'Café app — inference 2026-12-04',
        last6: '0EEEE1',
        type: 'INFERENCE',
        entryId: 'e0000000-0000-4000-8000-000000000005',
      },
      roles: { badge: true, management: false },
      badgeMoved: true,
      managementMoved: false,
      state: 'scheduled',
      revokeAt: 1796472000000,
      error: null,
      attempts: 0,
      updatedAt: 1796385660000,
    });
    expect(rotations['7d1f5a3c-0000-4000-8000-000000000002']).toMatchObject({
      state: 'revoke_failed',
      roles: { badge: false, management: true },
      managementMoved: true,
      error: { code: 'venice.network', retryable: true },
      attempts: 1,
    });
  });
});

describe('per-app settings and key provenance as stored today (issue 17)', () => {
  const perApp = json('storage-local.per-app.v1.json');
  beforeEach(async () => {
    await fakeBrowser.storage.local.set(perApp);
  });

  it('the settings load exactly as stored, per-app defaults included', async () => {
    expect(await getSettings()).toEqual({
      apiBaseUrl: 'https://api.venice.ai/api/v1',
      veniceSiteUrl: 'https://venice.ai/',
      baseRpcUrl: 'https://mainnet.base.org',
      customOrigins: [],
      autoLockMinutes: 30,
      managementKeyId: 'e0000000-0000-4000-8000-000000000001',
      badgeKeyId: null,
      badge: { currency: 'auto', warnAt: 5, criticalAt: 1, periodMinutes: 5, notifyLow: true },
      wallet: { metamaskExtensionId: 'nkbihfbeogaeaoehlefnkodbefgpgknn' },
      perApp: {
        usdCap: 2.5,
        diemCap: null,
        limitPeriod: 'EPOCH',
        expiryDays: 30,
        modelPrivacy: 'PRIVATE_ONLY',
      },
      // Stored before expiry reminders (issue 16): the default.
      expiryReminderDays: 7,
      forecastNotice: { enabled: false, daysBefore: 3 },
    });
    expect(await endpointNoticeItem.getValue()).toBeNull();
  });

  it('where each key went loads exactly as stored', async () => {
    expect(await readProvenance()).toEqual({
      'a1b2c3d4-0000-4000-8000-00000000bbbb': {
        origin: 'https://chat.example.com',
        title: 'Chat — settings',
        at: '2026-11-29T16:00:00.000Z',
        how: 'filled',
      },
      'a1b2c3d4-0000-4000-8000-00000000cccc': {
        origin: 'https://notebook.example.org:8443',
        title: '',
        at: '2026-11-29T16:05:00.000Z',
        how: 'tagged',
      },
    });
  });
});

describe('the key list cache with its shell, as stored (storage-local.list-shell.v1.json)', () => {
  const stored = json('storage-local.list-shell.v1.json');
  beforeEach(async () => {
    await fakeBrowser.storage.local.set(stored);
  });

  it('the cache loads exactly as stored, the shell with it', async () => {
    const cache = await readKeyCache();
    expect(cache).toEqual(stored['keys.cache']);
    expect(cache.shell).toContain('<span class="key-row__desc">Café app — inference</span>');
    expect(cache.keys.map((k) => k.last6Chars)).toEqual(['p0BBBB', 'n0AAAA']);
  });
});

describe('the key list cache and its shell stored apart, as stored (storage-local.key-shell.v1.json)', () => {
  const stored = json('storage-local.key-shell.v1.json');
  const legacy = json('storage-local.list-shell.v1.json');
  beforeEach(async () => {
    fakeBrowser.reset();
  });

  it('loads as the same list with its shell as the layout before it', async () => {
    await fakeBrowser.storage.local.set(stored);
    expect((await keyShellItem.load()).problem).toBeNull();
    expect(await readKeyCache()).toEqual(legacy['keys.cache']);
  });

  it('is exactly what the store writes, also from the list that held its shell inside', async () => {
    await fakeBrowser.storage.local.set(legacy);
    await writeKeyCache(await readKeyCache());
    expect(await fakeBrowser.storage.local.get(null)).toEqual(stored);
  });
});

describe('expiry reminders already shown, as stored (storage-local.expiry-notified.v1.json)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set(json('storage-local.expiry-notified.v1.json'));
  });

  it('load exactly as stored, and are not shown again for the same threshold and expiry', async () => {
    expect((await expiryNotifiedItem.load()).problem).toBeNull();
    expect(await expiryNotifiedItem.getValue()).toEqual({
      'a1b2c3d4-0000-4000-8000-00000000bbbb': {
        days: 7,
        expiresAt: '2026-12-08T00:00:00.000Z',
        at: 1796385600000,
      },
      'a1b2c3d4-0000-4000-8000-00000000cccc': {
        days: 3,
        expiresAt: '2026-12-05T12:30:00.000Z',
        at: 1796390000000,
      },
    });
    const shown: string[] = [];
    const key = (id: string, expiresAt: string) => ({
      id,
      apiKeyType: 'INFERENCE' as const,
      description: 'golden',
      createdAt: '2026-11-01T00:00:00.000Z',
      expiresAt,
      lastUsedAt: null,
      last6Chars: 'abc123',
      consumptionLimits: { usd: null, diem: null },
      limitPeriod: 'EPOCH' as const,
      trailingSevenDays: null,
      currentPeriodUsage: null,
      modelPrivacy: 'ALL' as const,
    });
    await checkExpiryReminders({
      now: () => Date.parse('2026-12-04T00:00:00.000Z'),
      listedKeys: async () => [
        key('a1b2c3d4-0000-4000-8000-00000000bbbb', '2026-12-08T00:00:00.000Z'),
        key('a1b2c3d4-0000-4000-8000-00000000cccc', '2026-12-05T12:30:00.000Z'),
      ],
      reminderDays: async () => 7,
      notify: async (id) => {
        shown.push(id);
      },
    });
    // The 7-day one was already shown; the one recorded at 3 days is shown again at the new threshold of 7.
    expect(shown).toEqual(['vkc-expiry:a1b2c3d4-0000-4000-8000-00000000cccc']);
  });
});

describe('the forecast notification as stored (storage-local-forecast.v1.json)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set(forecastLocal);
  });

  it('the settings load with the notification on, 5 days before', async () => {
    expect(await getSettings()).toEqual({
      apiBaseUrl: 'https://api.venice.ai/api/v1',
      veniceSiteUrl: 'https://venice.ai/',
      baseRpcUrl: 'https://mainnet.base.org',
      customOrigins: [],
      autoLockMinutes: 30,
      managementKeyId: 'e0000000-0000-4000-8000-000000000001',
      badgeKeyId: 'e0000000-0000-4000-8000-000000000002',
      badge: { currency: 'auto', warnAt: 5, criticalAt: 1, periodMinutes: 5, notifyLow: true },
      wallet: { metamaskExtensionId: 'nkbihfbeogaeaoehlefnkodbefgpgknn' },
      // Written before the per-app defaults existed: the suggested ones.
      perApp: { usdCap: 5, diemCap: null, limitPeriod: 'MONTH', expiryDays: 90, modelPrivacy: 'ALL' },
      expiryReminderDays: 7,
      forecastNotice: { enabled: true, daysBefore: 5 },
    });
  });

  it('the dates already notified load exactly as stored', async () => {
    expect(await forecastNotifiedItem.getValue()).toEqual({
      'key:a1b2c3d4-0000-4000-8000-00000000bbbb:usd': ['2026-12-03'],
      'balance:usd': ['2026-12-09', '2026-12-10'],
    });
  });
});

describe('the usage cache as stored (storage-local.usage.v1.json, storage-local.usage.v2.json)', () => {
  const OWNER = 'e0000000-0000-4000-8000-000000000001';
  const NOV_28 = Date.UTC(2026, 10, 28);
  const NOV_29 = Date.UTC(2026, 10, 29);
  /** The 7-day window as both fixtures hold it, written out by hand. */
  const WEEK: UsageCacheEntry = {
    windowDays: 7,
    ownerEntryId: OWNER,
    fetchedAt: 1796040000000,
    snapshot: {
      lookback: '7d',
      days: [
        { date: '2026-11-28', usd: 1.25, diem: 0.5 },
        { date: '2026-11-29', usd: 2.5, diem: 0 },
      ],
      byKey: [
        {
          name: 'Café app — inference',
          usd: 3.25,
          diem: 0.5,
          units: 1200,
          apiKeyId: 'a1b2c3d4-0000-4000-8000-00000000bbbb',
        },
        { name: 'Web App', usd: 0.5, diem: 0, units: 40, apiKeyId: null },
      ],
      byModel: [
        { name: 'zai-org-glm-5-1', usd: 2.75, diem: 0.5, units: 1000 },
        { name: 'qwen3-235b', usd: 1, diem: 0, units: 240 },
      ],
      keyDaily: [
        { date: NOV_28, values: { 'Café app — inference': 1.25, 'Web App': 0 } },
        { date: NOV_29, values: { 'Café app — inference': 2, 'Web App': 0.5 } },
      ],
      modelDaily: [
        { date: NOV_28, values: { 'zai-org-glm-5-1': 1.25, 'qwen3-235b': 0 } },
        { date: NOV_29, values: { 'zai-org-glm-5-1': 1.5, 'qwen3-235b': 1 } },
      ],
      topKeyNames: ['Café app — inference', 'Web App'],
      topModels: ['zai-org-glm-5-1', 'qwen3-235b'],
      unreadableRows: 0,
    },
    error: null,
  };
  /** The 90-day window: Venice's 504, no figures yet. */
  const QUARTER_ERROR = {
    code: 'venice.server_error',
    message: 'Venice took too long to compute these analytics. Choose a shorter period.',
  } as const;
  const QUARTER: UsageCacheEntry = {
    windowDays: 90,
    ownerEntryId: OWNER,
    fetchedAt: 1796040060000,
    snapshot: null,
    error: QUARTER_ERROR,
  };

  beforeEach(() => fakeBrowser.reset());

  it('v2 loads exactly as stored, each window with its series', async () => {
    await fakeBrowser.storage.local.set(json('storage-local.usage.v2.json'));
    expect((await usageCacheItem().load()).problem).toBeNull();
    const store = createStorageUsageStore();
    expect(await store.read(7)).toEqual(WEEK);
    expect(await store.read(90)).toEqual(QUARTER);
    expect(await store.read(30)).toEqual({
      windowDays: 30,
      ownerEntryId: null,
      fetchedAt: null,
      snapshot: null,
      error: null,
    });
  });

  it('v2 is what the code writes: the account view’s figures in usage.cache, the daily series in usage.series', async () => {
    // As a worker that starts on an empty browser: the item's version is written with its first value.
    await usageCacheItem().migrate();
    const store = createStorageUsageStore();
    await store.write(WEEK);
    await store.write({
      ...QUARTER,
      error: { ...QUARTER_ERROR, hint: 'Choose a shorter period.', retryable: true },
    });
    expect(await fakeBrowser.storage.local.get(null)).toEqual(json('storage-local.usage.v2.json'));
  });

  it('v1 opens through its migration: the figures as stored, the series dropped and the window due for a refresh', async () => {
    await fakeBrowser.storage.local.set(json('storage-local.usage.v1.json'));
    await usageCacheItem().migrate();
    const store = createStorageUsageStore();
    expect(await store.read(7)).toEqual({
      ...WEEK,
      fetchedAt: null,
      snapshot: { ...WEEK.snapshot, keyDaily: [], modelDaily: [] },
    });
    expect(await store.read(90)).toEqual(QUARTER);
    expect(await fakeBrowser.storage.local.get('usage.cache$')).toEqual({ 'usage.cache$': { v: 2 } });
  });
});

describe("the usage cache with the usage view's shell, as stored (storage-local.usage-shell.v2.json)", () => {
  const stored = json('storage-local.usage-shell.v2.json') as {
    'usage.cache': Record<string, { shell?: string; fetchedAt: number }>;
  };
  const week = stored['usage.cache']['7'] as { shell: string; fetchedAt: number };

  beforeEach(() => fakeBrowser.reset());

  it('is what the popup saves: the markup in the entry of the window it shows, beside the figures it was drawn from', async () => {
    await fakeBrowser.storage.local.set(json('storage-local.usage.v2.json'));
    const store = createStorageUsageStore();
    expect(await store.saveShell(7, week.fetchedAt, week.shell)).toBe(true);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(stored);
    // Figures other than the stored ones (refreshed meanwhile) get no shell.
    expect(await store.saveShell(90, week.fetchedAt, week.shell)).toBe(false);
    expect(await store.saveShell(30, week.fetchedAt, week.shell)).toBe(false);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(stored);
  });

  it('opens as stored, the figures read as without it, and a write of its window takes it along in the same write', async () => {
    await fakeBrowser.storage.local.set(stored);
    expect((await usageCacheItem().load()).problem).toBeNull();
    const store = createStorageUsageStore();
    const read = await store.read(7);
    expect(read).not.toHaveProperty('shell');
    await store.write(read);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(json('storage-local.usage.v2.json'));
  });
});

describe('fill requests and held selections as stored (storage-session.requests-held.v1.json)', () => {
  const stored = json('storage-session.requests-held.v1.json');

  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.session.set(stored);
  });

  it('fill requests (waiting, filled in a frame, refused) load exactly as stored, with no problem', async () => {
    expect(await fillRequestsItem.load()).toEqual({ value: stored['apps.requests'], problem: null });
  });

  it('held selections (a selection, a page) load exactly as stored, with no problem', async () => {
    expect(await leaksHeldItem.load()).toEqual({ value: stored['leaks.held'], problem: null });
  });
});

describe('the popup’s screen and drafts as stored (storage-session.popup.v1.json)', () => {
  const stored = json('storage-session.popup.v1.json');

  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.session.set(stored);
  });

  it('the screen, a half-typed create form and an edit in progress load exactly as stored', async () => {
    expect(await popupRouteItem.load()).toEqual({ value: stored['popup.route'], problem: null });
    expect(await popupCreateDraftItem.load()).toEqual({ value: stored['popup.createDraft'], problem: null });
    expect(await popupEditDraftItem.load()).toEqual({ value: stored['popup.editDraft'], problem: null });
  });
});

describe('the wallet window’s key settings as typed (storage-session.wallet-draft.v1.json)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.session.set(json('storage-session.wallet-draft.v1.json'));
  });

  it('load exactly as stored, with no problem', async () => {
    expect(await walletKeyDraftItem.load()).toEqual({
      value: {
        apiKeyType: 'INFERENCE',
        description: 'Web3 key — notebook',
        expiryMode: 'datetime',
        expiryDate: '2027-02-28',
        expiryTime: '09:15',
        usdCap: '',
        diemCap: '4.5',
        limitPeriod: 'LIFETIME',
        modelPrivacy: 'PRIVATE_ONLY',
      },
      problem: null,
    });
  });
});

describe('error codes as older versions stored them (before codes were namespaced)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a failed mint (storage-session.failed-mint.v1.json) opens, its `no_stake` read as mint.no_stake', async () => {
    const stored = json('storage-session.failed-mint.v1.json');
    await fakeBrowser.storage.session.set(stored);
    const flow = await readFlow(1796040002000);
    const before = stored['mint.flow'] as MintFlow;
    expect(flow).toEqual({ ...before, failure: { ...before.failure, code: 'mint.no_stake' } });
    // The retry the failure offers still works: the stake check again.
    expect(transition(flow, { type: 'retry' }, 1796040003000)).toMatchObject({
      step: 'connected',
      failure: null,
    });
  });

  it('a revoke that waits for the unlock (storage-local.rotations-locked.v1.json) still reads as waiting for it', async () => {
    await fakeBrowser.storage.local.set(json('storage-local.rotations-locked.v1.json'));
    const rotation = (await readRotations())['7d1f5a3c-0000-4000-8000-000000000003'];
    expect(rotation).toMatchObject({ state: 'revoke_failed', attempts: 1 });
    expect(rotation?.error).toEqual({
      code: 'vault.locked',
      message: 'The vault is locked. Unlock it with your passphrase first.',
    });
    expect(rotation?.error?.code).toBe(new VaultLockedError().code);
  });
});

// Last in the file: the upgrade costs one real 900,000-iteration derivation (~0.5 s), and under
// `npm run test:mutation` a mutant's run stops at its first failing test, so the cheaper ones go first.
describe('the vault record as stored today (1,000 iterations), upgraded', () => {
  it('unlocks through the vault service, is re-sealed at the production floor, and keeps every key', async () => {
    await fakeBrowser.storage.local.set(local);
    // A slow machine: calibration lands on the floor, so the upgrade costs one 900,000 derivation.
    const vault = createVaultService({ measure: async () => 10_000 });
    expect(await vault.getStatus()).toBe('locked');
    const report = await vault.unlock(VAULT_PASSPHRASE);
    expect(report).toMatchObject({ upgraded: true, iterations: KDF_POLICY.minIterations });
    const stored = (await vaultRecordItem.getValue()) as VaultRecord;
    expect(stored.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 900_000 });
    expect(stored.kdf.salt).not.toBe(goldenRecord.kdf.salt);

    expect(await vault.listStoredKeys()).toEqual(GOLDEN_ENTRIES.map(metaOf));
    for (const entry of GOLDEN_ENTRIES) expect(await vault.getStoredSecret(entry.entryId)).toBe(entry.secret);
  });
});
