/** Public types of the simulator: what tests, the demo CLI and the control API exchange. */

export type ApiKeyType = 'INFERENCE' | 'ADMIN';
export type LimitPeriod = 'EPOCH' | 'MONTH' | 'LIFETIME';
export type ModelPrivacy = 'ALL' | 'PRIVATE_TEXT' | 'PRIVATE_ONLY';
export type Currency = 'USD' | 'DIEM' | 'BUNDLED_CREDITS' | 'EARNED_CREDITS';
export type RateLimitType = 'RPD' | 'RPM' | 'TPM' | 'FAILED_REQUESTS' | 'UNSUPPORTED_FEATURE_REQUESTS';

export const API_KEY_TYPES: readonly ApiKeyType[] = ['INFERENCE', 'ADMIN'];
export const LIMIT_PERIODS: readonly LimitPeriod[] = ['EPOCH', 'MONTH', 'LIFETIME'];
export const MODEL_PRIVACIES: readonly ModelPrivacy[] = ['ALL', 'PRIVATE_TEXT', 'PRIVATE_ONLY'];
export const CURRENCIES: readonly Currency[] = ['USD', 'DIEM', 'BUNDLED_CREDITS', 'EARNED_CREDITS'];

/** Per-key caps as Venice stores them; `null` = no cap. `vcu` is deprecated but always echoed. */
export interface Limits {
  usd: number | null;
  diem: number | null;
  vcu: number | null;
}

/** Account balances; `DIEM: null` means the account is not staking. */
export interface Balances {
  USD: number | null;
  DIEM: number | null;
  BUNDLED_CREDITS: number | null;
  EARNED_CREDITS: number | null;
}

export interface BalancesInput extends Partial<Balances> {
  /** The DIEM refilled at every UTC midnight (epoch) while the account is staking. */
  diemEpochAllocation?: number;
}

/** A time given to the control API: epoch milliseconds or an ISO string. */
export type TimeInput = number | string;

export interface CreateAccountInput {
  balances?: BalancesInput;
  /** Links the account to a wallet, as a first web3 mint would. */
  walletAddress?: string;
}

export interface CreatedAccount {
  accountId: string;
  /** Id of the account's first ADMIN key. */
  adminKeyId: string;
  /** A fresh synthetic ADMIN key secret (`VENICE_ADMIN_KEY_…`). */
  adminKey: string;
}

export interface AddKeyInput {
  accountId: string;
  /** Default INFERENCE. */
  apiKeyType?: ApiKeyType;
  /** Default "Key <n>". Not length-checked: the control API may seed what the HTTP API refuses. */
  description?: string;
  consumptionLimit?: Partial<Limits>;
  /** Default EPOCH. */
  limitPeriod?: LimitPeriod;
  /** Default ALL. */
  modelPrivacy?: ModelPrivacy;
  /** null or omitted = never expires. May be in the past (an already expired key). */
  expiresAt?: TimeInput | null;
  /** Default: now. */
  createdAt?: TimeInput;
  lastUsedAt?: TimeInput | null;
  /** Usage to record right away (each entry as in `recordUsage`, without keyId). */
  usage?: Omit<RecordUsageInput, 'keyId'>[];
}

export interface AddedKey {
  id: string;
  secret: string;
  last6Chars: string;
  apiKeyType: ApiKeyType;
}

export interface RecordUsageInput {
  /** null (with `accountId`) records usage from the Venice web app: analytics reports it with a null apiKeyId. */
  keyId: string | null;
  /** Needed only for web-app usage (keyId null). */
  accountId?: string;
  /** Amount spent (positive), in `currency`. It is debited from the account balance. */
  amount: number;
  currency: Currency;
  /** Default "zai-org-glm-5-1". */
  model?: string;
  sku?: string;
  /** Default: tokens / 1e6 when tokens are given, else 1. */
  units?: number;
  promptTokens?: number | null;
  completionTokens?: number | null;
  inferenceExecutionTime?: number | null;
  /** Default: now. */
  at?: TimeInput;
  /** Default "API Inference". */
  notes?: string;
  requestId?: string;
}

