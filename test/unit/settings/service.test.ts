/**
 * The settings service (lib/settings/service.ts) on fakes: in-memory stored items, a chosen
 * build, a list of granted origins and a fixed clock. What it must do: merge a change group by
 * group, store nothing it refuses, and set back (and say why, once) an endpoint read from
 * storage that may not be used.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsService, type SettingsService } from '@/lib/settings/service';
import { DEFAULT_SETTINGS, type EndpointNotice, type Settings } from '@/lib/storage/settings-item';

/** A stored item in memory that counts its writes. */
class MemoryItem<T> {
  writes = 0;
  constructor(public value: T) {}
  async getValue(): Promise<T> {
    return structuredClone(this.value);
  }
  async setValue(value: T): Promise<void> {
    this.writes += 1;
    this.value = structuredClone(value);
  }
}

const NOW = Date.parse('2026-11-29T12:00:00.000Z');
let stored: MemoryItem<Settings>;
let notice: MemoryItem<EndpointNotice | null>;
let granted: Set<string>;

function service(dev = false): SettingsService {
  return createSettingsService({
    settings: stored,
    notice,
    dev,
    granted: async (origin) => granted.has(origin),
    now: () => NOW,
  });
}

beforeEach(() => {
  stored = new MemoryItem<Settings>(structuredClone(DEFAULT_SETTINGS));
  notice = new MemoryItem<EndpointNotice | null>(null);
  granted = new Set();
});

describe('update', () => {
  it('merges each group field by field and stores the result', async () => {
    const out = await service().update({ autoLockMinutes: 30, badge: { warnAt: 9 } });
    expect(out.autoLockMinutes).toBe(30);
    expect(out.badge).toEqual({ ...DEFAULT_SETTINGS.badge, warnAt: 9 });
    expect(out.wallet).toEqual(DEFAULT_SETTINGS.wallet);
    expect(out.perApp).toEqual(DEFAULT_SETTINGS.perApp);
    expect(out.forecastNotice).toEqual(DEFAULT_SETTINGS.forecastNotice);
    expect(stored.value).toEqual(out);
    expect(stored.writes).toBe(1);
  });

  it('keeps every group it was not given', async () => {
    await service().update({
      wallet: { metamaskExtensionId: 'abcdefghijklmnopabcdefghijklmnop' },
      perApp: { usdCap: 7 },
      forecastNotice: { enabled: true },
    });
    const out = await service().update({ badge: { currency: 'USD' } });
    expect(out.wallet.metamaskExtensionId).toBe('abcdefghijklmnopabcdefghijklmnop');
    expect(out.perApp).toEqual({ ...DEFAULT_SETTINGS.perApp, usdCap: 7 });
    expect(out.forecastNotice).toEqual({ ...DEFAULT_SETTINGS.forecastNotice, enabled: true });
    expect(out.badge.currency).toBe('USD');
  });

  it('refuses an endpoint that is not Venice’s and stores nothing', async () => {
    await expect(service().update({ apiBaseUrl: 'https://evil.example/api/v1' })).rejects.toMatchObject({
      code: 'settings.endpoint_not_allowed',
    });
    expect(stored.writes).toBe(0);
    expect(stored.value).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a value outside its schema and stores nothing', async () => {
    await expect(service().update({ autoLockMinutes: -1 })).rejects.toThrow();
    expect(stored.writes).toBe(0);
  });
});

describe('get', () => {
  it('returns valid stored settings as they are, writing nothing', async () => {
    stored.value = { ...DEFAULT_SETTINGS, autoLockMinutes: 45 };
    expect((await service().get()).autoLockMinutes).toBe(45);
    expect(stored.writes).toBe(0);
    expect(notice.value).toBeNull();
  });

  it('a stored simulator URL is kept by the development build and set back by any other', async () => {
    const simulator = { ...DEFAULT_SETTINGS, apiBaseUrl: 'http://127.0.0.1:4010/api/v1' };
    stored.value = simulator;
    expect((await service(true).get()).apiBaseUrl).toBe(simulator.apiBaseUrl);
    expect(stored.writes).toBe(0);
    expect((await service(false).get()).apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
    expect(stored.value.apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
  });

  it('sets back a stored endpoint that may not be used, stores the repair and says why once', async () => {
    stored.value = { ...DEFAULT_SETTINGS, veniceSiteUrl: 'https://venice.example' };
    const out = await service().get();
    expect(out.veniceSiteUrl).toBe(DEFAULT_SETTINGS.veniceSiteUrl);
    expect(stored.value.veniceSiteUrl).toBe(DEFAULT_SETTINGS.veniceSiteUrl);
    expect(notice.value).toEqual({
      text: expect.stringMatching(
        /^Settings held an address this extension may not use, so nothing was sent to it\. /,
      ),
      at: NOW,
    });
    expect(notice.value?.text).toContain(`It was set back to ${DEFAULT_SETTINGS.veniceSiteUrl}.`);
    // Read again: nothing left to repair, the notice stays as it was.
    const writes = notice.writes;
    await service().get();
    expect(notice.writes).toBe(writes);
  });

  it('the same repair again does not say it twice; a dismissed notice stays dismissed only for the same text', async () => {
    const bad = { ...DEFAULT_SETTINGS, baseRpcUrl: 'https://rpc.example/base' };
    stored.value = bad;
    await service().get();
    const first = notice.value;
    stored.value = bad;
    await service().get();
    expect(notice.value).toEqual(first);
    expect(notice.writes).toBe(1);
  });

  it('a custom origin is used while its permission is granted, and set back once it is not', async () => {
    const custom = {
      ...DEFAULT_SETTINGS,
      baseRpcUrl: 'https://rpc.example/base',
      customOrigins: ['https://rpc.example'],
    };
    stored.value = custom;
    granted.add('https://rpc.example');
    expect((await service().get()).baseRpcUrl).toBe('https://rpc.example/base');
    expect(stored.writes).toBe(0);
    granted.clear();
    expect((await service().get()).baseRpcUrl).toBe(DEFAULT_SETTINGS.baseRpcUrl);
    expect(notice.value?.text).toContain(
      'Base RPC URL: access to the custom endpoint https://rpc.example is no longer granted.',
    );
  });
});
