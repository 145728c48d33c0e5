/**
 * The simulator's in-memory state and the rules that read it (periods, usage sums,
 * clamped balances). Handlers and the control API both go through these functions, so
 * a balance moved by the control API is the balance every endpoint reports.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Clock, DAY_MS, iso, startOfUtcDay, startOfUtcMonth } from './clock';
import type {
  ApiKeyType,
  Balances,
  BalancesInput,
  BreachEntry,
  Currency,
  FaultRule,
  KeyView,
  LimitPeriod,
  Limits,
  ModelPrivacy,
  RequestLogEntry,
  SimulatorConfig,
  TimeInput,
} from './types';

export interface KeyRecord {
  id: string;
  accountId: string;
  secret: string;
  apiKeyType: ApiKeyType;
  description: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  limits: Limits;
  limitPeriod: LimitPeriod;
  modelPrivacy: ModelPrivacy;
  revokedAt: number | null;
  /** Creation order, to break createdAt ties in "newest first". */
  seq: number;
}

export interface LedgerEntry {
  seq: number;
  at: number;
  accountId: string;
  keyId: string | null;
  currency: Currency;
  /** Negative for a debit, as usage-history prints it. */
  amount: number;
  sku: string;
  units: number;
  pricePerUnitUsd: number;
  notes: string;
  model: string;
  inferenceDetails: {
    requestId: string;
    promptTokens: number | null;
    completionTokens: number | null;
    inferenceExecutionTime: number | null;
  } | null;
}

export interface AccountRecord {
  id: string;
  walletAddress: string | null;
  balances: Balances;
  diemEpochAllocation: number;
  /** Start (UTC midnight) of the epoch whose DIEM allocation `balances.DIEM` holds. */
  diemEpochStart: number;
  keys: Map<string, KeyRecord>;
  breachLog: BreachEntry[];
  ledger: LedgerEntry[];
  /** Times of recent key creations, for the 20-per-minute limit. */
  creationTimes: number[];
}

export interface Web3TokenRecord {
  issuedAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface ErrorBudgetWindow {
  start: number;
  failures: number;
}

export const DEFAULT_CONFIG: SimulatorConfig = {
  creationsPerMinute: 20,
  maxActiveKeys: 500,
  errorBudgetThreshold: 50,
  errorBudgetWindowMs: 30_000,
  web3TokenTtlMs: 15 * 60_000,
  web3SeedBalances: { USD: 10, DIEM: 5, BUNDLED_CREDITS: 0, EARNED_CREDITS: 0, diemEpochAllocation: 5 },
  breachLogDepth: 50,
  analyticsCacheMs: 10 * 60_000,
  usageHistoryCursorTtlMs: 24 * 60 * 60_000,
  analyticsTimeoutAboveDays: null,
};

export const SECRET_PREFIX: Record<ApiKeyType, string> = {
  INFERENCE: 'VENICE_INFERENCE_KEY_',
  ADMIN: 'VENICE_ADMIN_KEY_',
};

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A synthetic key secret: the Venice prefix and 42 random alphanumerics. */
export function newSecret(type: ApiKeyType): string {
  const bytes = randomBytes(42);
  let body = '';
  for (const byte of bytes) body += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
  return SECRET_PREFIX[type] + body;
}

/** A control-API input failed; the HTTP control API answers 400 with its message. */
export class ControlError extends Error {
  override name = 'ControlError';
}

/** What `setWireQuirks` writes over a key's JSON: in list/get/PATCH answers, and in its rate_limits. */
export interface WireQuirks {
  key?: Record<string, unknown>;
  rateLimits?: Record<string, unknown>;
}

export class SimulatorState {
  config: SimulatorConfig = structuredClone(DEFAULT_CONFIG);
  accounts = new Map<string, AccountRecord>();
  keysById = new Map<string, KeyRecord>();
  keysBySecret = new Map<string, KeyRecord>();
  /** Lowercased wallet address → staked sVVV in base units (18 decimals). */
  stakes = new Map<string, bigint>();
  /** Lowercased wallet address → account id. */
  walletAccounts = new Map<string, string>();
  /** web3 token id (jti) → its lifetime and single use. */
  web3Tokens = new Map<string, Web3TokenRecord>();
  errorBudgets = new Map<string, ErrorBudgetWindow>();
  analyticsCache = new Map<string, { at: number; body: unknown }>();
  requestLog: RequestLogEntry[] = [];
  faults: FaultRule[] = [];
  /** Requests a `hold` fault keeps waiting: calling one lets that request go on. */
  held: (() => void)[] = [];
  /**
   * Key id → fields written over that key's JSON as Venice sends it (FACTS §2, §6.20: values
   * Venice adds later, `{}` dates as in the spec's examples). The key itself is unchanged.
   */
  wireQuirks = new Map<string, WireQuirks>();
  /** Signs web3 tokens and usage-history cursors. */
  serverSecret: Buffer = randomBytes(32);
  private seq = 0;

