import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVeniceClient } from '@/lib/venice/client';
import {
  VeniceConfigError,
  VeniceInvalidInputError,
  VeniceMalformedResponseError,
  VeniceNetworkError,
  VeniceRateLimitError,
  VeniceServerError,
  VeniceTimeoutError,
  VeniceUnexpectedResponseError,
  VeniceValidationError,
} from '@/lib/venice/errors';
import type { UsageAnalyticsQuery, VeniceClient, VeniceClientOptions } from '@/lib/venice/types';
import { createFakeFetch, json, type Step, text } from './fake-fetch';
import {
  ADMIN_SECRET,
  KEY_ID,
  SIGNATURE,
  TOKEN,
  WALLET,
  wireApiKey,
  wireCreated,
  wireList,
  wireMinted,
  wireRateLimits,
  wireUpdated,
  wireUsageAnalytics,
  wireUsageHistory,
  wireWeb3Token,
} from './fixtures';

const BASE = 'http://127.0.0.1:4010/api/v1';

function setup(steps: Step[], options: Partial<VeniceClientOptions> = {}) {
  const fake = createFakeFetch(steps);
  const client = createVeniceClient({ baseUrl: BASE, fetch: fake.fetch, random: () => 0.5, ...options });
  return { client, ...fake };
}

/** Settles a promise into a value we can assert on without unhandled rejections. */
async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  const r = await settle(p);
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
}

