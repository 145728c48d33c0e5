import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings } from '@/lib/settings/service';
import { checked, num, obj } from '@/lib/storage/check';
import { defineStoredItem } from '@/lib/storage/item';
import { checkKeyCache, EMPTY_KEY_CACHE, keyCacheItem, readKeyCache } from '@/lib/storage/key-cache';
import { mintFlowItem, mintWindowItem } from '@/lib/storage/mint';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings-item';
import { unlockedStateItem, vaultRecordItem } from '@/lib/storage/vault';
import { idleFlow } from '@/lib/wallet/flow';
import { readFlow } from '@/lib/wallet/store';
import { collectStorageProblems } from '../support/storage-problems';

const { problems } = collectStorageProblems();

const checkCount = (raw: unknown) => checked(() => ({ count: num(obj(raw, 'value').count, 'count') }));

describe('defineStoredItem', () => {
  it('a damaged cache is dropped from storage and reported by key and reason, never by value', async () => {
    await fakeBrowser.storage.local.set({ 'usage.cache': { count: 'sk-not-a-number' } });
    const item = defineStoredItem({
      key: 'local:usage.cache',
      version: 1,
      check: checkCount,
      fallback: { count: 0 },
      kind: 'cache',
    });
    expect(await item.getValue()).toEqual({ count: 0 });
    expect(problems).toEqual([
      { key: 'local:usage.cache', reason: 'count: not a finite number', dropped: true },
    ]);
    expect(await fakeBrowser.storage.local.get('usage.cache')).toEqual({});
    expect(JSON.stringify(vi.mocked(console.warn).mock.calls)).not.toContain('sk-not-a-number');
  });

  it('a damaged record is reported and left in storage as it was (the defaults are used, nothing is overwritten)', async () => {
    await fakeBrowser.storage.local.set({ settings: { count: null } });
    const item = defineStoredItem({
      key: 'local:settings',
      version: 1,
      check: checkCount,
      fallback: { count: 7 },
      kind: 'record',
    });
    expect(await item.load()).toEqual({
      value: { count: 7 },
      problem: { key: 'local:settings', reason: 'count: not a finite number', dropped: false },
    });
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: { count: null } });
  });

  it('nothing stored is the fallback, with no problem', async () => {
    const item = defineStoredItem({
      key: 'local:settings',
      version: 1,
      check: checkCount,
      fallback: { count: 3 },
      kind: 'record',
    });
    expect(await item.load()).toEqual({ value: { count: 3 }, problem: null });
  });

  it('a caller that changes the fallback it loaded does not change what the next load of an empty item gives', async () => {
    const item = defineStoredItem<Record<string, number>>({
      key: 'local:keys.rotations',
      version: 1,
      check: (raw) => ({ ok: true, value: raw as Record<string, number> }),
      fallback: {},
      kind: 'record',
    });
    const first = await item.getValue();
    first.added = 1;
    await item.setValue(first);
    await item.removeValue();
    expect(await item.getValue()).toEqual({});
    const damaged = defineStoredItem<Record<string, number>>({
      key: 'local:keys.expiryNotified',
      version: 1,
      check: () => ({ ok: false, reason: 'damaged' }),
      fallback: {},
      kind: 'cache',
    });
    await fakeBrowser.storage.local.set({ 'keys.expiryNotified': 'junk' });
    (await damaged.getValue()).added = 1;
    await fakeBrowser.storage.local.set({ 'keys.expiryNotified': 'junk' });
    expect(await damaged.getValue()).toEqual({});
  });

  it('a version 1 value (no version stored) goes through each migration in turn, then the check, and the new version is stored', async () => {
    await fakeBrowser.storage.local.set({ settings: { n: 2 } });
    const item = defineStoredItem({
      key: 'local:settings',
      version: 3,
      migrations: {
        2: (old) => ({ count: (old as { n: number }).n }),
        3: (old) => ({ count: (old as { count: number }).count * 10 }),
      },
      check: checkCount,
      fallback: { count: 0 },
      kind: 'record',
    });
    expect(await item.getValue()).toEqual({ count: 20 });
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: { count: 20 },
      settings$: { v: 3 },
    });
    expect(problems).toEqual([]);
  });
});