  constructor(readonly clock: Clock) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  reset(): void {
    this.config = structuredClone(DEFAULT_CONFIG);
    this.accounts.clear();
    this.keysById.clear();
    this.keysBySecret.clear();
    this.stakes.clear();
    this.walletAccounts.clear();
    this.web3Tokens.clear();
    this.errorBudgets.clear();
    this.analyticsCache.clear();
    this.requestLog = [];
    this.faults = [];
    // Nothing stays stuck across a reset: held requests go on (their faults are gone).
    for (const release of this.held.splice(0)) release();
    this.wireQuirks.clear();
    this.serverSecret = randomBytes(32);
    this.clock.reset();
  }

  createAccount(balances: BalancesInput = {}, walletAddress: string | null = null): AccountRecord {
    const account: AccountRecord = {
      id: randomUUID(),
      walletAddress,
      balances: { USD: 0, DIEM: null, BUNDLED_CREDITS: 0, EARNED_CREDITS: 0 },
      diemEpochAllocation: 0,
      diemEpochStart: startOfUtcDay(this.clock.now()),
      keys: new Map(),
      breachLog: [],
      ledger: [],
      creationTimes: [],
    };
    this.accounts.set(account.id, account);
    if (walletAddress) this.walletAccounts.set(walletAddress.toLowerCase(), account.id);
    this.setBalances(account, balances);
    return account;
  }

  setBalances(account: AccountRecord, input: BalancesInput): void {
    for (const currency of ['USD', 'DIEM', 'BUNDLED_CREDITS', 'EARNED_CREDITS'] as const) {
      const value = input[currency];
      if (value === undefined) continue;
      if (value !== null && !Number.isFinite(value))
        throw new ControlError(`${currency} must be a number or null`);
      account.balances[currency] = value;
    }
    if (input.diemEpochAllocation !== undefined) {
      if (!Number.isFinite(input.diemEpochAllocation) || input.diemEpochAllocation < 0) {
        throw new ControlError('diemEpochAllocation must be a non-negative number');
      }
      account.diemEpochAllocation = input.diemEpochAllocation;
    }
    account.diemEpochStart = startOfUtcDay(this.clock.now());
  }

  accountOrThrow(accountId: string): AccountRecord {
    const account = this.accounts.get(accountId);
    if (!account) throw new ControlError(`No account ${accountId}`);
    return account;
  }

  keyOrThrow(keyId: string): KeyRecord {
    const key = this.keysById.get(keyId);
    if (!key) throw new ControlError(`No key ${keyId}`);
    return key;
  }

  /** A new epoch (UTC midnight) refills a staking account's DIEM to its allocation. */
  refreshEpoch(account: AccountRecord): void {
    const epochStart = startOfUtcDay(this.clock.now());
    if (epochStart > account.diemEpochStart) {
      account.diemEpochStart = epochStart;
      if (account.balances.DIEM !== null) account.balances.DIEM = account.diemEpochAllocation;
    }
  }

  insertKey(
    account: AccountRecord,
    fields: Omit<KeyRecord, 'id' | 'accountId' | 'secret' | 'seq' | 'revokedAt'>,
  ): KeyRecord {
    const key: KeyRecord = {
      ...fields,
      id: randomUUID(),
      accountId: account.id,
      secret: newSecret(fields.apiKeyType),
      revokedAt: null,
      seq: this.nextSeq(),
    };
    account.keys.set(key.id, key);
    this.keysById.set(key.id, key);
    this.keysBySecret.set(key.secret, key);
    return key;
  }

  revokeKey(key: KeyRecord): void {
    key.revokedAt = this.clock.now();
    this.keysBySecret.delete(key.secret);
  }

  isExpired(key: KeyRecord): boolean {
    return key.expiresAt !== null && key.expiresAt <= this.clock.now();
  }

  /** Not revoked and not expired: the keys Venice lists, counts toward the 500 and accepts. */
  isActive(key: KeyRecord): boolean {
    return key.revokedAt === null && !this.isExpired(key);
  }

  activeKeys(account: AccountRecord): KeyRecord[] {
    return [...account.keys.values()].filter((key) => this.isActive(key));
  }