describe('requests on the wire', () => {
  it('GET /api_keys: Bearer auth, JSON accept, no body, no cookies', async () => {
    const { client, calls } = setup([json(200, wireList())]);
    const { keys } = await client.listApiKeys(ADMIN_SECRET);
    expect(keys).toHaveLength(2);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url.href).toBe(`${BASE}/api_keys`);
    expect(call?.method).toBe('GET');
    expect(call?.headers.get('authorization')).toBe(`Bearer ${ADMIN_SECRET}`);
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.headers.get('content-type')).toBeNull();
    expect(call?.body).toBeUndefined();
    expect(call?.init.credentials).toBe('omit');
  });

  it('normalizes the base URL (trailing slashes) and refuses unusable ones', async () => {
    const { client, calls } = setup([json(200, wireRateLimits())], { baseUrl: `${BASE}///` });
    await client.getRateLimits(ADMIN_SECRET);
    expect(calls[0]?.url.href).toBe(`${BASE}/api_keys/rate_limits`);
    for (const bad of [
      'not a url',
      'ftp://example.com/api',
      'https://u:p@example.com/api',
      'https://x.test/api?a=1',
    ]) {
      expect(() => createVeniceClient({ baseUrl: bad })).toThrow(VeniceConfigError);
    }
  });

  it('GET /api_keys/{id} encodes the id and refuses ids that could change the path', async () => {
    const { client, calls } = setup([json(200, { data: wireApiKey() })]);
    expect((await client.getApiKey(ADMIN_SECRET, KEY_ID)).id).toBe(KEY_ID);
    expect(calls[0]?.url.pathname).toBe(`/api/v1/api_keys/${KEY_ID}`);
    for (const bad of [
      '',
      'rate_limits',
      'generate_web3_key',
      '../billing',
      'a/b',
      'x?y=1',
      'id with space',
    ]) {
      expect(await rejection(client.getApiKey(ADMIN_SECRET, bad))).toBeInstanceOf(VeniceInvalidInputError);
    }
    expect(calls).toHaveLength(1);
  });

  it('POST /api_keys sends exactly the validated fields; modelPrivacy only when set; never vcu', async () => {
    const { client, calls } = setup([json(200, wireCreated()), json(200, wireCreated())]);
    const created = await client.createApiKey(ADMIN_SECRET, {
      apiKeyType: 'INFERENCE',
      description: 'backend prod',
    });
    expect(created.apiKey).toMatch(/^VENICE_INFERENCE_KEY_/);
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.url.href).toBe(`${BASE}/api_keys`);
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.body).toEqual({ apiKeyType: 'INFERENCE', description: 'backend prod' });

    await client.createApiKey(ADMIN_SECRET, {
      apiKeyType: 'ADMIN',
      description: 'd',
      expiresAt: '2026-12-31T23:59:59.123Z',
      consumptionLimit: { usd: 0, diem: null },
      limitPeriod: 'LIFETIME',
      modelPrivacy: 'PRIVATE_TEXT',
    });
    expect(calls[1]?.body).toEqual({
      apiKeyType: 'ADMIN',
      description: 'd',
      expiresAt: '2026-12-31T23:59:59.123Z',
      consumptionLimit: { usd: 0, diem: null },
      limitPeriod: 'LIFETIME',
      modelPrivacy: 'PRIVATE_TEXT',
    });
  });

  it('PATCH /api_keys puts the id in the body; null expiresAt clears', async () => {
    const { client, calls } = setup([json(200, wireUpdated())]);
    const key = await client.updateApiKey(ADMIN_SECRET, {
      id: KEY_ID,
      description: 'renamed',
      expiresAt: null,
    });
    expect(key.description).toBe('renamed');
    expect(calls[0]?.method).toBe('PATCH');
    expect(calls[0]?.url.href).toBe(`${BASE}/api_keys`);
    expect(calls[0]?.body).toEqual({ id: KEY_ID, description: 'renamed', expiresAt: null });
  });

  it('DELETE /api_keys?id=, no body; success:false is an error', async () => {
    const { client, calls } = setup([json(200, { success: true }), json(200, { success: false })]);
    await expect(client.revokeApiKey(ADMIN_SECRET, KEY_ID)).resolves.toBeUndefined();
    expect(calls[0]?.method).toBe('DELETE');
    expect(calls[0]?.url.pathname).toBe('/api/v1/api_keys');
    expect(calls[0]?.url.searchParams.get('id')).toBe(KEY_ID);
    expect(calls[0]?.body).toBeUndefined();
    const err = await rejection(client.revokeApiKey(ADMIN_SECRET, KEY_ID));
    expect(err).toBeInstanceOf(VeniceUnexpectedResponseError);
    expect((err as Error).message).toMatch(/did not confirm the revocation/);
  });

  it('web3 calls carry no Authorization; the mint sends JSON', async () => {
    const { client, calls } = setup([json(200, wireWeb3Token()), json(200, wireMinted())]);
    expect(await client.getWeb3Token()).toBe(TOKEN);
    const minted = await client.mintWeb3Key({
      apiKeyType: 'INFERENCE',
      address: WALLET,
      signature: SIGNATURE,
      token: TOKEN,
      consumptionLimit: { diem: 5 },
    });
    expect(minted.consumptionLimits).toEqual({ usd: null, diem: 5 });
    for (const call of calls) expect(call.headers.get('authorization')).toBeNull();
    expect(calls[0]?.url.href).toBe(`${BASE}/api_keys/generate_web3_key`);
    expect(calls[1]?.method).toBe('POST');
    expect(calls[1]?.headers.get('content-type')).toBe('application/json');
    expect(calls[1]?.body).toEqual({
      apiKeyType: 'INFERENCE',
      address: WALLET,
      signature: SIGNATURE,
      token: TOKEN,
      consumptionLimit: { diem: 5 },
    });
  });

  it('usage-history: filters on the first page, only the cursor after', async () => {
    const { client, calls } = setup([json(200, wireUsageHistory()), json(200, wireUsageHistory())]);
    await client.getUsageHistory(ADMIN_SECRET, {
      startTimestamp: '2026-01-01T00:00:00Z',
      endTimestamp: '2026-02-01T00:00:00.000Z',
      currency: 'DIEM',
      pageSize: 100,
    });
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({
      startTimestamp: '2026-01-01T00:00:00Z',
      endTimestamp: '2026-02-01T00:00:00.000Z',
      currency: 'DIEM',
      pageSize: '100',
    });
    await client.getUsageHistory(ADMIN_SECRET, { currency: 'DIEM', pageSize: 100, cursor: 'abc_DEF-123' });
    expect(Object.fromEntries(calls[1]!.url.searchParams)).toEqual({ cursor: 'abc_DEF-123' });
  });

  it('usage-history: refuses bad queries before sending', async () => {
    const { client, calls } = setup([]);
    const bad = [
      { pageSize: 5 },
      { pageSize: 1001 },
      { pageSize: 10.5 },
      { startTimestamp: '2026-01-01' },
      { startTimestamp: '2026-01-02T00:00:00Z', endTimestamp: '2026-01-01T00:00:00Z' },
      { currency: 'VCU' as 'USD' },
      { cursor: 'has space' },
      { cursor: 'x'.repeat(513) },
    ];
    for (const query of bad) {
      expect(await rejection(client.getUsageHistory(ADMIN_SECRET, query))).toBeInstanceOf(
        VeniceInvalidInputError,
      );
    }
    expect(calls).toHaveLength(0);
  });

  it('usage-analytics: lookback or both dates; refuses a lone date and spans over 90 days', async () => {
    const { client, calls } = setup([json(200, wireUsageAnalytics()), json(200, wireUsageAnalytics())]);
    await client.getUsageAnalytics(ADMIN_SECRET, { lookback: '30d' });
    expect(calls[0]?.url.search).toBe('?lookback=30d');
    await client.getUsageAnalytics(ADMIN_SECRET, { startDate: '2026-01-01', endDate: '2026-03-31' });
    expect(Object.fromEntries(calls[1]!.url.searchParams)).toEqual({
      startDate: '2026-01-01',
      endDate: '2026-03-31',
    });
    const bad: UsageAnalyticsQuery[] = [
      { lookback: '0d' },
      { lookback: '91d' },
      { lookback: '7' as '7d' },
      { startDate: '2026-01-01' } as never,
      { startDate: '2026-01-01', endDate: '2026-04-01' },
      { startDate: '2026-02-01', endDate: '2026-01-01' },
      { startDate: '2026-02-30', endDate: '2026-03-01' },
    ];
    for (const query of bad) {
      expect(await rejection(client.getUsageAnalytics(ADMIN_SECRET, query))).toBeInstanceOf(
        VeniceInvalidInputError,
      );
    }
    expect(calls).toHaveLength(2);
  });

  it('refuses a secret that cannot be a header value, without sending anything', async () => {
    const { client, calls } = setup([]);
    for (const secret of ['', 'VENICE_ADMIN_KEY_abc\r\nX-Evil: 1', 'VENICE_ADMIN_KEY_ä']) {
      const err = await rejection(client.listApiKeys(secret));
      expect(err).toBeInstanceOf(VeniceInvalidInputError);
      expect((err as Error).message).not.toContain('VENICE_ADMIN_KEY_');
    }
    expect(calls).toHaveLength(0);
  });
});