export interface BreachEntry {
  apiKeyId: string;
  modelId: string;
  rateLimitTier: string;
  rateLimitType: string;
  timestamp: string;
}

export interface AddBreachInput {
  accountId: string;
  apiKeyId: string;
  /** A model id, `endpoint:api/v1/…` or `model:unknown`. */
  modelId: string;
  rateLimitType: RateLimitType | (string & {});
  /** Default "paid". */
  rateLimitTier?: string;
  /** Default: now. */
  timestamp?: TimeInput;
}

/** Which requests a fault hits. */
export interface FaultMatch {
  /** HTTP method, or omitted / "*" for any. */
  method?: string;
  /**
   * Path to match, without the query: exact (`/api/v1/api_keys`) or with `*` wildcards
   * (`/api/v1/billing/*`, `/rpc`, `*`).
   */
  path: string;
  /** Only the next N matching requests; omitted = until cleared. */
  times?: number;
}

export type FaultKind =
  /** Wait this long (real time) before answering normally (or with another matching fault). */
  | { kind: 'latency'; ms: number }
  /** Answer with this status and JSON body (default `{ error: "Simulated failure" }`). */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** 429 with `Retry-After: <seconds>`. */
  | { kind: 'rate_limit'; retryAfterSeconds: number; body?: unknown }
  /** A JSON content type with a body that is not JSON. */
  | { kind: 'malformed_json'; status?: number }
  /** Destroy the socket without answering. */
  | { kind: 'drop' }
  /**
   * Keep the request unanswered until `releaseHeld()` (then answer it normally, or with another
   * matching fault): "in the middle" of a request, for as long as a test needs, with no timing.
   */
  | { kind: 'hold' };

export type FaultInput = FaultMatch & FaultKind;

export interface FaultRule extends FaultMatch {
  id: string;
  fault: FaultKind;
  /** Requests it has hit so far. */
  hits: number;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** null when the connection was dropped before an answer. */
  status: number | null;
  /** Whether an Authorization header was present (its value is never recorded). */
  authorization: boolean;
  /** Id of the key that authenticated the request, if any. */
  keyId: string | null;
  /** JSON-RPC methods of a /rpc request. */
  rpcMethods?: string[];
  /** Id of the fault that answered or delayed the request. */
  faultIds?: string[];
  /** Real (not simulated) milliseconds from the request's body being read to the answer sent. */
  handledMs?: number;
}

export interface SimulatorConfig {
  /** Key creations per account per rolling minute (Venice: 20). */
  creationsPerMinute: number;
  /** Active (non-expired) keys per account (Venice: 500). */
  maxActiveKeys: number;
  /** Non-429 4xx responses per key per window before 429s (Venice: 50). */
  errorBudgetThreshold: number;
  errorBudgetWindowMs: number;
  /** web3 token lifetime (Venice: 15 minutes). */
  web3TokenTtlMs: number;
  /** Balances of an account created by a first web3 mint. */
  web3SeedBalances: BalancesInput;
  breachLogDepth: number;
  analyticsCacheMs: number;
  usageHistoryCursorTtlMs: number;
  /**
   * usage-analytics windows longer than this many days time out with a 504 (Venice: "the query
   * timed out; shorten the window"; how long is too long depends on the account's volume). null: never.
   */
  analyticsTimeoutAboveDays: number | null;
}

export interface KeyView {
  id: string;
  accountId: string;
  /** The secret the simulator issued (test-only knowledge; Venice never shows it again). */
  secret: string;
  apiKeyType: ApiKeyType;
  description: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  last6Chars: string;
  limits: Limits;
  limitPeriod: LimitPeriod;
  modelPrivacy: ModelPrivacy;
  revoked: boolean;
  expired: boolean;
  /** Spend counted against the caps in the current period (USD includes all credit kinds). */
  capUsage: { usd: number; diem: number };
}

export interface AccountView {
  id: string;
  walletAddress: string | null;
  balances: Balances;
  diemEpochAllocation: number;
  /** Every key ever issued on the account, revoked and expired ones included, newest first. */
  keys: KeyView[];
  breachLog: BreachEntry[];
}
