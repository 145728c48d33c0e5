import { describe, expect, it } from 'vitest';
import type { Deferred } from '@/lib/lazy';
import { createdApiKeyResponse } from '@/lib/venice/endpoints/create-api-key';
import { getApiKeyResponse } from '@/lib/venice/endpoints/get-api-key';
import { billingBalanceResponse } from '@/lib/venice/endpoints/get-billing-balance';
import { rateLimitLogResponse } from '@/lib/venice/endpoints/get-rate-limit-log';
import { rateLimitsResponse } from '@/lib/venice/endpoints/get-rate-limits';
import { usageAnalyticsResponse } from '@/lib/venice/endpoints/get-usage-analytics';
import { usageHistoryResponse } from '@/lib/venice/endpoints/get-usage-history';
import { web3TokenResponse } from '@/lib/venice/endpoints/get-web3-token';
import { listApiKeysResponse } from '@/lib/venice/endpoints/list-api-keys';
import { revokeApiKeyResponse } from '@/lib/venice/endpoints/revoke-api-key';
import { updateApiKeyResponse } from '@/lib/venice/endpoints/update-api-key';
import { VeniceUnexpectedResponseError } from '@/lib/venice/errors';
import { parseResponse, ROW_CAPS } from '@/lib/venice/schemas';
import { UNKNOWN_DATE } from '@/lib/venice/types';
import type { z } from '@/lib/zod';
import {
  KEY_ID,
  TOKEN,
  wireApiKey,
  wireBillingBalance,
  wireBreachLog,
  wireCreated,
  wireList,
  wireMinted,
  wireRateLimits,
  wireUnlimitedApiKey,
  wireUpdated,
  wireUsageAnalytics,
  wireUsageHistory,
  wireWeb3Token,
} from './fixtures';

const ENDPOINT = 'GET /test';

function parse<S extends z.core.$ZodType>(schema: Deferred<S>, json: unknown): z.output<S> {
  return parseResponse(schema, json, { endpoint: ENDPOINT });
}

/** Asserts the typed error, its field path and problem, and returns it. */
function expectUnexpected(
  fn: () => unknown,
  field: string,
  problem?: string | RegExp,
): VeniceUnexpectedResponseError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(VeniceUnexpectedResponseError);
  const err = caught as VeniceUnexpectedResponseError;
  expect(err.code).toBe('venice.unexpected_response');
  expect(err.endpoint).toBe(ENDPOINT);
  expect(err.field).toBe(field);
  if (problem !== undefined) expect(err.problem).toMatch(problem);
  expect(err.message).toContain(ENDPOINT);
  expect(err.message).toContain(field);
  return err;
}

function listWith(entry: Record<string, unknown>): unknown {
  return { object: 'list', data: [entry] };
}

/** The readable keys of a list answer. */
function keysOf(json: unknown) {
  return parse(listApiKeysResponse, json).keys;
}