describe('request bodies are validated before anything is sent', () => {
  let client: VeniceClient;
  let calls: ReturnType<typeof setup>['calls'];
  beforeEach(() => {
    ({ client, calls } = setup([]));
  });
  afterEach(() => {
    expect(calls).toHaveLength(0);
  });

  async function invalid(p: Promise<unknown>): Promise<VeniceInvalidInputError> {
    const err = await rejection(p);
    expect(err).toBeInstanceOf(VeniceInvalidInputError);
    return err as VeniceInvalidInputError;
  }

  it('an unknown field is impossible to send', async () => {
    const err = await invalid(
      client.createApiKey(ADMIN_SECRET, {
        apiKeyType: 'INFERENCE',
        description: 'x',
        isAdmin: true,
      } as never),
    );
    expect(err.message).toContain('isAdmin');
    const err2 = await invalid(
      client.createApiKey(ADMIN_SECRET, {
        apiKeyType: 'INFERENCE',
        description: 'x',
        consumptionLimit: { usd: 1, vcu: 5 } as never,
      }),
    );
    expect(err2.fieldErrors[0]?.field).toBe('consumptionLimit');
    expect(err2.message).toContain('vcu');
    // apiKeyType is immutable: PATCH must not carry it.
    const err3 = await invalid(
      client.updateApiKey(ADMIN_SECRET, { id: KEY_ID, apiKeyType: 'ADMIN' } as never),
    );
    expect(err3.message).toContain('apiKeyType');
  });

  it('a description of 65 characters is refused; 64 is the limit', async () => {
    const err = await invalid(
      client.createApiKey(ADMIN_SECRET, { apiKeyType: 'INFERENCE', description: 'x'.repeat(65) }),
    );
    expect(err.fieldErrors).toEqual([
      { field: 'description', message: 'The description is 65 characters long; Venice allows at most 64.' },
    ]);
    await invalid(client.updateApiKey(ADMIN_SECRET, { id: KEY_ID, description: 'é'.repeat(65) }));
    await invalid(
      client.mintWeb3Key({
        apiKeyType: 'INFERENCE',
        address: WALLET,
        signature: SIGNATURE,
        token: TOKEN,
        description: 'y'.repeat(65),
      }),
    );
  });

  it.each([
    '2026-12-31T23:59:59',
    '2026-12-31T23:59:59+02:00',
    '2026-12-31T23:59:59.12Z',
    '2026-12-31T23:59:59.1234Z',
    '2026-12-31 23:59:59Z',
    '2026-02-30',
    '2026-13-01',
    '2026-12-31T24:00:00Z',
    '2026-1-1',
    ' 2026-12-31',
    '31/12/2026',
    'never',
  ])('a malformed expiresAt (%j) is refused', async (expiresAt) => {
    const err = await invalid(
      client.createApiKey(ADMIN_SECRET, { apiKeyType: 'INFERENCE', description: 'x', expiresAt }),
    );
    expect(err.fieldErrors[0]?.field).toBe('expiresAt');
  });

  it.each([-1, 10_000_000_000, Number.NaN, Number.POSITIVE_INFINITY, '5'])(
    'a cap outside 0–9,999,999,999 (%s) is refused',
    async (usd) => {
      const err = await invalid(
        client.createApiKey(ADMIN_SECRET, {
          apiKeyType: 'INFERENCE',
          description: 'x',
          consumptionLimit: { usd: usd as number },
        }),
      );
      expect(err.fieldErrors[0]?.field).toBe('consumptionLimit.usd');
    },
  );

  it('an update must change something, and needs an id', async () => {
    const err = await invalid(client.updateApiKey(ADMIN_SECRET, { id: KEY_ID }));
    expect(err.message).toBe('Choose at least one thing to change.');
    await invalid(client.updateApiKey(ADMIN_SECRET, { id: '', description: 'x' }));
    await invalid(client.updateApiKey(ADMIN_SECRET, { id: 'rate_limits', description: 'x' }));
  });

  it('a mint needs a 0x address, a 65-byte signature and the token verbatim', async () => {
    const base = { apiKeyType: 'INFERENCE' as const, address: WALLET, signature: SIGNATURE, token: TOKEN };
    expect((await invalid(client.mintWeb3Key({ ...base, address: '0x1234' }))).fieldErrors[0]?.field).toBe(
      'address',
    );
    expect((await invalid(client.mintWeb3Key({ ...base, signature: '0xabcd' }))).fieldErrors[0]?.field).toBe(
      'signature',
    );
    expect((await invalid(client.mintWeb3Key({ ...base, token: ` ${TOKEN}` }))).fieldErrors[0]?.field).toBe(
      'token',
    );
    await invalid(client.mintWeb3Key({ ...base, apiKeyType: 'ROOT' as 'ADMIN' }));
  });
});

