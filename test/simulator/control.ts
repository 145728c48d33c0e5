/**
 * The control API: how tests and the demo seed accounts, keys, balances, usage, breaches
 * and stakes, move the clock, inject faults and read the request log. The same operations
 * are served over HTTP by `control-http.ts`.
 */
import { randomBytes } from 'node:crypto';
import { getAddress, isAddress, parseUnits } from 'viem';
import { iso } from './clock';
import { addFault, clearFaults, releaseHeld } from './faults';
import { pushBreach } from './keys';
import {
  type AccountRecord,
  ControlError,
  newestFirst,
  parseTimeInput,
  roundMoney,
  type SimulatorState,
  type WireQuirks,
} from './state';
import {
  type AccountView,
  type AddBreachInput,
  type AddedKey,
  type AddKeyInput,
  API_KEY_TYPES,
  type Balances,
  type BalancesInput,
  type BreachEntry,
  type CreateAccountInput,
  type CreatedAccount,
  CURRENCIES,
  type FaultInput,
  type FaultRule,
  type KeyView,
  LIMIT_PERIODS,
  MODEL_PRIVACIES,
  type RecordUsageInput,
  type RequestLogEntry,
  type SimulatorConfig,
} from './types';

export interface SimulatorControl {
  /** A new account with one ADMIN key; balances default to USD 0, no DIEM (not staking). */
  createAccount(input?: CreateAccountInput): CreatedAccount;
  /** Adds a key of either type straight to an account (no rate limit, no key cap, no length checks). */
  addKey(input: AddKeyInput): AddedKey;
  setBalances(accountId: string, balances: BalancesInput): Balances & { diemEpochAllocation: number };
  /** Records spend by a key: debits the account, and moves the key's usage and current-period usage. */
  recordUsage(input: RecordUsageInput): void;
  /** Adds a breach-log entry (the log keeps the newest 50). */
  addBreach(input: AddBreachInput): BreachEntry;
  /**
   * Sets a wallet's staked VVV: a bigint in base units (18 decimals), or a decimal string
   * of whole sVVV ("1250.5"). 0 removes the stake.
   */
  setStake(address: string, amount: bigint | string): void;
  /** Moves the simulator clock forward; returns the new time (ms). */
  advance(ms: number): number;
  /** Simulator time (ms). */
  now(): number;
  configure(patch: Partial<SimulatorConfig>): SimulatorConfig;
  /**
   * Makes Venice describe one key oddly, as it may (FACTS §2, §6.20): `key` fields are written
   * over the key's JSON in list, get and PATCH answers (e.g. `{ modelPrivacy: 'NEW_VALUE' }`,
   * `{ expiresAt: {} }`, `{ id: null }`), `rateLimits` fields over its rate_limits `data`.
   * The key itself keeps working as before. null removes the quirks.
   */
  setWireQuirks(keyId: string, quirks: WireQuirks | null): void;
  addFault(input: FaultInput): { id: string };
  /** Clears one fault, or every fault when no id is given. */
  clearFaults(id?: string): void;
  faults(): FaultRule[];
  /** Lets every request a `hold` fault keeps go on; returns how many there were. */
  releaseHeld(): number;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Forgets every account, key, stake, token, fault and log entry, the config and the clock offset. */
  reset(): void;
  account(accountId: string): AccountView;
  /** The account a web3 mint created (or linked) for this wallet, if any. */
  accountForWallet(address: string): AccountView | null;
  key(keyId: string): KeyView;
}

const DEFAULT_MODEL = 'zai-org-glm-5-1';
const MAX_LOG_ENTRIES = 10_000;

function checkAddress(address: unknown): `0x${string}` {
  if (typeof address !== 'string' || !isAddress(address, { strict: false })) {
    throw new ControlError(`Not a wallet address: ${String(address)}`);
  }
  return getAddress(address);
}

function parseStake(amount: bigint | string | number): bigint {
  if (typeof amount === 'bigint') return amount;
  const text = String(amount).trim();
  if (!/^\d+(\.\d{1,18})?$/.test(text)) throw new ControlError(`Not a decimal sVVV amount: ${text}`);
  return parseUnits(text, 18);
}