describe('GET /api_keys (list) and GET /api_keys/{id}', () => {
  it('turns the documented shape into clean keys: usage strings parsed once, vcu dropped', () => {
    const { keys, unreadable } = parse(listApiKeysResponse, wireList());
    expect(unreadable).toBeNull();
    expect(keys).toEqual([
      {
        id: KEY_ID,
        apiKeyType: 'INFERENCE',
        description: 'backend prod',
        createdAt: '2025-10-01T12:00:00.000Z',
        expiresAt: null,
        lastUsedAt: '2026-04-20T10:05:00.000Z',
        last6Chars: '2V2jNW',
        consumptionLimits: { usd: 50, diem: 10 },
        limitPeriod: 'MONTH',
        trailingSevenDays: { usd: 4.2, diem: 1.5 },
        currentPeriodUsage: { usd: 12.5, diem: 0.25 },
        modelPrivacy: 'ALL',
      },
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        apiKeyType: 'ADMIN',
        description: 'ops',
        createdAt: '2025-01-01T00:00:00Z',
        expiresAt: '2027-01-01T00:00:00.000Z',
        lastUsedAt: null,
        last6Chars: 'Zz9Yy8',
        consumptionLimits: { usd: null, diem: null },
        limitPeriod: 'EPOCH',
        trailingSevenDays: { usd: 0, diem: 0 },
        currentPeriodUsage: null,
        modelPrivacy: null,
      },
    ]);
  });

  it('accepts an empty list', () => {
    expect(parse(listApiKeysResponse, { object: 'list', data: [] })).toEqual({ keys: [], unreadable: null });
  });

  it('accepts the singular consumptionLimit where the plural is expected', () => {
    const { consumptionLimits, ...entry } = wireApiKey();
    const [key] = keysOf(listWith({ ...entry, consumptionLimit: consumptionLimits }));
    expect(key?.consumptionLimits).toEqual({ usd: 50, diem: 10 });
  });

  it('treats a missing cap inside the limits as no cap', () => {
    const [key] = keysOf(listWith({ ...wireApiKey(), consumptionLimits: { diem: 3 } }));
    expect(key?.consumptionLimits).toEqual({ usd: null, diem: 3 });
  });

  it('reads "" and missing dates as none, and {} (spec examples) as unknown, never as none', () => {
    const [key] = keysOf(listWith({ ...wireApiKey(), createdAt: '', expiresAt: {}, lastUsedAt: undefined }));
    expect(key).toMatchObject({ createdAt: null, expiresAt: UNKNOWN_DATE, lastUsedAt: null });
  });

  it('tolerates optional blocks missing (old spec: no limitPeriod, usage, modelPrivacy, description)', () => {
    const {
      usage: _u,
      currentPeriodUsage: _c,
      limitPeriod: _l,
      modelPrivacy: _m,
      description: _d,
      ...bare
    } = wireApiKey();
    const [key] = keysOf(listWith(bare));
    expect(key).toMatchObject({
      description: '',
      limitPeriod: null,
      trailingSevenDays: null,
      currentPeriodUsage: null,
      modelPrivacy: null,
    });
  });

  it('tolerates unknown extra fields and does not pass them on', () => {
    const [key] = keysOf(listWith({ ...wireApiKey(), bundledCredits: 5, futureThing: { a: 1 } }));
    expect(key).not.toHaveProperty('futureThing');
    expect(key).not.toHaveProperty('bundledCredits');
    expect(key?.id).toBe(KEY_ID);
  });

  it('accepts usage figures already sent as numbers', () => {
    const [key] = keysOf(
      listWith({ ...wireApiKey(), usage: { trailingSevenDays: { usd: 1.25, diem: 0, vcu: 0 } } }),
    );
    expect(key?.trailingSevenDays).toEqual({ usd: 1.25, diem: 0 });
  });

  it('shows a usage figure that is not a decimal as unknown (null), never as a number', () => {
    const [key] = keysOf(
      listWith({ ...wireApiKey(), usage: { trailingSevenDays: { usd: 'SECRETISH-abc', diem: '0.0000' } } }),
    );
    expect(key?.trailingSevenDays).toBeNull();
    expect(key?.id).toBe(KEY_ID);
  });

  it('shows digits too large to be finite as unknown rather than Infinity', () => {
    const [key] = keysOf(
      listWith({ ...wireApiKey(), currentPeriodUsage: { usd: '9'.repeat(400), diem: '0.0000' } }),
    );
    expect(key?.currentPeriodUsage).toBeNull();
  });

  it('counts a row whose caps cannot be read, names the field, never the value, and keeps the others', () => {
    const list = {
      object: 'list',
      data: [wireUnlimitedApiKey(), { ...wireApiKey(), consumptionLimits: { usd: 'SECRETISH', diem: null } }],
    };
    const { keys, unreadable } = parse(listApiKeysResponse, list);
    expect(keys.map((k) => k.apiKeyType)).toEqual(['ADMIN']);
    expect(unreadable).toEqual({ count: 1, reasons: ['consumptionLimits.usd: expected number'] });
    expect(JSON.stringify(unreadable)).not.toContain('SECRETISH');
  });

  it('counts a key with neither consumptionLimits nor consumptionLimit (no cap is never guessed)', () => {
    const { consumptionLimits: _c, ...entry } = wireApiKey();
    expect(parse(listApiKeysResponse, listWith(entry))).toEqual({
      keys: [],
      unreadable: { count: 1, reasons: ['consumptionLimits: missing'] },
    });
  });

  it('keeps unknown enum values as sent (type, privacy, period), and counts a row without id', () => {
    const [key] = keysOf(
      listWith({ ...wireApiKey(), apiKeyType: 'SUPER', modelPrivacy: 'NEW_VALUE', limitPeriod: 'WEEK' }),
    );
    expect(key).toMatchObject({ apiKeyType: 'SUPER', modelPrivacy: 'NEW_VALUE', limitPeriod: 'WEEK' });
    const { id: _id, ...noId } = wireApiKey();
    expect(parse(listApiKeysResponse, listWith(noId)).unreadable).toEqual({
      count: 1,
      reasons: ['id: missing'],
    });
  });

  it('reads dates that are not ISO strings as unknown (Date.parse alone would accept "1")', () => {
    for (const bad of ['yesterday', '1', 42, { at: 1 }, '2026-13-45T99:00:00Z']) {
      const [key] = keysOf(listWith({ ...wireApiKey(), createdAt: bad }));
      expect(key?.createdAt).toBe(UNKNOWN_DATE);
    }
  });

  it('counts many odd rows once each, with at most 3 distinct reasons', () => {
    const { id: _id, ...noId } = wireApiKey();
    const { last6Chars: _l, ...noTail } = wireApiKey();
    const data = [noId, noId, noTail, 5, null, wireApiKey()];
    const { keys, unreadable } = parse(listApiKeysResponse, { object: 'list', data });
    expect(keys).toHaveLength(1);
    expect(unreadable?.count).toBe(5);
    expect(unreadable?.reasons).toEqual(['id: missing', 'last6Chars: missing', 'the entry: expected object']);
  });

  it('rejects a body that is not a list', () => {
    expectUnexpected(
      () => parse(listApiKeysResponse, { object: 'list', data: {} }),
      'data',
      /expected array/,
    );
    expectUnexpected(() => parse(listApiKeysResponse, null), '', /expected object/);
    expectUnexpected(() => parse(listApiKeysResponse, []), '', /expected object/);
  });

  it('GET /api_keys/{id} unwraps { data: key }', () => {
    expect(parse(getApiKeyResponse, { data: wireUnlimitedApiKey() }).apiKeyType).toBe('ADMIN');
    expectUnexpected(() => parse(getApiKeyResponse, wireUnlimitedApiKey()), 'data', 'missing');
  });
});