describe('the retry policy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries a GET after a 503, with backoff, then succeeds', async () => {
    const { client, calls } = setup([json(503, { error: 'Service Unavailable' }), json(200, wireList())]);
    const result = settle(client.listApiKeys(ADMIN_SECRET));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    // First step: ceiling 500 ms, equal jitter with random 0.5 → 375 ms.
    await vi.advanceTimersByTimeAsync(374);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const r = await result;
    expect(calls).toHaveLength(2);
    expect(r.ok && r.value.keys).toHaveLength(2);
  });

  it('never retries a POST, PATCH or DELETE', async () => {
    const { client, calls } = setup([
      json(503, { error: 'down' }),
      { throw: new TypeError('fetch failed') },
      json(500, { error: 'oops' }),
    ]);
    const e1 = await rejection(
      client.createApiKey(ADMIN_SECRET, { apiKeyType: 'INFERENCE', description: 'x' }),
    );
    expect(e1).toBeInstanceOf(VeniceServerError);
    expect((e1 as Error).message).toMatch(/may still have carried out the change/);
    const e2 = await rejection(client.updateApiKey(ADMIN_SECRET, { id: KEY_ID, description: 'y' }));
    expect(e2).toBeInstanceOf(VeniceNetworkError);
    const e3 = await rejection(client.revokeApiKey(ADMIN_SECRET, KEY_ID));
    expect(e3).toBeInstanceOf(VeniceServerError);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'PATCH', 'DELETE']);
  });

  it('a 429 on create is thrown at once with its Retry-After (not retried, not slept on)', async () => {
    const { client, calls } = setup([json(429, { error: 'Too many requests' }, { 'Retry-After': '42' })]);
    const err = await rejection(
      client.createApiKey(ADMIN_SECRET, { apiKeyType: 'INFERENCE', description: 'x' }),
    );
    expect(err).toBeInstanceOf(VeniceRateLimitError);
    expect(err).toMatchObject({ kind: 'key_creation', retryAfterSeconds: 42, retryable: true });
    expect((err as Error).message).toBe('Venice allows 20 new keys per minute. Try again in 42 seconds.');
    expect(calls).toHaveLength(1);
  });

  it('honours Retry-After (seconds) on a GET exactly', async () => {
    const { client, calls } = setup([
      json(429, { error: 'Rate limit exceeded' }, { 'Retry-After': '3' }),
      json(200, wireList()),
    ]);
    const result = settle(client.listApiKeys(ADMIN_SECRET));
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).ok).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    vi.setSystemTime(new Date('2026-05-01T12:00:00Z'));
    const { client, calls } = setup([
      json(503, { error: 'busy' }, { 'Retry-After': 'Fri, 01 May 2026 12:00:05 GMT' }),
      json(200, wireRateLimits()),
    ]);
    const result = settle(client.getRateLimits(ADMIN_SECRET));
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).ok).toBe(true);
  });

  it('a Retry-After beyond the cap fails at once with retryAfterSeconds instead of sleeping', async () => {
    const { client, calls } = setup([json(429, { error: 'Rate limit exceeded' }, { 'Retry-After': '120' })]);
    const err = await rejection(client.getRateLimitLog(ADMIN_SECRET));
    expect(err).toBeInstanceOf(VeniceRateLimitError);
    expect((err as VeniceRateLimitError).retryAfterSeconds).toBe(120);
    expect(calls).toHaveLength(1);
  });

  it('is bounded: 1 + maxRetries attempts, then the last error', async () => {
    const { client, calls } = setup([json(500, {}), json(502, {}), json(503, {}), json(200, wireList())]);
    const result = settle(client.listApiKeys(ADMIN_SECRET));
    await vi.runAllTimersAsync();
    const r = await result;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBeInstanceOf(VeniceServerError);
    expect(!r.ok && (r.error as VeniceServerError).status).toBe(503);
    expect(calls).toHaveLength(3);

    const zero = setup([json(503, {}), json(200, wireList())], { maxRetries: 0 });
    expect(await rejection(zero.client.listApiKeys(ADMIN_SECRET))).toBeInstanceOf(VeniceServerError);
    expect(zero.calls).toHaveLength(1);
  });

  it('backs off exponentially with jitter between half and all of each step', async () => {
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    const low = setup([json(500, {}), json(500, {}), json(500, {}), json(500, {}), json(500, {})], {
      sleep,
      random: () => 0,
      maxRetries: 4,
    });
    await rejection(low.client.listApiKeys(ADMIN_SECRET));
    expect(delays).toEqual([250, 500, 1000, 2000]);
    delays.length = 0;
    const high = setup(
      [json(500, {}), json(500, {}), json(500, {}), json(500, {}), json(500, {}), json(500, {})],
      {
        sleep,
        random: () => 0.999999,
        maxRetries: 5,
      },
    );
    await rejection(high.client.listApiKeys(ADMIN_SECRET));
    // The step is capped at 8 s.
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('retries network failures and timeouts on GET, but not 4xx or bad JSON', async () => {
    const sleep = async () => {};
    const net = setup([{ throw: new TypeError('fetch failed') }, json(200, wireRateLimits())], { sleep });
    expect((await net.client.getRateLimits(ADMIN_SECRET)).accessPermitted).toBe(true);
    expect(net.calls).toHaveLength(2);

    for (const step of [
      json(400, { error: 'bad' }),
      json(401, { error: 'Authentication failed' }),
      text(200, 'oops'),
    ]) {
      const once = setup([step, json(200, wireList())], { sleep });
      await rejection(once.client.listApiKeys(ADMIN_SECRET));
      expect(once.calls).toHaveLength(1);
    }
  });
});