describe('the key list cache', () => {
  const key = {
    id: 'k1',
    apiKeyType: 'INFERENCE',
    description: 'app',
    createdAt: '2026-11-29T12:05:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    last6Chars: 'abc123',
    consumptionLimits: { usd: 25, diem: null },
    limitPeriod: 'MONTH',
    trailingSevenDays: null,
    currentPeriodUsage: { usd: 1, diem: 0 },
    modelPrivacy: null,
  };
  const cache = { ...EMPTY_KEY_CACHE, ownerEntryId: 'owner', keys: [key], fetchedAt: 1, inVault: ['k1'] };

  it('reads a well-formed cache back exactly', async () => {
    await fakeBrowser.storage.local.set({ 'keys.cache': cache });
    expect(await readKeyCache()).toEqual(cache);
    expect(problems).toEqual([]);
  });

  it('a cache from before the in-vault marks reads with none', async () => {
    const { inVault: _, ...old } = cache;
    expect(checkKeyCache(old)).toEqual({ ok: true, value: { ...cache, inVault: [] } });
  });

  // Before, only `Array.isArray(keys)` was checked: this cache reached the popup and the service.
  it('a cache with one unreadable key is dropped (refetched), and the report names the field', async () => {
    const broken = { ...cache, keys: [key, { ...key, consumptionLimits: { usd: '25' } }] };
    await fakeBrowser.storage.local.set({ 'keys.cache': broken });
    expect(await readKeyCache()).toEqual(EMPTY_KEY_CACHE);
    expect(problems).toEqual([
      {
        key: 'local:keys.cache',
        reason: 'keys[1].consumptionLimits.usd: not a finite number',
        dropped: true,
      },
    ]);
    expect(await keyCacheItem.load()).toEqual({ value: EMPTY_KEY_CACHE, problem: null });
  });

  it.each([
    ['the list is not a list', { ...cache, keys: {} }, 'keys: not a list'],
    ['an owner that is a number', { ...cache, ownerEntryId: 4 }, 'ownerEntryId: not a string or null'],
    ['an in-vault id that is not a string', { ...cache, inVault: [1] }, 'inVault[0]: not a string'],
    [
      'a balance without its figures',
      { ...cache, balance: { value: { canConsume: true }, fetchedAt: 1 } },
      'balance.value.balances: not an object',
    ],
    [
      'a failure without a message',
      { ...cache, refreshError: { code: 'venice.network' } },
      'refreshError.message: not a string',
    ],
  ])('refuses %s', (_, raw, reason) => {
    expect(checkKeyCache(raw)).toEqual({ ok: false, reason });
  });
});

describe('the settings', () => {
  it('a field that does not read is reported and used as its default; the others are kept and storage is left as it was', async () => {
    const stored = { ...DEFAULT_SETTINGS, autoLockMinutes: 'soon', managementKeyId: 'entry-1' };
    await fakeBrowser.storage.local.set({ settings: stored });
    const settings = await getSettings();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, managementKeyId: 'entry-1' });
    expect(problems).toEqual([
      {
        key: 'local:settings',
        reason: 'autoLockMinutes: not valid, set back to the default',
        dropped: false,
        repaired: true,
      },
    ]);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: stored });
  });

  it('settings from before the custom endpoints read with none, and no problem', async () => {
    const { customOrigins: _, ...old } = DEFAULT_SETTINGS;
    await fakeBrowser.storage.local.set({ settings: old });
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([]);
  });
});

describe('the vault items', () => {
  it('a damaged unlocked state is dropped, so the vault reads as locked; the report holds no key material', async () => {
    await fakeBrowser.storage.session.set({
      'vault.unlocked': { key: 'c2VjcmV0LWtleS1ieXRlcw==', check: 7 },
    });
    expect(await unlockedStateItem.getValue()).toBeNull();
    expect(problems).toEqual([
      { key: 'session:vault.unlocked', reason: 'check: not a string', dropped: true },
    ]);
    expect(await fakeBrowser.storage.session.get('vault.unlocked')).toEqual({});
    expect(JSON.stringify(vi.mocked(console.warn).mock.calls)).not.toContain('c2VjcmV0');
  });

  it('an unlocked state that is no object, or has no key, is dropped with a reason naming what is wrong', async () => {
    await fakeBrowser.storage.session.set({ 'vault.unlocked': 'unlocked' });
    expect(await unlockedStateItem.getValue()).toBeNull();
    await fakeBrowser.storage.session.set({ 'vault.unlocked': { check: 'Y2hlY2s=' } });
    expect(await unlockedStateItem.getValue()).toBeNull();
    expect(problems.map((p) => p.reason)).toEqual(['state: not an object', 'key: not a string']);
  });

  it('a whole unlocked state reads back as stored', async () => {
    const state = { key: 'a2V5LWJ5dGVz', check: 'Y2hlY2s=' };
    await unlockedStateItem.setValue(state);
    expect(await unlockedStateItem.getValue()).toEqual(state);
    expect(problems).toEqual([]);
  });

  it('the vault record passes through as stored, whatever it holds (its own format check reports damage)', async () => {
    await fakeBrowser.storage.local.set({ vault: 'not a record' });
    expect(await vaultRecordItem.getValue()).toBe('not a record');
    expect(problems).toEqual([]);
  });
});