describe('PATCH /api_keys and DELETE /api_keys', () => {
  it('reads the PATCH answer (plural limits, no usage block)', () => {
    const key = parse(updateApiKeyResponse, wireUpdated());
    expect(key).toMatchObject({
      description: 'renamed',
      trailingSevenDays: null,
      consumptionLimits: { usd: 50 },
    });
  });

  it('reads { success } from DELETE', () => {
    expect(parse(revokeApiKeyResponse, { success: true })).toBe(true);
    expect(parse(revokeApiKeyResponse, { success: false })).toBe(false);
    expectUnexpected(() => parse(revokeApiKeyResponse, { success: 'yes' }), 'success', /expected boolean/);
  });
});

describe('POST /api_keys and POST /api_keys/generate_web3_key', () => {
  const requested = {
    apiKeyType: 'INFERENCE' as const,
    description: 'backend prod',
    consumptionLimit: { usd: 0, diem: 7 },
  };

  it('reads the created key with its secret, singular limits', () => {
    expect(parse(createdApiKeyResponse(requested), wireCreated())).toEqual({
      id: KEY_ID,
      apiKey: 'VENICE_INFERENCE_KEY_synthCreatedSecret000000000000000',
      apiKeyType: 'INFERENCE',
      description: 'backend prod',
      expiresAt: '2026-12-31T23:59:59.000Z',
      consumptionLimits: { usd: 50, diem: 10 },
      limitPeriod: 'MONTH',
    });
  });

  it('never loses the secret to a cosmetic field: falls back to what was requested', () => {
    const wire = wireCreated();
    const data = wire.data as Record<string, unknown>;
    Object.assign(data, { apiKeyType: 'WEIRD', consumptionLimit: 'n/a', limitPeriod: 7, expiresAt: 5 });
    delete data.description;
    const created = parse(
      createdApiKeyResponse({ ...requested, expiresAt: '2026-12-31', limitPeriod: 'LIFETIME' }),
      wire,
    );
    expect(created).toEqual({
      id: KEY_ID,
      apiKey: 'VENICE_INFERENCE_KEY_synthCreatedSecret000000000000000',
      apiKeyType: 'INFERENCE',
      description: 'backend prod',
      expiresAt: '2026-12-31',
      consumptionLimits: { usd: 0, diem: 7 },
      limitPeriod: 'LIFETIME',
    });
  });

  it('web3: the caps we sent win over the unreliable echo (DIEM-only and usd 0 come back null)', () => {
    const minted = parse(createdApiKeyResponse({ ...requested, preferRequestedLimits: true }), wireMinted());
    expect(minted.consumptionLimits).toEqual({ usd: 0, diem: 7 });
    expect(minted.apiKey).toBe('VENICE_INFERENCE_KEY_synthMintedSecret0000000000000000');
    // A cap we did not send keeps the echo.
    const echoOnly = parse(
      createdApiKeyResponse({ apiKeyType: 'INFERENCE', preferRequestedLimits: true }),
      wireMinted(),
    );
    expect(echoOnly.consumptionLimits).toEqual({ usd: null, diem: null });
  });

  it('rejects a created answer without the secret or id', () => {
    const noSecret = wireCreated();
    delete (noSecret.data as Record<string, unknown>).apiKey;
    expectUnexpected(() => parse(createdApiKeyResponse(requested), noSecret), 'data.apiKey', 'missing');
    const emptySecret = wireCreated();
    (emptySecret.data as Record<string, unknown>).apiKey = '';
    expectUnexpected(() => parse(createdApiKeyResponse(requested), emptySecret), 'data.apiKey', /range/);
    const noId = wireCreated();
    delete (noId.data as Record<string, unknown>).id;
    expectUnexpected(() => parse(createdApiKeyResponse(requested), noId), 'data.id', 'missing');
  });

  it('reads the web3 token verbatim', () => {
    expect(parse(web3TokenResponse, wireWeb3Token())).toBe(TOKEN);
    expectUnexpected(() => parse(web3TokenResponse, { success: true, data: { token: '' } }), 'data.token');
    expectUnexpected(() => parse(web3TokenResponse, { success: true, data: { token: 5 } }), 'data.token');
  });
});