describe('timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts an attempt after 15 s by default', async () => {
    const { client, calls } = setup(['hang'], { maxRetries: 0 });
    const result = settle(client.listApiKeys(ADMIN_SECRET));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(calls[0]?.init.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const r = await result;
    expect(calls[0]?.init.signal?.aborted).toBe(true);
    expect(!r.ok && r.error).toBeInstanceOf(VeniceTimeoutError);
    expect(!r.ok && (r.error as Error).message).toBe(
      'Venice did not answer within 15 seconds. Try again in a moment.',
    );
  });

  it('times out each GET attempt and retries within the bound', async () => {
    const { client, calls } = setup(['hang', 'hang', 'hang'], { timeoutMs: 1000 });
    const result = settle(client.getBillingBalance(ADMIN_SECRET));
    await vi.runAllTimersAsync();
    const r = await result;
    expect(!r.ok && r.error).toBeInstanceOf(VeniceTimeoutError);
    expect(calls).toHaveLength(3);
  });

  it('a POST that times out is not retried and says it may have been applied', async () => {
    const { client, calls } = setup(['hang', json(200, wireCreated())], { timeoutMs: 1000 });
    const result = settle(client.createApiKey(ADMIN_SECRET, { apiKeyType: 'INFERENCE', description: 'x' }));
    await vi.runAllTimersAsync();
    const r = await result;
    expect(!r.ok && r.error).toBeInstanceOf(VeniceTimeoutError);
    expect(!r.ok && (r.error as Error).message).toMatch(/may still have carried out the change/);
    expect(calls).toHaveLength(1);
  });
});

