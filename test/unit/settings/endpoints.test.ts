/**
 * Only Venice gets the keys: each endpoint is Venice's own origin, the development build's
 * simulator, or a custom origin the user allowed with a host permission. Saved settings and
 * settings read back from storage obey the same rule, before any key is sent.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkInput } from '@/lib/messaging/define';
import { settingsApi } from '@/lib/settings/api';
import { customEndpointsOf, type EndpointField, endpointTrust } from '@/lib/settings/endpoints';
import { createSettingsService, getSettings } from '@/lib/settings/service';
import { DEFAULT_SETTINGS, endpointNoticeItem, settingsItem } from '@/lib/storage/settings-item';
import { getVeniceClient } from '@/lib/venice';

type Api = typeof settingsApi;
async function run<M extends keyof Api>(name: M, input?: unknown) {
  const def = settingsApi[name];
  const checked = checkInput(def, input);
  if (!checked.ok) throw new Error(checked.message);
  return (await def.handler(checked.data as never, { url: 'test' })) as Awaited<
    ReturnType<Api[M]['handler']>
  >;
}

/** The origins the user granted (optional host permissions), as the browser would answer. */
let granted: Set<string>;
beforeEach(() => {
  fakeBrowser.reset();
  granted = new Set();
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) =>
    (p.origins ?? []).every((o) => granted.has(o)),
  );
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async (p) => {
    for (const o of p.origins ?? []) granted.delete(o);
    return true;
  });
});

const ELSEWHERE: Record<EndpointField, string> = {
  apiBaseUrl: 'https://api.venice.example/api/v1',
  veniceSiteUrl: 'https://venice.example/',
  baseRpcUrl: 'https://rpc.example/base',
};

describe('saving an endpoint', () => {
  it.each([
    ['apiBaseUrl', 'API base URL', 'https://api.venice.ai'],
    ['veniceSiteUrl', 'Venice site URL', 'https://venice.ai'],
    ['baseRpcUrl', 'Base RPC URL', 'https://mainnet.base.org'],
  ] as const)(
    'refuses another https host for the %s, saying which and why',
    async (field, name, official) => {
      const res = run('settings.update', { [field]: ELSEWHERE[field] });
      await expect(res).rejects.toMatchObject({ code: 'settings.endpoint_not_allowed' });
      await expect(res).rejects.toThrow(`${name}: ${new URL(ELSEWHERE[field]).origin} is not ${official}.`);
      expect((await getSettings())[field]).toBe(DEFAULT_SETTINGS[field]);
    },
  );

  it('refuses one endpoint’s official origin for another (the site never gets the API key)', async () => {
    await expect(run('settings.update', { apiBaseUrl: 'https://venice.ai/api/v1' })).rejects.toThrow(
      /is not https:\/\/api\.venice\.ai/,
    );
  });

  it('accepts Venice’s own origins, with any path', async () => {
    const saved = await run('settings.update', {
      apiBaseUrl: ' https://api.venice.ai/api/v1/ ',
      veniceSiteUrl: 'https://venice.ai/chat',
      baseRpcUrl: 'https://mainnet.base.org',
    });
    expect(saved).toMatchObject({
      apiBaseUrl: 'https://api.venice.ai/api/v1',
      veniceSiteUrl: 'https://venice.ai/chat',
    });
  });
});

describe('which builds may reach what', () => {
  it('the simulator on http://127.0.0.1 only in the development build', () => {
    expect(endpointTrust('apiBaseUrl', 'http://127.0.0.1:4010/api/v1', [], true)).toEqual({
      kind: 'simulator',
    });
    expect(endpointTrust('apiBaseUrl', 'http://127.0.0.1:4010/api/v1', [], false)).toMatchObject({
      kind: 'refused',
    });
    // Not a loophole for look-alike hosts, in either build.
    expect(endpointTrust('apiBaseUrl', 'http://127.0.0.1.example/api', [], true)).toMatchObject({
      kind: 'refused',
    });
    expect(endpointTrust('apiBaseUrl', 'http://localhost:4010/api/v1', [], true)).toMatchObject({
      kind: 'refused',
    });
  });

  it('a production build puts a stored simulator URL back to Venice’s, whatever storage says', async () => {
    const stored = { ...DEFAULT_SETTINGS, apiBaseUrl: 'http://127.0.0.1:4010/api/v1' };
    const production = createSettingsService({
      settings: settingsItem,
      notice: endpointNoticeItem,
      dev: false,
      granted: async () => true,
      now: () => Date.now(),
    });
    const out = await production.enforceEndpoints(stored);
    expect(out.apiBaseUrl).toBe('https://api.venice.ai/api/v1');
  });
});