describe('GET /api_keys/rate_limits', () => {
  it('reads the documented shape (UPPERCASE balances, empty inner arrays)', () => {
    expect(parse(rateLimitsResponse, wireRateLimits())).toEqual({
      accessPermitted: true,
      apiTier: { id: 'paid', isCharged: true },
      balances: { USD: 50.23, DIEM: 100.023, BUNDLED_CREDITS: 25 },
      keyExpiration: null,
      nextEpochBegins: '2026-04-21T00:00:00.000Z',
      rateLimits: [
        {
          apiModelId: 'zai-org-glm-5-1',
          limits: [
            { type: 'RPM', amount: 100 },
            { type: 'TPM', amount: 2000000 },
          ],
        },
        { apiModelId: 'video-model', limits: [] },
      ],
    });
  });

  it('keeps missing balances missing and accepts lowercase keys', () => {
    const wire = wireRateLimits();
    (wire.data as Record<string, unknown>).balances = { usd: 3, DIEM: null };
    expect(parse(rateLimitsResponse, wire).balances).toEqual({ USD: 3 });
    (wire.data as Record<string, unknown>).balances = {};
    expect(parse(rateLimitsResponse, wire).balances).toEqual({});
  });

  it('keeps an optional apiModelId absent as null and an unknown limit type as sent', () => {
    const wire = wireRateLimits();
    (wire.data as Record<string, unknown>).rateLimits = [{ rateLimits: [{ type: 'TPD', amount: 5 }] }];
    expect(parse(rateLimitsResponse, wire).rateLimits).toEqual([
      { apiModelId: null, limits: [{ type: 'TPD', amount: 5 }] },
    ]);
  });

  it('reads {} and malformed dates as unknown, and leaves out a model entry it cannot read', () => {
    const wire = wireRateLimits();
    Object.assign(wire.data as Record<string, unknown>, {
      keyExpiration: {},
      nextEpochBegins: 'soon',
      rateLimits: [{ apiModelId: 5 }, { apiModelId: 'm', rateLimits: [] }],
      apiTier: 'paid',
    });
    expect(parse(rateLimitsResponse, wire)).toMatchObject({
      keyExpiration: UNKNOWN_DATE,
      nextEpochBegins: UNKNOWN_DATE,
      rateLimits: [{ apiModelId: 'm', limits: [] }],
      apiTier: null,
    });
  });

  it('rejects a missing accessPermitted and a balance sent as text', () => {
    const wire = wireRateLimits();
    delete (wire.data as Record<string, unknown>).accessPermitted;
    expectUnexpected(() => parse(rateLimitsResponse, wire), 'data.accessPermitted', 'missing');
    const wire2 = wireRateLimits();
    (wire2.data as Record<string, unknown>).balances = { USD: '50.23' };
    expectUnexpected(() => parse(rateLimitsResponse, wire2), 'data.balances.USD', /expected number/);
  });
});