describe('bodies that are not what they claim', () => {
  it('non-JSON 200 → VeniceMalformedResponseError; JSON of the wrong shape → VeniceUnexpectedResponseError', async () => {
    const { client } = setup([text(200, '<html>captive portal</html>'), json(200, { data: 'nope' })]);
    const e1 = await rejection(client.listApiKeys(ADMIN_SECRET));
    expect(e1).toBeInstanceOf(VeniceMalformedResponseError);
    expect((e1 as Error).message).toContain('GET /api_keys');
    expect((e1 as Error).message).not.toContain('captive');
    const e2 = await rejection(client.listApiKeys(ADMIN_SECRET));
    expect(e2).toBeInstanceOf(VeniceUnexpectedResponseError);
    expect(e2).toMatchObject({ field: 'data', endpoint: 'GET /api_keys' });
  });

  it('a connection dropped mid-body is a network error', async () => {
    const { client } = setup([{ bodyError: new TypeError('terminated') }], { maxRetries: 0 });
    const err = await rejection(client.listApiKeys(ADMIN_SECRET));
    expect(err).toBeInstanceOf(VeniceNetworkError);
    expect((err as Error).message).toBe(
      'Could not reach Venice at 127.0.0.1:4010. Check your internet connection and try again.',
    );
  });

  it('a validation 400 keeps Venice message and flattened details', async () => {
    const { client } = setup([
      json(400, {
        error: 'Invalid request parameters',
        details: { _errors: [], description: { _errors: ['String must contain at most 64 character(s)'] } },
      }),
    ]);
    const err = await rejection(
      client.updateApiKey(ADMIN_SECRET, { id: KEY_ID, description: 'fits locally but not remotely' }),
    );
    expect(err).toBeInstanceOf(VeniceValidationError);
    expect((err as Error).message).toBe(
      'Venice rejected the request: Invalid request parameters\ndescription: String must contain at most 64 character(s)',
    );
  });

  it('logs nothing, whatever happens', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    const { client } = setup(
      [
        json(401, { error: 'Authentication failed' }),
        text(200, 'not json'),
        { throw: new TypeError('fetch failed') },
        json(200, { data: [{ bad: true }] }),
      ],
      { maxRetries: 0 },
    );
    for (let i = 0; i < 4; i++) await settle(client.listApiKeys(ADMIN_SECRET));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
