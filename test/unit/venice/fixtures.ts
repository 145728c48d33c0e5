/**
 * Wire fixtures built by hand from FACTS.md §3 (synthetic values). Each builder returns a
 * fresh object so a test can mutate it freely.
 */

export const KEY_ID = 'e28e82dc-9df2-4b47-b726-d0a222ef2ab5';
export const ADMIN_SECRET = 'VENICE_ADMIN_KEY_synthTestAdmin0123456789abcdef';
export const INFERENCE_SECRET = 'VENICE_INFERENCE_KEY_synthTestInference0123456789';
export const WALLET = '0x1111111111111111111111111111111111111111' as const;
export const SIGNATURE = `0x${'ab'.repeat(65)}` as const;
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';

/** §3.1: a list entry of a limited key (so currentPeriodUsage is present). */
export function wireApiKey(): Record<string, unknown> {
  return {
    id: KEY_ID,
    apiKeyType: 'INFERENCE',
    description: 'backend prod',
    createdAt: '2025-10-01T12:00:00.000Z',
    expiresAt: null,
    lastUsedAt: '2026-04-20T10:05:00.000Z',
    last6Chars: '2V2jNW',
    consumptionLimits: { usd: 50, diem: 10, vcu: null },
    limitPeriod: 'MONTH',
    modelPrivacy: 'ALL',
    usage: { trailingSevenDays: { usd: '4.2000', vcu: '0.0000', diem: '1.5000' } },
    currentPeriodUsage: { usd: '12.5000', diem: '0.2500' },
  };
}

/** §3.1: an unlimited key, spec-only fields (no modelPrivacy, no currentPeriodUsage). */
export function wireUnlimitedApiKey(): Record<string, unknown> {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    apiKeyType: 'ADMIN',
    description: 'ops',
    createdAt: '2025-01-01T00:00:00Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    lastUsedAt: null,
    last6Chars: 'Zz9Yy8',
    consumptionLimits: { usd: null, diem: null, vcu: null },
    limitPeriod: 'EPOCH',
    usage: { trailingSevenDays: { usd: '0.0000', vcu: '0.0000', diem: '0.0000' } },
  };
}

export function wireList(): Record<string, unknown> {
  return { object: 'list', data: [wireApiKey(), wireUnlimitedApiKey()] };
}

/** §3.2: POST /api_keys 200 (singular consumptionLimit). */
export function wireCreated(): Record<string, unknown> {
  return {
    success: true,
    data: {
      id: KEY_ID,
      apiKey: 'VENICE_INFERENCE_KEY_synthCreatedSecret000000000000000',
      apiKeyType: 'INFERENCE',
      description: 'backend prod',
      expiresAt: '2026-12-31T23:59:59.000Z',
      consumptionLimit: { usd: 50, diem: 10, vcu: null },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
    },
  };
}

/** §3.3: PATCH 200: plural limits, no usage block. */
export function wireUpdated(): Record<string, unknown> {
  const { usage: _u, currentPeriodUsage: _c, ...rest } = wireApiKey();
  return { success: true, data: { ...rest, description: 'renamed' } };
}

/** §3.6 */
export function wireRateLimits(): Record<string, unknown> {
  return {
    data: {
      accessPermitted: true,
      apiTier: { id: 'paid', isCharged: true },
      balances: { USD: 50.23, DIEM: 100.023, BUNDLED_CREDITS: 25 },
      keyExpiration: null,
      nextEpochBegins: '2026-04-21T00:00:00.000Z',
      rateLimits: [
        {
          apiModelId: 'zai-org-glm-5-1',
          rateLimits: [
            { type: 'RPM', amount: 100 },
            { type: 'TPM', amount: 2000000 },
          ],
        },
        { apiModelId: 'video-model', rateLimits: [] },
      ],
    },
  };
}

/** §3.7 */
export function wireBreachLog(): Record<string, unknown> {
  return {
    object: 'list',
    data: [
      {
        apiKeyId: KEY_ID,
        modelId: 'zai-org-glm-5-1',
        rateLimitType: 'RPM',
        rateLimitTier: 'paid',
        timestamp: '2026-04-20T12:34:56.000Z',
      },
      {
        apiKeyId: KEY_ID,
        modelId: 'endpoint:api/v1/crypto/rpc',
        rateLimitType: 'FAILED_REQUESTS',
        rateLimitTier: 'paid',
        timestamp: '2026-04-20T12:30:00.000Z',
      },
      {
        apiKeyId: KEY_ID,
        modelId: 'model:unknown',
        rateLimitType: 'UNSUPPORTED_FEATURE_REQUESTS',
        rateLimitTier: 'paid',
        timestamp: '2026-04-20T12:00:00.000Z',
      },
    ],
  };
}

