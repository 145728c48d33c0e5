/** `/api_keys` routes (FACTS §3.1–3.7) and the key wire shapes. */
import { iso, nextUtcMidnight } from './clock';
import { errorReply, json, type Reply, type RequestContext } from './http';
import { type AccountRecord, fourDecimals, type KeyRecord, newestFirst, type SimulatorState } from './state';
import { API_KEY_TYPES, type ApiKeyType, type BreachEntry, type Limits } from './types';
import { Checker, checkKeyFields, detailedError, type KeyFieldsInput } from './validation';

export const KEY_NOT_FOUND = 'API key not found';
export const KEY_NOT_FOUND_OR_EXPIRED = 'API key not found or expired';
export const KEY_COULD_NOT_BE_FOUND = 'API key could not be found';

/** Per-model limits reported by rate_limits; video and music models have none. */
const MODEL_RATE_LIMITS = [
  {
    apiModelId: 'zai-org-glm-5-1',
    rateLimits: [
      { amount: 500, type: 'RPM' },
      { amount: 100_000, type: 'RPD' },
      { amount: 2_000_000, type: 'TPM' },
    ],
  },
  {
    apiModelId: 'venice-uncensored',
    rateLimits: [
      { amount: 500, type: 'RPM' },
      { amount: 100_000, type: 'RPD' },
      { amount: 1_000_000, type: 'TPM' },
    ],
  },
  { apiModelId: 'qwen-image', rateLimits: [{ amount: 20, type: 'RPM' }] },
  { apiModelId: 'wan-2.5-preview-text-to-video', rateLimits: [] },
];

function hasCap(limits: Limits): boolean {
  return limits.usd !== null || limits.diem !== null;
}

function keyCore(key: KeyRecord) {
  return {
    id: key.id,
    apiKeyType: key.apiKeyType,
    description: key.description,
    createdAt: iso(key.createdAt),
    expiresAt: key.expiresAt === null ? null : iso(key.expiresAt),
    lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
    last6Chars: key.secret.slice(-6),
    consumptionLimits: { ...key.limits },
    limitPeriod: key.limitPeriod,
    modelPrivacy: key.modelPrivacy,
  };
}

/** The list/detail `ApiKey`: usage as 4-decimal strings, currentPeriodUsage only when capped. */
export function apiKeyWire(state: SimulatorState, key: KeyRecord): Record<string, unknown> {
  const trailing = state.trailingSevenDays(key);
  const wire: Record<string, unknown> = {
    ...keyCore(key),
    usage: {
      trailingSevenDays: {
        usd: fourDecimals(trailing.usd),
        vcu: fourDecimals(0),
        diem: fourDecimals(trailing.diem),
      },
    },
  };
  if (hasCap(key.limits)) {
    const current = state.shownUsage(key, state.periodStart(key));
    wire.currentPeriodUsage = { usd: fourDecimals(current.usd), diem: fourDecimals(current.diem) };
  }
  return { ...wire, ...state.wireQuirks.get(key.id)?.key };
}

/** The create/mint response: singular `consumptionLimit`, and the only copy of the secret. */
export function createdKeyWire(
  key: KeyRecord,
  consumptionLimit: Limits = key.limits,
): Record<string, unknown> {
  return {
    success: true,
    data: {
      apiKey: key.secret,
      apiKeyType: key.apiKeyType,
      consumptionLimit,
      limitPeriod: key.limitPeriod,
      description: key.description,
      expiresAt: key.expiresAt === null ? null : iso(key.expiresAt),
      id: key.id,
    },
  };
}

/** 20 creations per rolling minute per account: a 429 with Retry-After, or null when allowed. */
export function creationRateLimitReply(state: SimulatorState, account: AccountRecord): Reply | null {
  const now = state.clock.now();
  account.creationTimes = account.creationTimes.filter((at) => at > now - 60_000);
  const limit = state.config.creationsPerMinute;
  if (account.creationTimes.length < limit) return null;
  const oldest = account.creationTimes[account.creationTimes.length - limit] ?? now;
  const retryAfter = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
  return errorReply(
    429,
    `API key creation is rate limited to ${limit} requests per minute. Please try again later.`,
    { 'Retry-After': String(retryAfter) },
  );
}

/** Creates a key after the rate limit and the active-key cap; a Reply when either refuses. */
export function createKey(
  state: SimulatorState,
  account: AccountRecord,
  input: KeyFieldsInput & { apiKeyType: ApiKeyType; description: string },
): KeyRecord | Reply {
  const limited = creationRateLimitReply(state, account);
  if (limited) return limited;
  const max = state.config.maxActiveKeys;
  if (state.activeKeys(account).length >= max) {
    return errorReply(
      400,
      `You have reached the maximum number of active API keys (${max}). Delete unused keys before creating new ones.`,
    );
  }
  const now = state.clock.now();
  account.creationTimes.push(now);
  return state.insertKey(account, {
    apiKeyType: input.apiKeyType,
    description: input.description,
    createdAt: now,
    expiresAt: input.expiresAt ?? null,
    lastUsedAt: null,
    limits: {
      usd: input.consumptionLimit?.usd ?? null,
      diem: input.consumptionLimit?.diem ?? null,
      vcu: input.consumptionLimit?.vcu ?? null,
    },
    limitPeriod: input.limitPeriod ?? 'EPOCH',
    modelPrivacy: input.modelPrivacy ?? 'ALL',
  });
}