describe('GET /api_keys/rate_limits/log', () => {
  it('reads breaches, endpoint: and model:unknown ids included', () => {
    const { entries: log, unreadable } = parse(rateLimitLogResponse, wireBreachLog());
    expect(unreadable).toBeNull();
    expect(log.map((b) => b.modelId)).toEqual([
      'zai-org-glm-5-1',
      'endpoint:api/v1/crypto/rpc',
      'model:unknown',
    ]);
    expect(log[1]).toEqual({
      apiKeyId: KEY_ID,
      modelId: 'endpoint:api/v1/crypto/rpc',
      rateLimitTier: 'paid',
      rateLimitType: 'FAILED_REQUESTS',
      timestamp: '2026-04-20T12:30:00.000Z',
    });
  });

  it('keeps an unknown future rateLimitType as its string', () => {
    const wire = wireBreachLog();
    (wire.data as Record<string, unknown>[])[0]!.rateLimitType = 'IMAGES_PER_HOUR';
    expect(parse(rateLimitLogResponse, wire).entries[0]?.rateLimitType).toBe('IMAGES_PER_HOUR');
  });

  it('shows an entry with a missing or malformed timestamp with an unknown time, and counts one it cannot read', () => {
    const wire = wireBreachLog();
    const rows = wire.data as Record<string, unknown>[];
    delete rows[2]!.timestamp;
    rows[1]!.timestamp = {};
    delete rows[0]!.apiKeyId;
    const { entries, unreadable } = parse(rateLimitLogResponse, wire);
    expect(entries.map((e) => e.timestamp)).toEqual([UNKNOWN_DATE, UNKNOWN_DATE]);
    expect(unreadable).toEqual({ count: 1, reasons: ['apiKeyId: missing'] });
  });
});

