/**
 * Clean, typed values the Venice client returns. Parsers (endpoints/*.ts) turn every
 * documented wire shape (FACTS.md §3, §6) into these: one spelling per field, usage
 * strings already parsed to numbers, nullable dates as `string | null`.
 */

export type ApiKeyType = 'INFERENCE' | 'ADMIN';
export type LimitPeriod = 'EPOCH' | 'MONTH' | 'LIFETIME';
export type ModelPrivacy = 'ALL' | 'PRIVATE_TEXT' | 'PRIVATE_ONLY';
/** A value Venice sent that we do not know yet: kept as sent, shown as itself (FACTS §2). */
export type Unknown = string & {};

/**
 * Stands for a date Venice sent that cannot be read (`{}` as in the spec's examples, a
 * malformed string). Not an ISO date, so `Date.parse` gives NaN: views say "unknown", and
 * null keeps meaning "none" (never expires, never used).
 */
export const UNKNOWN_DATE = 'unknown';

/** Rows of a list answer that could not be read at all: how many, and why (field names only). */
export interface UnreadableRows {
  count: number;
  /** At most 3 distinct reasons, e.g. "data[2].consumptionLimits: missing". */
  reasons: string[];
}

/** Per-key caps; `null` = no cap. (Wire: singular `consumptionLimit` or plural `consumptionLimits`.) */
export interface ConsumptionLimits {
  usd: number | null;
  diem: number | null;
}

export interface UsageFigures {
  usd: number;
  diem: number;
}

export interface ApiKey {
  id: string;
  apiKeyType: ApiKeyType | Unknown;
  description: string;
  /** ISO string; null = none; UNKNOWN_DATE = sent but unreadable. */
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  last6Chars: string;
  consumptionLimits: ConsumptionLimits;
  limitPeriod: LimitPeriod | Unknown | null;
  /** Trailing seven days' usage; null when Venice omits the block (e.g. PATCH responses). */
  trailingSevenDays: UsageFigures | null;
  /** Present only when the key has a USD or DIEM cap. */
  currentPeriodUsage: UsageFigures | null;
  modelPrivacy: ModelPrivacy | Unknown | null;
}

/** GET /api_keys: the rows that could be read, and how many could not. */
export interface ApiKeyList {
  keys: ApiKey[];
  unreadable: UnreadableRows | null;
}

/** POST /api_keys and POST /api_keys/generate_web3_key responses. The secret exists only here. */
export interface CreatedApiKey {
  id: string;
  apiKey: string;
  apiKeyType: ApiKeyType;
  description: string | null;
  expiresAt: string | null;
  /** Unreliable for web3 mints (FACTS §3.8): read the key back with getApiKey. */
  consumptionLimits: ConsumptionLimits;
  limitPeriod: LimitPeriod | null;
}

export interface CreateApiKeyInput {
  apiKeyType: ApiKeyType;
  /** ≤ 64 characters. */
  description: string;
  /** '' (none), YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS[.mmm]Z. Omitted = no expiry. */
  expiresAt?: string;
  consumptionLimit?: Partial<ConsumptionLimits>;
  limitPeriod?: LimitPeriod;
  modelPrivacy?: ModelPrivacy;
}

export interface UpdateApiKeyInput {
  id: string;
  description?: string;
  /** null or '' clears the expiry. */
  expiresAt?: string | null;
  /** A null value removes that cap. */
  consumptionLimit?: Partial<ConsumptionLimits>;
  limitPeriod?: LimitPeriod;
  modelPrivacy?: ModelPrivacy;
}

export interface MintWeb3KeyInput extends Omit<CreateApiKeyInput, 'description'> {
  address: `0x${string}`;
  signature: `0x${string}`;
  token: string;
  description?: string;
}

export interface ModelRateLimit {
  apiModelId: string | null;
  /** Known types typed; an unknown future type is kept as its string. */
  limits: { type: 'RPM' | 'RPD' | 'TPM' | (string & {}); amount: number }[];
}

/** GET /api_keys/rate_limits: about the calling key. */
export interface RateLimits {
  accessPermitted: boolean;
  apiTier: { id: string; isCharged: boolean } | null;
  /** UPPERCASE on the wire; each may be missing. Clamped to the key's remaining cap. */
  balances: { USD?: number; DIEM?: number; BUNDLED_CREDITS?: number };
  keyExpiration: string | null;
  nextEpochBegins: string | null;
  rateLimits: ModelRateLimit[];
}