function authed(ctx: RequestContext) {
  if (!ctx.auth) throw new Error('route needs an authenticated request');
  return ctx.auth;
}

export function listKeys(ctx: RequestContext): Reply {
  const { account } = authed(ctx);
  const data = ctx.state
    .activeKeys(account)
    .sort(newestFirst)
    .map((key) => apiKeyWire(ctx.state, key));
  return json(200, { object: 'list', data });
}

export function getKey(ctx: RequestContext, id: string): Reply {
  const { account } = authed(ctx);
  const key = account.keys.get(id);
  if (!key || !ctx.state.isActive(key)) return errorReply(400, KEY_NOT_FOUND);
  return json(200, { data: apiKeyWire(ctx.state, key) });
}

const CREATE_FIELDS = [
  'apiKeyType',
  'description',
  'expiresAt',
  'consumptionLimit',
  'limitPeriod',
  'modelPrivacy',
];

export function createKeyRoute(ctx: RequestContext): Reply {
  const { account } = authed(ctx);
  const limited = creationRateLimitReply(ctx.state, account);
  if (limited) return limited;
  const check = new Checker();
  if (!check.object(ctx.body, CREATE_FIELDS)) return json(400, detailedError(check.issues));
  const body = ctx.body;
  const apiKeyType = check.enumValue(body.apiKeyType, API_KEY_TYPES, ['apiKeyType'], true);
  const { description, ...fields } = checkKeyFields(check, body, {
    allowNullExpiry: false,
    descriptionRequired: true,
  });
  if (!check.ok || apiKeyType === undefined || description === undefined) {
    return json(400, detailedError(check.issues));
  }
  const created = createKey(ctx.state, account, { ...fields, apiKeyType, description });
  if ('status' in created) return created;
  return json(200, createdKeyWire(created));
}

const UPDATE_FIELDS = ['id', 'description', 'expiresAt', 'consumptionLimit', 'limitPeriod', 'modelPrivacy'];

export function updateKeyRoute(ctx: RequestContext): Reply {
  const { account } = authed(ctx);
  const check = new Checker();
  if (!check.object(ctx.body, UPDATE_FIELDS)) return json(400, detailedError(check.issues));
  const body = ctx.body;
  const id = check.string(body.id, ['id'], { required: true });
  const fields = checkKeyFields(check, body, { allowNullExpiry: true, descriptionRequired: false });
  if (!check.ok || id === undefined) return json(400, detailedError(check.issues));
  const key = account.keys.get(id);
  if (!key || !ctx.state.isActive(key)) return errorReply(400, KEY_NOT_FOUND_OR_EXPIRED);
  if (fields.description !== undefined) key.description = fields.description;
  if (fields.expiresAt !== undefined) key.expiresAt = fields.expiresAt;
  if (fields.limitPeriod !== undefined) key.limitPeriod = fields.limitPeriod;
  if (fields.modelPrivacy !== undefined) key.modelPrivacy = fields.modelPrivacy;
  if (fields.consumptionLimit) {
    for (const cap of ['usd', 'diem', 'vcu'] as const) {
      const value = fields.consumptionLimit[cap];
      if (value !== undefined) key.limits[cap] = value;
    }
  }
  return json(200, { success: true, data: { ...keyCore(key), ...ctx.state.wireQuirks.get(key.id)?.key } });
}

export function deleteKeyRoute(ctx: RequestContext): Reply {
  const { account } = authed(ctx);
  let id: unknown = ctx.query.get('id') ?? undefined;
  if (id === undefined && typeof ctx.body === 'object' && ctx.body !== null && !Array.isArray(ctx.body)) {
    id = (ctx.body as Record<string, unknown>).id;
  }
  const check = new Checker();
  const keyId = check.string(id, ['id'], { required: true });
  if (keyId === undefined || keyId === '') {
    if (keyId === '') check.invalidType(['id'], 'string', undefined);
    return json(400, detailedError(check.issues));
  }
  const key = account.keys.get(keyId);
  if (!key || key.revokedAt !== null) return errorReply(400, KEY_COULD_NOT_BE_FOUND);
  ctx.state.revokeKey(key);
  return json(200, { success: true });
}

export function rateLimitsRoute(ctx: RequestContext): Reply {
  const { key } = authed(ctx);
  const { balances, accessPermitted } = ctx.state.spendable(key);
  return json(200, {
    data: {
      accessPermitted,
      apiTier: { id: 'paid', isCharged: true },
      balances,
      keyExpiration: key.expiresAt === null ? null : iso(key.expiresAt),
      nextEpochBegins: iso(nextUtcMidnight(ctx.state.clock.now())),
      rateLimits: MODEL_RATE_LIMITS,
      ...ctx.state.wireQuirks.get(key.id)?.rateLimits,
    },
  });
}

export function breachLogRoute(ctx: RequestContext): Reply {
  const { account } = authed(ctx);
  return json(200, { object: 'list', data: account.breachLog.slice(0, ctx.state.config.breachLogDepth) });
}

/**
 * Adds a breach, keeping only the newest `breachLogDepth` entries, newest first (a later
 * insertion wins a timestamp tie: the sort is stable).
 */
export function pushBreach(state: SimulatorState, account: AccountRecord, entry: BreachEntry): void {
  account.breachLog.unshift(entry);
  account.breachLog.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  account.breachLog.length = Math.min(account.breachLog.length, state.config.breachLogDepth);
}