describe('settings read back from storage', () => {
  it('a non-Venice URL written into storage is reset before any key is sent, and the reason kept', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, apiBaseUrl: 'https://evil.example/api/v1' });
    const fetch = vi.fn(async () => new Response(JSON.stringify({ data: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    await (await getVeniceClient()).listApiKeys('VENICE_ADMIN_KEY_synthetic0001');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toMatch(/^https:\/\/api\.venice\.ai\/api\/v1\//);
    expect((await endpointNoticeItem.getValue())?.text).toContain(
      'API base URL: https://evil.example is not https://api.venice.ai.',
    );
    // The repair is stored: a dismissed notice stays dismissed.
    expect((await settingsItem.getValue())?.apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
    await endpointNoticeItem.setValue(null);
    await getSettings();
    expect(await endpointNoticeItem.getValue()).toBeNull();
    vi.unstubAllGlobals();
  });

  it('a custom origin listed in storage without its host permission is not used', async () => {
    await settingsItem.setValue({
      ...DEFAULT_SETTINGS,
      baseRpcUrl: 'https://rpc.example/base',
      customOrigins: ['https://rpc.example'],
    });
    expect((await getSettings()).baseRpcUrl).toBe(DEFAULT_SETTINGS.baseRpcUrl);
    expect((await endpointNoticeItem.getValue())?.text).toContain(
      'Base RPC URL: access to the custom endpoint https://rpc.example is no longer granted.',
    );
  });
});

describe('the custom endpoint opt-in', () => {
  it('needs the host permission; with it the endpoint is used and reported as custom', async () => {
    const input = { field: 'apiBaseUrl', url: 'https://proxy.example/api/v1' };
    await expect(run('settings.useCustomEndpoint', input)).rejects.toThrow(
      'API base URL: the browser has not granted access to https://proxy.example, so nothing was saved.',
    );
    granted.add('https://proxy.example/*');
    const state = await run('settings.useCustomEndpoint', input);
    expect(state.custom).toEqual([
      { field: 'apiBaseUrl', name: 'API base URL', origin: 'https://proxy.example' },
    ]);
    expect((await getSettings()).apiBaseUrl).toBe('https://proxy.example/api/v1');
    expect(customEndpointsOf(await getSettings())).toHaveLength(1);

    // Withdrawn in the browser's extension settings: back to Venice before the next request.
    granted.clear();
    expect((await getSettings()).apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
    expect((await run('settings.endpoints')).custom).toEqual([]);
  });

  it('the plain settings update cannot add a custom origin', async () => {
    granted.add('https://proxy.example/*');
    await expect(
      run('settings.update', {
        apiBaseUrl: 'https://proxy.example/api/v1',
        customOrigins: ['https://proxy.example'],
      }),
    ).rejects.toThrow();
    expect((await getSettings()).customOrigins).toEqual([]);
  });

  it('“Use Venice’s endpoints” puts every endpoint back and gives the permissions back', async () => {
    granted.add('https://proxy.example/*');
    granted.add('https://rpc.example/*');
    await run('settings.useCustomEndpoint', { field: 'apiBaseUrl', url: 'https://proxy.example/api/v1' });
    await run('settings.useCustomEndpoint', { field: 'baseRpcUrl', url: 'https://rpc.example/base' });
    expect((await run('settings.endpoints')).custom.map((c) => c.field)).toEqual([
      'apiBaseUrl',
      'baseRpcUrl',
    ]);
    const state = await run('settings.useVeniceEndpoints');
    expect(state.custom).toEqual([]);
    expect(await getSettings()).toMatchObject({
      apiBaseUrl: DEFAULT_SETTINGS.apiBaseUrl,
      baseRpcUrl: DEFAULT_SETTINGS.baseRpcUrl,
      customOrigins: [],
    });
    expect(granted.size).toBe(0);
  });
});