/** §3.8 step 1 */
export function wireWeb3Token(): Record<string, unknown> {
  return { success: true, data: { token: TOKEN } };
}

/** §3.8 step 3: the unreliable echo (diem null although set, usd 0 echoed as null). */
export function wireMinted(): Record<string, unknown> {
  return {
    success: true,
    data: {
      id: 'b2c3d4e5-0000-4000-8000-000000000002',
      apiKey: 'VENICE_INFERENCE_KEY_synthMintedSecret0000000000000000',
      apiKeyType: 'INFERENCE',
      description: 'Web3 API Key',
      expiresAt: null,
      consumptionLimit: { usd: null, diem: null, vcu: null },
      limitPeriod: 'EPOCH',
    },
  };
}

/** §3.9 /billing/balance, skill shape. */
export function wireBillingBalance(): Record<string, unknown> {
  return {
    canConsume: true,
    consumptionCurrency: 'DIEM',
    balances: { diem: 95.5, usd: 12.25, bundledCredits: null, earnedCredits: 3 },
    diemEpochAllocation: 100,
  };
}

/** §3.9 usage-history page. */
export function wireUsageHistory(): Record<string, unknown> {
  return {
    data: [
      {
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
      },
      {
        amount: 10,
        currency: 'USD',
        inferenceDetails: null,
        notes: 'Top up',
        pricePerUnitUsd: 1,
        sku: 'credit',
        timestamp: '2026-04-20T11:00:00.000Z',
        units: 10,
      },
    ],
    nextCursor: 'abc_DEF-123',
  };
}

/** §3.9 usage-analytics. */
export function wireUsageAnalytics(): Record<string, unknown> {
  return {
    lookback: '7d',
    byDate: [
      { date: '2024-01-15', USD: 0.5, DIEM: 10.25 },
      { date: '2024-01-14', USD: 0.3, DIEM: 8.75 },
    ],
    byModel: [
      {
        modelName: 'GLM 5.1',
        unitType: 'tokens',
        modelType: 'LLM',
        totalUsd: 0.4,
        totalDiem: 12.5,
        totalUnits: 50000,
        breakdown: [
          { type: 'Output', usd: 0.3, diem: 10, units: 35000 },
          { type: 'Input', usd: 0.1, diem: 2.5, units: 15000 },
        ],
      },
      { modelName: 'Flux', unitType: 'images', modelType: null, totalUsd: 0.1, totalDiem: 0, totalUnits: 3 },
    ],
    byModelDaily: [{ date: 1705276800000, 'GLM 5.1': 5.5, 'Kimi K2.6': 3.2 }],
    topModels: ['GLM 5.1', 'Kimi K2.6'],
    byKey: [
      {
        apiKeyId: 'key_abc123',
        description: 'Production Key',
        totalUsd: 0.8,
        totalDiem: 15,
        totalUnits: 75000,
      },
      { apiKeyId: null, description: 'Web App', totalUsd: 0, totalDiem: 4, totalUnits: 25000 },
    ],
    byKeyDaily: [{ date: 1705276800000, 'Production Key': 8.5, 'Web App': 2 }],
    topKeyNames: ['Production Key', 'Web App'],
  };
}

/** Every valid fixture by response parser name (see responseSchemas). */
export const validFixtures = {
  listApiKeys: wireList,
  getApiKey: () => ({ data: wireApiKey() }),
  updateApiKey: wireUpdated,
  revokeApiKey: () => ({ success: true }),
  createApiKey: wireCreated,
  mintWeb3Key: wireMinted,
  getWeb3Token: wireWeb3Token,
  getRateLimits: wireRateLimits,
  getRateLimitLog: wireBreachLog,
  getBillingBalance: wireBillingBalance,
  getUsageHistory: wireUsageHistory,
  getUsageAnalytics: wireUsageAnalytics,
} as const;