describe('GET /billing/balance', () => {
  it('reads the documented shape (lowercase keys)', () => {
    expect(parse(billingBalanceResponse, wireBillingBalance())).toEqual({
      canConsume: true,
      consumptionCurrency: 'DIEM',
      balances: { usd: 12.25, diem: 95.5, bundledCredits: null, earnedCredits: 3 },
      diemEpochAllocation: 100,
    });
  });

  it('accepts the spec shape (no bundled/earned credits) and UPPERCASE keys', () => {
    const out = parse(billingBalanceResponse, {
      canConsume: false,
      consumptionCurrency: null,
      balances: { USD: 1, DIEM: null },
      diemEpochAllocation: 0,
    });
    expect(out.balances).toEqual({ usd: 1, diem: null, bundledCredits: null, earnedCredits: null });
    expect(out.consumptionCurrency).toBeNull();
  });

  it('keeps an unknown currency as sent, and rejects a text balance (never shown as 0)', () => {
    expect(
      parse(billingBalanceResponse, { ...wireBillingBalance(), consumptionCurrency: 'BTC' })
        .consumptionCurrency,
    ).toBe('BTC');
    expectUnexpected(
      () => parse(billingBalanceResponse, { ...wireBillingBalance(), balances: { usd: 'lots' } }),
      'balances.usd',
      /expected number/,
    );
  });
});

describe('GET /billing/usage-history', () => {
  it('reads a page', () => {
    const page = parse(usageHistoryResponse, wireUsageHistory());
    expect(page.nextCursor).toBe('abc_DEF-123');
    expect(page.data[0]).toEqual({
      amount: -0.0123,
      currency: 'USD',
      inferenceDetails: {
        requestId: 'req_1',
        promptTokens: 1200,
        completionTokens: 340,
        inferenceExecutionTime: 812,
      },
      notes: 'API Inference',
      pricePerUnitUsd: 0.5,
      sku: 'zai-org-glm-5-1-llm-input-mtoken',
      timestamp: '2026-04-20T10:05:00.000Z',
      units: 0.0012,
    });
    expect(page.data[1]?.inferenceDetails).toBeNull();
  });

  it('reads the last page (nextCursor null or missing) and null token counts', () => {
    const wire = wireUsageHistory();
    wire.nextCursor = null;
    (wire.data as Record<string, unknown>[])[0]!.inferenceDetails = { requestId: 'r', promptTokens: null };
    const page = parse(usageHistoryResponse, wire);
    expect(page.nextCursor).toBeNull();
    expect(page.data[0]?.inferenceDetails).toEqual({
      requestId: 'r',
      promptTokens: null,
      completionTokens: null,
      inferenceExecutionTime: null,
    });
    delete wire.nextCursor;
    expect(parse(usageHistoryResponse, wire).nextCursor).toBeNull();
  });

  it('rejects fractional token counts and text amounts', () => {
    const wire = wireUsageHistory();
    (wire.data as Record<string, unknown>[])[0]!.inferenceDetails = { requestId: 'r', promptTokens: 1.5 };
    expectUnexpected(() => parse(usageHistoryResponse, wire), 'data[0].inferenceDetails.promptTokens');
    const wire2 = wireUsageHistory();
    (wire2.data as Record<string, unknown>[])[1]!.amount = '10';
    expectUnexpected(() => parse(usageHistoryResponse, wire2), 'data[1].amount', /expected number/);
  });
});

describe('GET /billing/usage-analytics', () => {
  it('reads the documented shape (UPPERCASE byDate, totalX elsewhere, ms dates in series)', () => {
    const a = parse(usageAnalyticsResponse, wireUsageAnalytics());
    expect(a.byDate[0]).toEqual({ date: '2024-01-15', USD: 0.5, DIEM: 10.25 });
    expect(a.byModel[0]?.breakdown).toHaveLength(2);
    expect(a.byModel[1]).toEqual({
      modelName: 'Flux',
      unitType: 'images',
      modelType: null,
      totalUsd: 0.1,
      totalDiem: 0,
      totalUnits: 3,
    });
    expect(a.byKey[1]?.apiKeyId).toBeNull();
    expect({ ...a.byModelDaily[0] }).toEqual({ date: 1705276800000, 'GLM 5.1': 5.5, 'Kimi K2.6': 3.2 });
    expect(a.topKeyNames).toEqual(['Production Key', 'Web App']);
  });

  it('rejects a series value that is not a number and a missing required array', () => {
    const wire = wireUsageAnalytics();
    wire.byKeyDaily = [{ date: 1, 'Production Key': 'x' }];
    expectUnexpected(
      () => parse(usageAnalyticsResponse, wire),
      'byKeyDaily[0]["Production Key"]',
      /expected number/,
    );
    const wire2 = wireUsageAnalytics();
    delete wire2.topModels;
    expectUnexpected(() => parse(usageAnalyticsResponse, wire2), 'topModels', 'missing');
  });

  it('does not let a hostile series key touch any prototype', () => {
    const wire = JSON.parse(
      '{"lookback":"7d","byDate":[],"byModel":[],"byKey":[],"topModels":[],"topKeyNames":[],' +
        '"byKeyDaily":[],"byModelDaily":[{"date":1,"__proto__":5,"constructor":2}]}',
    );
    const a = parse(usageAnalyticsResponse, wire);
    expect(a.byModelDaily[0]?.date).toBe(1);
    expect(a.byModelDaily[0]?.constructor).toBe(2);
    expect(Object.getPrototypeOf(a.byModelDaily[0])).toBeNull();
    expect(({} as Record<string, unknown>).date).toBeUndefined();
  });
});