export type RateLimitType = 'RPD' | 'RPM' | 'TPM' | 'FAILED_REQUESTS' | 'UNSUPPORTED_FEATURE_REQUESTS';

export interface RateLimitBreach {
  apiKeyId: string;
  /** A model id, `endpoint:api/v1/…`, or `model:unknown`. */
  modelId: string;
  rateLimitTier: string;
  /** Known values typed; an unknown future value is kept as its string. */
  rateLimitType: RateLimitType | (string & {});
  /** ISO string, or UNKNOWN_DATE. */
  timestamp: string;
}

/** GET /api_keys/rate_limits/log: the entries that could be read, and how many could not. */
export interface RateLimitLog {
  entries: RateLimitBreach[];
  unreadable: UnreadableRows | null;
}

/** GET /billing/balance (lowercase keys on the wire). */
export interface BillingBalance {
  canConsume: boolean;
  consumptionCurrency: 'USD' | 'VCU' | 'DIEM' | 'BUNDLED_CREDITS' | 'EARNED_CREDITS' | Unknown | null;
  balances: {
    usd: number | null;
    diem: number | null;
    bundledCredits: number | null;
    earnedCredits: number | null;
  };
  diemEpochAllocation: number | null;
}

export interface UsageHistoryQuery {
  startTimestamp?: string;
  endTimestamp?: string;
  currency?: 'USD' | 'DIEM' | 'BUNDLED_CREDITS' | 'EARNED_CREDITS';
  pageSize?: number;
  /** A continuation request carries only the cursor. */
  cursor?: string;
}

export interface UsageHistoryEntry {
  amount: number;
  currency: string;
  inferenceDetails: {
    requestId: string;
    promptTokens: number | null;
    completionTokens: number | null;
    inferenceExecutionTime: number | null;
  } | null;
  notes: string;
  pricePerUnitUsd: number;
  sku: string;
  timestamp: string;
  units: number;
}

export interface UsageHistoryPage {
  data: UsageHistoryEntry[];
  nextCursor: string | null;
}

export type UsageAnalyticsQuery = { lookback?: `${number}d` } | { startDate: string; endDate: string };

export interface UsageAnalytics {
  lookback: string;
  byDate: { date: string; USD: number; DIEM: number }[];
  byModel: {
    modelName: string;
    unitType: string;
    modelType: string | null;
    totalUsd: number;
    totalDiem: number;
    totalUnits: number;
    breakdown?: { type: string; usd: number; diem: number; units: number }[];
  }[];
  byKey: {
    apiKeyId: string | null;
    description: string;
    totalUsd: number;
    totalDiem: number;
    totalUnits: number;
  }[];
  byModelDaily: Record<string, number>[];
  byKeyDaily: Record<string, number>[];
  topModels: string[];
  topKeyNames: string[];
}

/** The client every background service uses; nothing else calls Venice. */
export interface VeniceClient {
  listApiKeys(secret: string): Promise<ApiKeyList>;
  getApiKey(secret: string, id: string): Promise<ApiKey>;
  createApiKey(secret: string, input: CreateApiKeyInput): Promise<CreatedApiKey>;
  updateApiKey(secret: string, input: UpdateApiKeyInput): Promise<ApiKey>;
  revokeApiKey(secret: string, id: string): Promise<void>;
  getRateLimits(secret: string): Promise<RateLimits>;
  getRateLimitLog(secret: string): Promise<RateLimitLog>;
  getWeb3Token(): Promise<string>;
  mintWeb3Key(input: MintWeb3KeyInput): Promise<CreatedApiKey>;
  getBillingBalance(secret: string): Promise<BillingBalance>;
  getUsageHistory(secret: string, query?: UsageHistoryQuery): Promise<UsageHistoryPage>;
  getUsageAnalytics(secret: string, query?: UsageAnalyticsQuery): Promise<UsageAnalytics>;
}

export interface VeniceClientOptions {
  /** e.g. https://api.venice.ai/api/v1 (no trailing slash). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per attempt; default 15 s. */
  timeoutMs?: number;
  /** Extra attempts for idempotent GETs on 5xx/429/network errors; default 2. */
  maxRetries?: number;
  /** Injected for tests (fake timers). */
  sleep?: (ms: number) => Promise<void>;
  /** Longest Retry-After the client waits out itself before retrying a GET; default 30 s. Longer → the 429 is thrown with retryAfterSeconds. */
  maxRetryAfterMs?: number;
  /** Source of backoff jitter in [0, 1); default Math.random. */
  random?: () => number;
}