export function createControl(state: SimulatorState): SimulatorControl {
  const { clock } = state;

  const accountView = (account: AccountRecord): AccountView => {
    state.refreshEpoch(account);
    return {
      id: account.id,
      walletAddress: account.walletAddress,
      balances: { ...account.balances },
      diemEpochAllocation: account.diemEpochAllocation,
      keys: [...account.keys.values()].sort(newestFirst).map((key) => state.keyView(key)),
      breachLog: account.breachLog.map((entry) => ({ ...entry })),
    };
  };

  const control: SimulatorControl = {
    createAccount(input = {}) {
      const wallet = input.walletAddress === undefined ? null : checkAddress(input.walletAddress);
      if (wallet && state.walletAccounts.has(wallet.toLowerCase())) {
        throw new ControlError(`Wallet ${wallet} already has an account`);
      }
      const account = state.createAccount(input.balances ?? {}, wallet);
      const admin = control.addKey({ accountId: account.id, apiKeyType: 'ADMIN', description: 'Admin key' });
      return { accountId: account.id, adminKeyId: admin.id, adminKey: admin.secret };
    },

    addKey(input) {
      const account = state.accountOrThrow(input?.accountId);
      const apiKeyType = input.apiKeyType ?? 'INFERENCE';
      if (!API_KEY_TYPES.includes(apiKeyType)) throw new ControlError(`Unknown key type ${apiKeyType}`);
      const limitPeriod = input.limitPeriod ?? 'EPOCH';
      if (!LIMIT_PERIODS.includes(limitPeriod)) throw new ControlError(`Unknown limit period ${limitPeriod}`);
      const modelPrivacy = input.modelPrivacy ?? 'ALL';
      if (!MODEL_PRIVACIES.includes(modelPrivacy))
        throw new ControlError(`Unknown model privacy ${modelPrivacy}`);
      const limits = { usd: null, diem: null, vcu: null, ...input.consumptionLimit };
      for (const [cap, value] of Object.entries(limits)) {
        if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
          throw new ControlError(`consumptionLimit.${cap} must be a non-negative number or null`);
        }
      }
      const now = clock.now();
      const key = state.insertKey(account, {
        apiKeyType,
        description: input.description ?? `Key ${account.keys.size + 1}`,
        createdAt: input.createdAt === undefined ? now : parseTimeInput(input.createdAt, 'createdAt'),
        expiresAt: input.expiresAt == null ? null : parseTimeInput(input.expiresAt, 'expiresAt'),
        lastUsedAt: input.lastUsedAt == null ? null : parseTimeInput(input.lastUsedAt, 'lastUsedAt'),
        limits,
        limitPeriod,
        modelPrivacy,
      });
      for (const usage of input.usage ?? []) control.recordUsage({ ...usage, keyId: key.id });
      return { id: key.id, secret: key.secret, last6Chars: key.secret.slice(-6), apiKeyType };
    },

    setBalances(accountId, balances) {
      const account = state.accountOrThrow(accountId);
      state.setBalances(account, balances ?? {});
      return { ...account.balances, diemEpochAllocation: account.diemEpochAllocation };
    },

    recordUsage(input) {
      const keyId = input?.keyId;
      const key = keyId === null ? null : state.keyOrThrow(keyId as string);
      const account = state.accountOrThrow(key ? key.accountId : String(input.accountId));
      if (typeof input.amount !== 'number' || !Number.isFinite(input.amount) || input.amount < 0) {
        throw new ControlError('amount must be a non-negative number');
      }
      if (!CURRENCIES.includes(input.currency))
        throw new ControlError(`Unknown currency ${String(input.currency)}`);
      state.refreshEpoch(account);
      const balance = account.balances[input.currency];
      if (balance === null && input.currency === 'DIEM') {
        throw new ControlError('The account is not staking (DIEM is null): set a DIEM balance first');
      }
      const at = input.at === undefined ? clock.now() : parseTimeInput(input.at, 'at');
      const model = input.model ?? DEFAULT_MODEL;
      const tokens = (input.promptTokens ?? 0) + (input.completionTokens ?? 0);
      const units = input.units ?? (tokens > 0 ? tokens / 1e6 : 1);
      account.balances[input.currency] = roundMoney((balance ?? 0) - input.amount);
      account.ledger.push({
        seq: state.nextSeq(),
        at,
        accountId: account.id,
        keyId: key ? key.id : null,
        currency: input.currency,
        amount: -input.amount,
        sku: input.sku ?? `${model}-llm-output-mtoken`,
        units,
        pricePerUnitUsd: units > 0 ? roundMoney(input.amount / units) : 0,
        notes: input.notes ?? (key ? 'API Inference' : 'Web App Inference'),
        model,
        inferenceDetails: {
          requestId: input.requestId ?? `chatcmpl-${randomBytes(16).toString('hex')}`,
          promptTokens: input.promptTokens ?? null,
          completionTokens: input.completionTokens ?? null,
          inferenceExecutionTime: input.inferenceExecutionTime ?? null,
        },
      });
      if (key && (key.lastUsedAt === null || at > key.lastUsedAt)) key.lastUsedAt = at;
    },

    addBreach(input) {
      const account = state.accountOrThrow(input?.accountId);
      if (typeof input.apiKeyId !== 'string' || typeof input.modelId !== 'string') {
        throw new ControlError('A breach needs apiKeyId and modelId strings');
      }
      if (typeof input.rateLimitType !== 'string') throw new ControlError('A breach needs a rateLimitType');
      const entry: BreachEntry = {
        apiKeyId: input.apiKeyId,
        modelId: input.modelId,
        rateLimitTier: input.rateLimitTier ?? 'paid',
        rateLimitType: input.rateLimitType,
        timestamp: iso(
          input.timestamp === undefined ? clock.now() : parseTimeInput(input.timestamp, 'timestamp'),
        ),
      };
      pushBreach(state, account, entry);
      return entry;
    },

    setStake(address, amount) {
      const wallet = checkAddress(address);
      const staked = parseStake(amount);
      if (staked <= 0n) state.stakes.delete(wallet.toLowerCase());
      else state.stakes.set(wallet.toLowerCase(), staked);
    },

    advance(ms) {
      try {
        clock.advance(ms);
      } catch (error) {
        throw new ControlError((error as Error).message);
      }
      return clock.now();
    },

    now: () => clock.now(),

    configure(patch) {
      for (const [name, value] of Object.entries(patch ?? {})) {
        if (!(name in state.config)) throw new ControlError(`Unknown setting ${name}`);
        if (
          name !== 'web3SeedBalances' &&
          !(name === 'analyticsTimeoutAboveDays' && value === null) &&
          (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        ) {
          throw new ControlError(`${name} must be a non-negative number`);
        }
      }
      Object.assign(state.config, patch);
      return structuredClone(state.config);
    },

    addFault: (input) => ({ id: addFault(state, input).id }),
    clearFaults: (id) => clearFaults(state, id),
    faults: () => structuredClone(state.faults),
    releaseHeld: () => releaseHeld(state),

    requestLog: () => structuredClone(state.requestLog),
    clearRequestLog() {
      state.requestLog = [];
    },

    reset: () => state.reset(),

    setWireQuirks(keyId, quirks) {
      if (!state.keysById.has(keyId)) throw new ControlError(`Unknown key ${String(keyId)}`);
      if (quirks === null) state.wireQuirks.delete(keyId);
      else state.wireQuirks.set(keyId, { ...quirks });
    },

    account: (accountId) => accountView(state.accountOrThrow(accountId)),
    accountForWallet(address) {
      const accountId = state.walletAccounts.get(checkAddress(address).toLowerCase());
      const account = accountId === undefined ? undefined : state.accounts.get(accountId);
      return account ? accountView(account) : null;
    },
    key: (keyId) => state.keyView(state.keyOrThrow(keyId)),
  };
  return control;
}

/** Appends to the request log, keeping it bounded for long demo sessions. */
export function logRequest(state: SimulatorState, entry: RequestLogEntry): void {
  state.requestLog.push(entry);
  if (state.requestLog.length > MAX_LOG_ENTRIES)
    state.requestLog.splice(0, state.requestLog.length - MAX_LOG_ENTRIES);
}
