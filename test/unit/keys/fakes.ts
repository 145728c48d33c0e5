/**
 * A fake Venice client and an in-memory vault for the key service. The fake client keeps
 * keys like Venice does (secrets shown once, ids, last 6 characters) and records every call,
 * so tests can check what was sent; `fail` makes the next call of a method throw.
 */
import { defaultKeySettings, type KeySettingsDraft } from '@/lib/keys/key-settings';
import type { KeyServiceDeps, VaultKeyMeta } from '@/lib/keys/service';
import { VaultLockedError } from '@/lib/vault/errors';
import type {
  ApiKey,
  ApiKeyList,
  ApiKeyType,
  BillingBalance,
  CreateApiKeyInput,
  CreatedApiKey,
  RateLimitBreach,
  RateLimits,
  UpdateApiKeyInput,
  VeniceClient,
} from '@/lib/venice/types';

/** A gate a fake stops at: `reached` resolves when the call arrives there, `release` lets it go on. */
export interface Gate {
  reached: Promise<void>;
  release(): void;
  /** Used by the fake: announces the arrival and waits for the release. */
  pass(): Promise<void>;
}

export function gate(): Gate {
  let arrive!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    reached,
    release,
    pass: () => {
      arrive();
      return released;
    },
  };
}

let counter = 0;
export function syntheticSecret(type: ApiKeyType): string {
  counter += 1;
  const body = `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}${counter}`;
  return `${type === 'ADMIN' ? 'VENICE_ADMIN_KEY_' : 'VENICE_INFERENCE_KEY_'}${body}`;
}

