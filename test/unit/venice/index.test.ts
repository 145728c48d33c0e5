import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { updateSettings } from '@/lib/settings/service';
import {
  createVeniceClient,
  detectKeyType,
  getVeniceClient,
  VeniceAuthError,
  VeniceNoCredentialsError,
  VeniceServerError,
} from '@/lib/venice';
import { createFakeFetch, json, type Step } from './fake-fetch';
import { ADMIN_SECRET, INFERENCE_SECRET, wireList, wireRateLimits } from './fixtures';

function clientWith(steps: Step[]) {
  const fake = createFakeFetch(steps);
  return {
    client: createVeniceClient({
      baseUrl: 'https://api.venice.test/api/v1',
      fetch: fake.fetch,
      maxRetries: 0,
    }),
    ...fake,
  };
}

describe('detectKeyType', () => {
  it('ADMIN when GET /api_keys succeeds (after rate_limits proves the key works)', async () => {
    const { client, calls } = clientWith([json(200, wireRateLimits()), json(200, wireList())]);
    expect(await detectKeyType(client, ADMIN_SECRET)).toBe('ADMIN');
    expect(calls.map((c) => c.url.pathname)).toEqual(['/api/v1/api_keys/rate_limits', '/api/v1/api_keys']);
  });

  it('INFERENCE when GET /api_keys answers "Admin API key required"', async () => {
    const { client } = clientWith([
      json(200, wireRateLimits()),
      json(401, { error: 'Admin API key required' }),
    ]);
    expect(await detectKeyType(client, INFERENCE_SECRET)).toBe('INFERENCE');
  });

  it('a key Venice does not accept fails on rate_limits and goes no further', async () => {
    const { client, calls } = clientWith([json(401, { error: 'Authentication failed' })]);
    await expect(detectKeyType(client, ADMIN_SECRET)).rejects.toBeInstanceOf(VeniceAuthError);
    expect(calls).toHaveLength(1);
  });

  it('other errors propagate rather than guessing a type', async () => {
    const { client } = clientWith([json(200, wireRateLimits()), json(500, { error: 'boom' })]);
    await expect(detectKeyType(client, ADMIN_SECRET)).rejects.toBeInstanceOf(VeniceServerError);
    const second = clientWith([json(200, wireRateLimits()), json(402, { x402Version: 2, accepts: [] })]);
    await expect(detectKeyType(second.client, ADMIN_SECRET)).rejects.toBeInstanceOf(VeniceNoCredentialsError);
  });
});

describe('getVeniceClient', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('builds a client on the API base URL from the settings (a custom endpoint the user allowed)', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    await updateSettings({
      apiBaseUrl: 'https://venice.example.test/custom/v1/',
      customOrigins: ['https://venice.example.test'],
    });
    const fake = createFakeFetch([json(200, wireRateLimits())]);
    vi.stubGlobal('fetch', fake.fetch);
    try {
      const client = await getVeniceClient();
      await client.getRateLimits(ADMIN_SECRET);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fake.calls[0]?.url.href).toBe('https://venice.example.test/custom/v1/api_keys/rate_limits');
  });

  it('defaults to the real Venice API', async () => {
    const fake = createFakeFetch([json(200, wireRateLimits())]);
    vi.stubGlobal('fetch', fake.fetch);
    try {
      await (await getVeniceClient()).getRateLimits(ADMIN_SECRET);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fake.calls[0]?.url.href).toBe('https://api.venice.ai/api/v1/api_keys/rate_limits');
  });
});