describe('the mint items', () => {
  it('a stored flow that does not read is reported and left as stored; the mint reads as idle', async () => {
    const damaged = { flowId: 'f-1', step: 'teleporting' };
    await fakeBrowser.storage.session.set({ 'mint.flow': damaged });
    expect((await readFlow(1_000)).step).toBe('idle');
    expect(problems).toEqual([expect.objectContaining({ key: 'session:mint.flow', dropped: false })]);
    expect(await fakeBrowser.storage.session.get('mint.flow')).toEqual({ 'mint.flow': damaged });
  });

  it('a damaged flow is reported by the dotted path of the field that is wrong, and why', async () => {
    const flow = { ...idleFlow(1_000, 'f-2'), request: { requestId: 'r-1', method: 'personal_sign' } };
    await fakeBrowser.storage.session.set({ 'mint.flow': flow });
    expect(await mintFlowItem.getValue()).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.reason).toBe('request.tabId: Invalid input: expected number, received undefined');
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('(request.tabId: Invalid input'));
  });

  it('a stored value that is no flow at all is reported as "flow", with why', async () => {
    await fakeBrowser.storage.session.set({ 'mint.flow': 'minting' });
    expect(await mintFlowItem.getValue()).toBeNull();
    expect(problems).toEqual([
      {
        key: 'session:mint.flow',
        reason: 'flow: Invalid input: expected object, received string',
        dropped: false,
      },
    ]);
  });

  it('a flow whose failure is no object is reported at "failure", not read as a failure with an old code', async () => {
    await fakeBrowser.storage.session.set({
      'mint.flow': { ...idleFlow(1_000, 'f-4'), failure: 'no_stake' },
    });
    expect(await mintFlowItem.getValue()).toBeNull();
    expect(problems).toEqual([
      {
        key: 'session:mint.flow',
        reason: 'failure: Invalid input: expected object, received string',
        dropped: false,
      },
    ]);
  });

  it('a stored flow that reads is the flow, unreported', async () => {
    const flow = idleFlow(1_000, 'f-3');
    await fakeBrowser.storage.session.set({ 'mint.flow': flow });
    expect(await mintFlowItem.getValue()).toEqual(flow);
    expect(problems).toEqual([]);
  });

  it('a window id that is not one is forgotten', async () => {
    await fakeBrowser.storage.session.set({ 'mint.window': 'seven' });
    expect(await mintWindowItem.getValue()).toBeNull();
    expect(problems).toEqual([{ key: 'session:mint.window', reason: 'not a window id', dropped: true }]);
  });
});

describe('versions without migrations', () => {
  it('an item at version 1 writes no version meta; raising it later still migrates what was stored', async () => {
    const v1 = defineStoredItem({
      key: 'local:settings',
      version: 1,
      check: checkCount,
      fallback: { count: 0 },
      kind: 'record',
    });
    await v1.setValue({ count: 4 });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: { count: 4 } });
    const v2 = defineStoredItem({
      key: 'local:settings',
      version: 2,
      migrations: { 2: (old) => ({ count: (old as { count: number }).count + 1 }) },
      check: checkCount,
      fallback: { count: 0 },
      kind: 'record',
    });
    expect(await v2.getValue()).toEqual({ count: 5 });
  });
});

describe('defining an item', () => {
  it('reads nothing from storage until the item is used (a cold worker defines ~20 of them)', async () => {
    await fakeBrowser.storage.local.set({ settings: { count: 2 } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const item = defineStoredItem({
      key: 'local:settings',
      version: 1,
      check: checkCount,
      fallback: { count: 0 },
      kind: 'record',
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(get).not.toHaveBeenCalled();
    expect(await item.getValue()).toEqual({ count: 2 });
    expect(get).toHaveBeenCalledTimes(1);
  });
});