export function makeKey(overrides: Partial<ApiKey> = {}): ApiKey {
  counter += 1;
  return {
    id: `key-${counter}`,
    apiKeyType: 'INFERENCE',
    description: `Key ${counter}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    last6Chars: `abc${String(counter).padStart(3, '0')}`,
    consumptionLimits: { usd: null, diem: null },
    limitPeriod: 'EPOCH',
    trailingSevenDays: { usd: 0, diem: 0 },
    currentPeriodUsage: null,
    modelPrivacy: 'ALL',
    ...overrides,
  };
}

type Call = { method: string; secret: string | null; input?: unknown };

export class FakeVenice implements VeniceClient {
  keys: ApiKey[] = [];
  secrets = new Map<string, string>();
  calls: Call[] = [];
  breachLog: RateLimitBreach[] = [];
  private failures = new Map<string, Error[]>();
  /** Called inside a method before it answers (to look at state mid-request). */
  during: Partial<Record<keyof VeniceClient, () => void | Promise<void>>> = {};

  constructor(readonly adminSecret: string) {}

  fail(method: keyof VeniceClient, error: Error): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(error);
    this.failures.set(method, queue);
  }

  callsOf(method: keyof VeniceClient): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async enter(method: keyof VeniceClient, secret: string | null, input?: unknown) {
    this.calls.push({ method, secret, input });
    await this.during[method]?.();
    const queued = this.failures.get(method)?.shift();
    if (queued) throw queued;
  }

  async listApiKeys(secret: string): Promise<ApiKeyList> {
    await this.enter('listApiKeys', secret);
    return { keys: this.keys.map((k) => ({ ...k })), unreadable: null };
  }
  async getApiKey(secret: string, id: string) {
    await this.enter('getApiKey', secret, id);
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new Error(`fake: no key ${id}`);
    return { ...key };
  }
  async createApiKey(secret: string, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    await this.enter('createApiKey', secret, input);
    const apiKey = syntheticSecret(input.apiKeyType);
    const key = makeKey({
      apiKeyType: input.apiKeyType,
      description: input.description,
      expiresAt: input.expiresAt || null,
      last6Chars: apiKey.slice(-6),
      consumptionLimits: {
        usd: input.consumptionLimit?.usd ?? null,
        diem: input.consumptionLimit?.diem ?? null,
      },
      limitPeriod: input.limitPeriod ?? 'EPOCH',
      modelPrivacy: input.modelPrivacy ?? 'ALL',
    });
    this.keys.unshift(key);
    this.secrets.set(key.id, apiKey);
    return {
      id: key.id,
      apiKey,
      apiKeyType: input.apiKeyType,
      description: key.description,
      expiresAt: key.expiresAt,
      consumptionLimits: key.consumptionLimits,
      limitPeriod: input.limitPeriod ?? 'EPOCH',
    };
  }
  async updateApiKey(secret: string, input: UpdateApiKeyInput) {
    await this.enter('updateApiKey', secret, input);
    const key = this.keys.find((k) => k.id === input.id);
    if (!key) throw new Error('fake: no such key');
    if (input.description !== undefined) key.description = input.description;
    if (input.expiresAt !== undefined) key.expiresAt = input.expiresAt || null;
    if (input.consumptionLimit?.usd !== undefined) key.consumptionLimits.usd = input.consumptionLimit.usd;
    if (input.consumptionLimit?.diem !== undefined) key.consumptionLimits.diem = input.consumptionLimit.diem;
    if (input.limitPeriod) key.limitPeriod = input.limitPeriod;
    if (input.modelPrivacy) key.modelPrivacy = input.modelPrivacy;
    return { ...key, trailingSevenDays: null, currentPeriodUsage: null };
  }
  async revokeApiKey(secret: string, id: string) {
    await this.enter('revokeApiKey', secret, id);
    this.keys = this.keys.filter((k) => k.id !== id);
  }
  async getRateLimits(secret: string): Promise<RateLimits> {
    await this.enter('getRateLimits', secret);
    return {
      accessPermitted: true,
      apiTier: { id: 'paid', isCharged: true },
      balances: { USD: 12.5 },
      keyExpiration: null,
      nextEpochBegins: '2026-01-02T00:00:00.000Z',
      rateLimits: [{ apiModelId: 'zai-org-glm-5-1', limits: [{ type: 'RPM', amount: 500 }] }],
    };
  }
  async getRateLimitLog(secret: string) {
    await this.enter('getRateLimitLog', secret);
    return { entries: this.breachLog.map((b) => ({ ...b })), unreadable: null };
  }
  async getBillingBalance(secret: string): Promise<BillingBalance> {
    await this.enter('getBillingBalance', secret);
    return {
      canConsume: true,
      consumptionCurrency: 'USD',
      balances: { usd: 42, diem: null, bundledCredits: null, earnedCredits: null },
      diemEpochAllocation: null,
    };
  }
  async getWeb3Token(): Promise<string> {
    throw new Error('not used');
  }
  async mintWeb3Key(): Promise<CreatedApiKey> {
    throw new Error('not used');
  }
  async getUsageHistory(): Promise<never> {
    throw new Error('not used');
  }
  async getUsageAnalytics(): Promise<never> {
    throw new Error('not used');
  }
}

export class FakeVault {
  status: 'none' | 'locked' | 'unlocked' = 'unlocked';
  entries: (VaultKeyMeta & { secret: string })[] = [];
  events: string[] = [];
  /** Lets a test hold addStoredKey open, and know when it got there. */
  addGate: Gate | null = null;
  failAdd: Error | null = null;
  /** What each addStoredKey call was asked to store (its source and verified flag included). */
  added: Parameters<KeyServiceDeps['vault']['addStoredKey']>[0][] = [];

  add(meta: Omit<VaultKeyMeta, 'entryId'> & { secret: string }): VaultKeyMeta {
    const entry = { ...meta, entryId: `entry-${this.entries.length + 1}` };
    this.entries.push(entry);
    return entry;
  }

  /** A pasted key of `type` with a fresh synthetic secret, not known to Venice by id. */
  addSynthetic(label: string, type: ApiKeyType): VaultKeyMeta {
    const secret = syntheticSecret(type);
    return this.add({ label, type, last6: secret.slice(-6), veniceKeyId: null, secret });
  }

  api(): KeyServiceDeps['vault'] {
    const guard = () => {
      if (this.status === 'locked') throw new VaultLockedError();
    };
    return {
      getVaultStatus: async () => this.status,
      listStoredKeys: async () => {
        guard();
        return this.entries.map(({ secret: _secret, ...meta }) => meta);
      },
      getStoredSecret: async (entryId) => {
        guard();
        const entry = this.entries.find((e) => e.entryId === entryId);
        if (!entry) throw new Error('fake vault: no entry');
        return entry.secret;
      },
      addStoredKey: async (input) => {
        guard();
        this.added.push(input);
        this.events.push('vault.add:start');
        if (this.addGate) await this.addGate.pass();
        if (this.failAdd) throw this.failAdd;
        const meta = this.add({
          label: input.label,
          type: input.type,
          last6: input.secret.slice(-6),
          veniceKeyId: input.veniceKeyId,
          secret: input.secret,
        });
        this.events.push('vault.add:done');
        return meta;
      },
      updateStoredKey: async (entryId, patch) => {
        guard();
        const entry = this.entries.find((e) => e.entryId === entryId);
        if (!entry) throw new Error('fake vault: no entry');
        entry.label = patch.label;
        return entry;
      },
    };
  }
}

export function setup() {
  const adminSecret = syntheticSecret('ADMIN');
  const venice = new FakeVenice(adminSecret);
  const vault = new FakeVault();
  const admin = vault.add({
    label: 'Admin',
    type: 'ADMIN',
    last6: adminSecret.slice(-6),
    veniceKeyId: null,
    secret: adminSecret,
  });
  const settings = { managementKeyId: admin.entryId as string | null, badgeKeyId: null as string | null };
  const badgeReasons: string[] = [];
  let now = Date.parse('2026-03-01T12:00:00.000Z');
  const deps: KeyServiceDeps = {
    getClient: async () => venice,
    getSettings: async () => settings,
    vault: vault.api(),
    requestBadgeRefresh: async (reason) => {
      badgeReasons.push(reason);
    },
    now: () => now,
  };
  return {
    venice,
    vault,
    admin,
    settings,
    badgeReasons,
    deps,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function draft(overrides: Partial<KeySettingsDraft> = {}): KeySettingsDraft {
  return { ...defaultKeySettings(), description: 'my app', ...overrides };
}

/** What the promise rejected with; the test fails when it resolves instead. */
export async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}