describe('list lengths are capped before the entries are read', () => {
  it('a key list longer than the cap shows the first rows and counts the rest, saying why', () => {
    const extra = 7;
    const rows = Array.from({ length: ROW_CAPS.keys + extra }, () => wireApiKey());
    const { keys, unreadable } = parse(listApiKeysResponse, { object: 'list', data: rows });
    expect(keys).toHaveLength(ROW_CAPS.keys);
    expect(unreadable?.count).toBe(extra);
    expect(unreadable?.reasons[0]).toBe('more than 1,000 entries: only the first 1,000 were read');
  });

  it('a list at the cap is read whole, with nothing counted', () => {
    const rows = Array.from({ length: ROW_CAPS.breaches }, () => (wireBreachLog().data as unknown[])[0]);
    const { entries, unreadable } = parse(rateLimitLogResponse, { object: 'list', data: rows });
    expect(entries).toHaveLength(ROW_CAPS.breaches);
    expect(unreadable).toBeNull();
  });

  it('a breach log past its cap is cut to the cap, the rest counted', () => {
    const rows = Array.from({ length: ROW_CAPS.breaches + 1 }, () => (wireBreachLog().data as unknown[])[0]);
    const { entries, unreadable } = parse(rateLimitLogResponse, { object: 'list', data: rows });
    expect(entries).toHaveLength(ROW_CAPS.breaches);
    expect(unreadable?.count).toBe(1);
  });

  it('a usage-history page longer than Venice ever sends is refused whole, naming the field', () => {
    const entry = {
      amount: -0.01,
      currency: 'USD',
      inferenceDetails: null,
      notes: 'x',
      pricePerUnitUsd: 1,
      sku: 'llama-3.3-70b-llm-output-mtoken',
      timestamp: '2026-11-01T00:00:00.000Z',
      units: 0.01,
    };
    const ok = { data: Array.from({ length: ROW_CAPS.historyPage }, () => entry), nextCursor: null };
    expect(parse(usageHistoryResponse, ok).data).toHaveLength(ROW_CAPS.historyPage);
    const tooMany = { data: Array.from({ length: ROW_CAPS.historyPage + 1 }, () => entry), nextCursor: null };
    expect(() => parse(usageHistoryResponse, tooMany)).toThrow(VeniceUnexpectedResponseError);
    expect(() => parse(usageHistoryResponse, tooMany)).toThrow(/data.*more than 1,000 entries/);
  });

  it('an analytics series past its cap is refused before its rows are parsed', () => {
    // Rows that would each fail parsing: the length check must answer first, with its own reason.
    const series = Array.from({ length: ROW_CAPS.analyticsRows + 1 }, () => 'not a row');
    const body = {
      lookback: '7d',
      byDate: series,
      byModel: [],
      byKey: [],
      byModelDaily: [],
      byKeyDaily: [],
      topModels: [],
      topKeyNames: [],
    };
    expect(() => parse(usageAnalyticsResponse, body)).toThrow(/byDate.*more than 20,000 entries/);
  });
});