  periodStart(key: KeyRecord): number {
    const now = this.clock.now();
    if (key.limitPeriod === 'EPOCH') return startOfUtcDay(now);
    if (key.limitPeriod === 'MONTH') return startOfUtcMonth(now);
    return Number.NEGATIVE_INFINITY;
  }

  private spend(key: KeyRecord, since: number, currencies: readonly Currency[]): number {
    const account = this.accountOrThrow(key.accountId);
    const now = this.clock.now();
    let total = 0;
    for (const entry of account.ledger) {
      if (entry.keyId !== key.id || entry.at < since || entry.at > now) continue;
      if (currencies.includes(entry.currency)) total -= entry.amount;
    }
    return total;
  }

  /** Shown usage: Venice's `usd` figures include bundled credits but not earned credits. */
  shownUsage(key: KeyRecord, since: number): { usd: number; diem: number } {
    return {
      usd: this.spend(key, since, ['USD', 'BUNDLED_CREDITS']),
      diem: this.spend(key, since, ['DIEM']),
    };
  }

  trailingSevenDays(key: KeyRecord): { usd: number; diem: number } {
    return this.shownUsage(key, this.clock.now() - 7 * DAY_MS);
  }

  /** What the caps are measured against: the USD cap covers USD, bundled and earned credits. */
  capUsage(key: KeyRecord): { usd: number; diem: number } {
    const since = this.periodStart(key);
    return {
      usd: this.spend(key, since, ['USD', 'BUNDLED_CREDITS', 'EARNED_CREDITS']),
      diem: this.spend(key, since, ['DIEM']),
    };
  }

  /**
   * What the key can spend now: each account balance clamped to the key's remaining cap.
   * Currencies the account does not have (null) are omitted.
   */
  spendable(key: KeyRecord): { balances: Partial<Record<Currency, number>>; accessPermitted: boolean } {
    const account = this.accountOrThrow(key.accountId);
    this.refreshEpoch(account);
    const used = this.capUsage(key);
    const remainingUsd =
      key.limits.usd === null ? Number.POSITIVE_INFINITY : Math.max(0, key.limits.usd - used.usd);
    const remainingDiem =
      key.limits.diem === null ? Number.POSITIVE_INFINITY : Math.max(0, key.limits.diem - used.diem);
    const clamp = (balance: number, remaining: number) =>
      roundMoney(Math.max(0, Math.min(balance, remaining)));
    const balances: Partial<Record<Currency, number>> = {};
    const { USD, DIEM, BUNDLED_CREDITS, EARNED_CREDITS } = account.balances;
    if (USD !== null) balances.USD = clamp(USD, remainingUsd);
    if (DIEM !== null) balances.DIEM = clamp(DIEM, remainingDiem);
    if (BUNDLED_CREDITS !== null) balances.BUNDLED_CREDITS = clamp(BUNDLED_CREDITS, remainingUsd);
    const usdFamily =
      Math.max(0, USD ?? 0) + Math.max(0, BUNDLED_CREDITS ?? 0) + Math.max(0, EARNED_CREDITS ?? 0);
    const available = Math.min(usdFamily, remainingUsd) + Math.min(Math.max(0, DIEM ?? 0), remainingDiem);
    return { balances, accessPermitted: available > 0 };
  }

  keyView(key: KeyRecord): KeyView {
    return {
      id: key.id,
      accountId: key.accountId,
      secret: key.secret,
      apiKeyType: key.apiKeyType,
      description: key.description,
      createdAt: iso(key.createdAt),
      expiresAt: key.expiresAt === null ? null : iso(key.expiresAt),
      lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
      last6Chars: key.secret.slice(-6),
      limits: { ...key.limits },
      limitPeriod: key.limitPeriod,
      modelPrivacy: key.modelPrivacy,
      revoked: key.revokedAt !== null,
      expired: this.isExpired(key),
      capUsage: this.capUsage(key),
    };
  }
}

/** Newest first: createdAt descending, then creation order descending. */
export function newestFirst(a: KeyRecord, b: KeyRecord): number {
  return b.createdAt - a.createdAt || b.seq - a.seq;
}

export function roundMoney(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Venice prints usage figures as strings with 4 decimals. */
export function fourDecimals(value: number): string {
  const fixed = (Math.round(value * 1e4) / 1e4).toFixed(4);
  return fixed === '-0.0000' ? '0.0000' : fixed;
}

export function parseTimeInput(value: TimeInput, field: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ControlError(`${field} is not a valid time`);
  return ms;
}
