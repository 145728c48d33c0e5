/**
 * zod schemas for every Venice response we read (FACTS.md §3.1–3.9) and every body we send.
 *
 * Responses: tolerant of what Venice really sends (§6 traps: singular/plural limits,
 * usage figures as strings, UPPERCASE/lowercase balance keys, `{}` or `""` for a missing
 * date, optional and extra fields), strict about what we rely on (types, enums, finite
 * numbers). Each one transforms into the clean types of types.ts; usage strings become
 * numbers here and nowhere else.
 *
 * Requests: strict objects whose rules come from validation.ts, so the client cannot send
 * an unknown field, a long description or a malformed expiry.
 */
import { z } from 'zod';
import { type Deferred, lazy, resolveDeferred } from '@/lib/lazy';
import { type FieldError, VeniceInvalidInputError, VeniceUnexpectedResponseError } from './errors';
import {
  type ApiKey,
  type ApiKeyList,
  type ApiKeyType,
  type BillingBalance,
  type ConsumptionLimits,
  type CreatedApiKey,
  type RateLimitBreach,
  type RateLimitLog,
  type RateLimits,
  UNKNOWN_DATE,
  type UnreadableRows,
  type UsageAnalytics,
  type UsageFigures,
  type UsageHistoryPage,
} from './types';
import {
  API_KEY_TYPES,
  isEvmAddress,
  isPersonalSignature,
  LIMIT_PERIODS,
  MODEL_PRIVACY_VALUES,
  validateConsumptionLimit,
  validateDescription,
  validateExpiresAt,
} from './validation';

// ---------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------

/** ISO-8601 date or date-time, as Venice writes them. `Date.parse` alone accepts "1". */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const isoDateString = lazy(() =>
  z.string().refine((s) => ISO_DATE.test(s) && Number.isFinite(Date.parse(s)), 'not an ISO date'),
);

/** A date that may be absent: string, `null`, `""`, `{}` (spec examples) or missing → `string | null`. */
export const nullableDate = lazy(() =>
  z
    .union([isoDateString(), z.null(), z.literal(''), z.strictObject({})])
    .optional()
    .transform((v): string | null => (typeof v === 'string' && v !== '' ? v : null)),
);

/**
 * A date we only display (FACTS §2: never fail a whole answer over one): an ISO string as
 * sent; absent, `null` or `""` → null ("none"); anything else (`{}` as in the spec's
 * examples, a number, a malformed string) → UNKNOWN_DATE, which every view shows as unknown,
 * never as "never".
 */
export const readDate = lazy(() =>
  z
    .unknown()
    .optional()
    .transform((v): string | null => {
      if (v === undefined || v === null || v === '') return null;
      return typeof v === 'string' && ISO_DATE.test(v) && Number.isFinite(Date.parse(v)) ? v : UNKNOWN_DATE;
    }),
);

/** An enum value we only display: kept as sent, so a value Venice adds later shows as itself. */
const keptEnum = lazy(() => z.string().min(1).max(64));

/** A finite JSON number (zod 4 already refuses NaN and ±Infinity). */
const finiteNumber = lazy(() => z.number());

/**
 * A usage figure: Venice sends strings with 4 decimals ("10.2424"); a number is accepted
 * too. Anything else, or digits too large to be finite, is a schema error, never NaN.
 */
export const usageFigure = lazy(() =>
  z.union([finiteNumber(), z.string()]).transform((v, ctx) => {
    if (typeof v === 'string' && !/^-?\d+(?:\.\d+)?$/.test(v)) {
      ctx.issues.push({ code: 'custom', message: 'not a decimal figure', input: v });
      return z.NEVER;
    }
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) {
      ctx.issues.push({ code: 'custom', message: 'not a finite number', input: v });
      return z.NEVER;
    }
    return n;
  }),
);

/** A per-key cap: number or null (no cap); a missing one means no cap. `vcu` is ignored. */
const capValue = lazy(() => finiteNumber().nullable().optional());
const limitsWire = lazy(() =>
  z
    .object({ usd: capValue(), diem: capValue() })
    .transform((v): ConsumptionLimits => ({ usd: v.usd ?? null, diem: v.diem ?? null })),
);

const usageWire = lazy(() =>
  z
    .object({ usd: usageFigure(), diem: usageFigure() })
    .transform((v): UsageFigures => ({ usd: v.usd, diem: v.diem })),
);

const apiKeyTypeWire = lazy(() => z.enum(API_KEY_TYPES));
const limitPeriodWire = lazy(() => z.enum(LIMIT_PERIODS));

function missing(ctx: z.RefinementCtx, path: string[]): never {
  ctx.issues.push({ code: 'custom', message: 'missing', path, input: undefined });
  return z.NEVER as never;
}

// ---------------------------------------------------------------------------------------
// Keys: GET /api_keys, GET /api_keys/{id}, PATCH /api_keys (§3.1, §3.3, §3.5)
// ---------------------------------------------------------------------------------------

/**
 * One key as Venice describes it. Tolerant where a field is only displayed (enum values kept as
 * sent, unreadable dates → UNKNOWN_DATE, unreadable usage → null, shown as "—"); strict where a
 * wrong value would show a wrong figure or lose the key (id, type, tail, caps).
 */
export const apiKeySchema = lazy(() =>
  z
    .object({
      id: z.string().min(1),
      apiKeyType: keptEnum(),
      description: z.string().nullish(),
      createdAt: readDate(),
      expiresAt: readDate(),
      lastUsedAt: readDate(),
      last6Chars: z.string(),
      // Plural in list/get/PATCH responses; the singular is accepted in case Venice mixes them up.
      consumptionLimits: limitsWire().optional(),
      consumptionLimit: limitsWire().optional(),
      limitPeriod: keptEnum().nullish(),
      usage: z
        .object({ trailingSevenDays: usageWire().nullish() })
        .nullish()
        .catch(() => null),
      currentPeriodUsage: usageWire()
        .nullish()
        .catch(() => null),
      modelPrivacy: keptEnum().nullish(),
    })
    .transform((v, ctx): ApiKey => {
      const limits = v.consumptionLimits ?? v.consumptionLimit;
      if (!limits) return missing(ctx, ['consumptionLimits']);
      return {
        id: v.id,
        apiKeyType: v.apiKeyType,
        description: v.description ?? '',
        createdAt: v.createdAt,
        expiresAt: v.expiresAt,
        lastUsedAt: v.lastUsedAt,
        last6Chars: v.last6Chars,
        consumptionLimits: limits,
        limitPeriod: v.limitPeriod ?? null,
        trailingSevenDays: v.usage?.trailingSevenDays ?? null,
        currentPeriodUsage: v.currentPeriodUsage ?? null,
        modelPrivacy: v.modelPrivacy ?? null,
      };
    }),
);

/**
 * How many entries of each list the extension reads. None is below what Venice documents (500
 * keys per account, the 50 latest breaches, at most 1,000 ledger rows a page, 90 days of
 * analytics), so a normal answer is never cut; an answer past them is a broken or hostile one,
 * and the 5 MB body cap alone would still let it build millions of objects.
 */
export const ROW_CAPS = {
  keys: 1_000,
  breaches: 500,
  modelLimits: 2_000,
  /** Strict lists (refused whole past the cap): one usage-history page, each analytics series. */
  historyPage: 1_000,
  analyticsRows: 20_000,
} as const;

/** A strict list: its length is checked before any entry is parsed, so a huge one costs nothing. */
function cappedList<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(z.unknown())
    .refine((rows) => rows.length <= max, `more than ${max.toLocaleString('en-US')} entries`)
    .pipe(z.array(item));
}

/**
 * Reads each row on its own: the rows that can be read are kept, the others counted with the
 * first reason of each (the field, never the value), so one odd row never hides the rest.
 */
function readRows<T>(
  rows: unknown[],
  row: z.ZodType<T>,
  max: number,
): { items: T[]; unreadable: UnreadableRows | null } {
  const items: T[] = [];
  const reasons: string[] = [];
  let count = 0;
  // Rows past the cap are not read at all: counted, and said why, like any unreadable row.
  if (rows.length > max) {
    count = rows.length - max;
    reasons.push(
      `more than ${max.toLocaleString('en-US')} entries: only the first ${max.toLocaleString('en-US')} were read`,
    );
  }
  for (const raw of rows.length > max ? rows.slice(0, max) : rows) {
    const parsed = row.safeParse(raw);
    if (parsed.success) {
      items.push(parsed.data);
      continue;
    }
    count += 1;
    const issue = parsed.error.issues[0];
    const reason = issue
      ? `${formatPath(issue.path) || 'the entry'}: ${describeIssue(issue)}`
      : 'not as documented';
    if (!reasons.includes(reason) && reasons.length < 4) reasons.push(reason);
  }
  return { items, unreadable: count > 0 ? { count, reasons } : null };
}

export const listApiKeysResponse = lazy(() =>
  z.object({ data: z.array(z.unknown()) }).transform((v): ApiKeyList => {
    const { items, unreadable } = readRows(v.data, apiKeySchema(), ROW_CAPS.keys);
    return { keys: items, unreadable };
  }),
);
export const getApiKeyResponse = lazy(() => z.object({ data: apiKeySchema() }).transform((v) => v.data));
export const updateApiKeyResponse = lazy(() => z.object({ data: apiKeySchema() }).transform((v) => v.data));

/** DELETE /api_keys → `{ success }`. `success: false` is refused by the client. */
export const revokeApiKeyResponse = lazy(() =>
  z.object({ success: z.boolean() }).transform((v) => v.success),
);

// ---------------------------------------------------------------------------------------
// Create and web3 mint (§3.2, §3.8): the only responses that carry a secret
// ---------------------------------------------------------------------------------------

/** What the caller asked for: used where Venice's echo is missing or unusable. */
export interface CreatedKeyFallback {
  apiKeyType: ApiKeyType;
  description?: string;
  expiresAt?: string | null;
  consumptionLimit?: Partial<ConsumptionLimits>;
  limitPeriod?: CreatedApiKey['limitPeriod'];
  /**
   * Web3 mints: Venice's limit echo drops caps it did store (a DIEM-only cap and a USD cap
   * of 0 come back null, FACTS §3.8), so a cap we sent wins over the echo.
   */
  preferRequestedLimits?: boolean;
}

function mergeLimits(
  echo: ConsumptionLimits | undefined,
  requested: Partial<ConsumptionLimits> | undefined,
  preferRequested: boolean,
): ConsumptionLimits {
  const asked = { usd: requested?.usd, diem: requested?.diem };
  if (!echo) return { usd: asked.usd ?? null, diem: asked.diem ?? null };
  if (!preferRequested) return echo;
  return {
    usd: asked.usd !== undefined ? asked.usd : echo.usd,
    diem: asked.diem !== undefined ? asked.diem : echo.diem,
  };
}

/**
 * The secret must never be lost to a cosmetic field: `apiKey` and `id` are required, every
 * other field falls back to what was requested when Venice's echo is missing or malformed
 * (the web3 echo of limits is unreliable anyway, FACTS §3.8).
 */
export function createdApiKeyResponse(fallback: CreatedKeyFallback) {
  return z
    .object({
      data: z.object({
        id: z.string().min(1),
        // Whitespace around a secret is never part of it (a line break would also break the header).
        apiKey: z.string().trim().min(1).max(1024),
        apiKeyType: apiKeyTypeWire().optional().catch(undefined),
        description: z.string().nullish().catch(undefined),
        // Kept apart from nullableDate so that "missing" (→ what was requested) differs from null.
        expiresAt: z
          .union([isoDateString(), z.null(), z.literal(''), z.strictObject({})])
          .optional()
          .catch(undefined),
        consumptionLimit: limitsWire().optional().catch(undefined),
        consumptionLimits: limitsWire().optional().catch(undefined),
        limitPeriod: limitPeriodWire().nullish().catch(undefined),
      }),
    })
    .transform(({ data: v }): CreatedApiKey => {
      const requestedExpiry = fallback.expiresAt ? fallback.expiresAt : null;
      return {
        id: v.id,
        apiKey: v.apiKey,
        apiKeyType: v.apiKeyType ?? fallback.apiKeyType,
        description: v.description ?? fallback.description ?? null,
        expiresAt:
          v.expiresAt === undefined
            ? requestedExpiry
            : typeof v.expiresAt === 'string' && v.expiresAt
              ? v.expiresAt
              : null,
        consumptionLimits: mergeLimits(
          v.consumptionLimit ?? v.consumptionLimits,
          fallback.consumptionLimit,
          fallback.preferRequestedLimits === true,
        ),
        limitPeriod: v.limitPeriod ?? fallback.limitPeriod ?? null,
      };
    });
}

/** GET /api_keys/generate_web3_key → the JWT to sign, verbatim. */
export const web3TokenResponse = lazy(() =>
  z.object({ data: z.object({ token: z.string().min(1).max(8192) }) }).transform((v) => v.data.token),
);

// ---------------------------------------------------------------------------------------
// Rate limits and breach log (§3.6, §3.7)
// ---------------------------------------------------------------------------------------

/** Balances are the figures people act on: one that cannot be read fails the answer, never shows as 0. */
const balanceValue = lazy(() => finiteNumber().nullable().optional());
const modelLimitsWire = lazy(() =>
  z.object({
    apiModelId: z.string().nullish(),
    rateLimits: z.array(z.object({ amount: finiteNumber(), type: z.string().min(1) })).nullish(),
  }),
);

export const rateLimitsResponse = lazy(() =>
  z
    .object({
      data: z.object({
        accessPermitted: z.boolean(),
        apiTier: z
          .object({ id: z.string(), isCharged: z.boolean() })
          .nullish()
          .catch(() => null),
        // UPPERCASE per FACTS §6.2; lowercase accepted in case Venice aligns it with /billing/balance.
        balances: z
          .object({
            USD: balanceValue(),
            DIEM: balanceValue(),
            BUNDLED_CREDITS: balanceValue(),
            usd: balanceValue(),
            diem: balanceValue(),
            bundledCredits: balanceValue(),
          })
          .nullish(),
        keyExpiration: readDate(),
        nextEpochBegins: readDate(),
        // A model entry that cannot be read is left out; the others are still shown.
        rateLimits: z
          .array(z.unknown())
          .nullish()
          .catch(() => null)
          .transform((rows) => readRows(rows ?? [], modelLimitsWire(), ROW_CAPS.modelLimits).items),
      }),
    })
    .transform(({ data: d }): RateLimits => {
      const balances: RateLimits['balances'] = {};
      const usd = d.balances?.USD ?? d.balances?.usd;
      const diem = d.balances?.DIEM ?? d.balances?.diem;
      const bundled = d.balances?.BUNDLED_CREDITS ?? d.balances?.bundledCredits;
      if (usd != null) balances.USD = usd;
      if (diem != null) balances.DIEM = diem;
      if (bundled != null) balances.BUNDLED_CREDITS = bundled;
      return {
        accessPermitted: d.accessPermitted,
        apiTier: d.apiTier ? { id: d.apiTier.id, isCharged: d.apiTier.isCharged } : null,
        balances,
        keyExpiration: d.keyExpiration,
        nextEpochBegins: d.nextEpochBegins,
        rateLimits: (d.rateLimits ?? []).map((m) => ({
          apiModelId: m.apiModelId ?? null,
          limits: (m.rateLimits ?? []).map((l) => ({ type: l.type, amount: l.amount })),
        })),
      };
    }),
);

const breachSchema = lazy(() =>
  z
    .object({
      apiKeyId: z.string(),
      modelId: z.string(),
      rateLimitTier: z.string(),
      // Kept as sent: a future type must not hide the whole log.
      rateLimitType: z.string().min(1),
      timestamp: readDate(),
    })
    .transform(
      (v): RateLimitBreach => ({
        apiKeyId: v.apiKeyId,
        modelId: v.modelId,
        rateLimitTier: v.rateLimitTier,
        rateLimitType: v.rateLimitType,
        timestamp: v.timestamp ?? UNKNOWN_DATE,
      }),
    ),
);

export const rateLimitLogResponse = lazy(() =>
  z.object({ data: z.array(z.unknown()) }).transform((v): RateLimitLog => {
    const { items, unreadable } = readRows(v.data, breachSchema(), ROW_CAPS.breaches);
    return { entries: items, unreadable };
  }),
);

// ---------------------------------------------------------------------------------------
// Billing (§3.9)
// ---------------------------------------------------------------------------------------

export const billingBalanceResponse = lazy(() =>
  z
    .object({
      canConsume: z.boolean(),
      // Kept as sent: a currency Venice adds later is shown as itself.
      consumptionCurrency: keptEnum()
        .nullish()
        .catch(() => null),
      // lowercase per FACTS §6.2; UPPERCASE accepted in case Venice aligns it with rate_limits.
      balances: z.object({
        usd: balanceValue(),
        diem: balanceValue(),
        bundledCredits: balanceValue(),
        earnedCredits: balanceValue(),
        USD: balanceValue(),
        DIEM: balanceValue(),
        BUNDLED_CREDITS: balanceValue(),
        EARNED_CREDITS: balanceValue(),
      }),
      diemEpochAllocation: finiteNumber().nullish(),
    })
    .transform(
      (v): BillingBalance => ({
        canConsume: v.canConsume,
        consumptionCurrency: v.consumptionCurrency ?? null,
        balances: {
          usd: v.balances.usd ?? v.balances.USD ?? null,
          diem: v.balances.diem ?? v.balances.DIEM ?? null,
          bundledCredits: v.balances.bundledCredits ?? v.balances.BUNDLED_CREDITS ?? null,
          earnedCredits: v.balances.earnedCredits ?? v.balances.EARNED_CREDITS ?? null,
        },
        diemEpochAllocation: v.diemEpochAllocation ?? null,
      }),
    ),
);

const tokenCount = lazy(() => z.number().int().nullish());

export const usageHistoryResponse = lazy(() =>
  z
    .object({
      data: cappedList(
        z.object({
          amount: finiteNumber(),
          currency: z.string(),
          inferenceDetails: z
            .object({
              requestId: z.string(),
              promptTokens: tokenCount(),
              completionTokens: tokenCount(),
              inferenceExecutionTime: tokenCount(),
            })
            .nullish(),
          notes: z.string().nullish(),
          pricePerUnitUsd: finiteNumber(),
          sku: z.string(),
          timestamp: isoDateString(),
          units: finiteNumber(),
        }),
        ROW_CAPS.historyPage,
      ),
      nextCursor: z.string().min(1).nullish(),
    })
    .transform(
      (v): UsageHistoryPage => ({
        data: v.data.map((e) => ({
          amount: e.amount,
          currency: e.currency,
          inferenceDetails: e.inferenceDetails
            ? {
                requestId: e.inferenceDetails.requestId,
                promptTokens: e.inferenceDetails.promptTokens ?? null,
                completionTokens: e.inferenceDetails.completionTokens ?? null,
                inferenceExecutionTime: e.inferenceDetails.inferenceExecutionTime ?? null,
              }
            : null,
          notes: e.notes ?? '',
          pricePerUnitUsd: e.pricePerUnitUsd,
          sku: e.sku,
          timestamp: e.timestamp,
          units: e.units,
        })),
        nextCursor: v.nextCursor ?? null,
      }),
    ),
);

/** Chart rows `{ date: <ms>, <series>: number }`, copied into prototype-free objects. */
const seriesRow = lazy(() =>
  z.record(z.string(), finiteNumber()).transform((row) => {
    const out: Record<string, number> = Object.create(null);
    for (const [k, n] of Object.entries(row)) out[k] = n;
    return out;
  }),
);

export const usageAnalyticsResponse = lazy(() =>
  z
    .object({
      lookback: z.string(),
      byDate: cappedList(
        z.object({ date: z.string(), USD: finiteNumber(), DIEM: finiteNumber() }),
        ROW_CAPS.analyticsRows,
      ),
      byModel: cappedList(
        z.object({
          modelName: z.string(),
          unitType: z.string(),
          modelType: z.string().nullish(),
          totalUsd: finiteNumber(),
          totalDiem: finiteNumber(),
          totalUnits: finiteNumber(),
          breakdown: z
            .array(
              z.object({
                type: z.string(),
                usd: finiteNumber(),
                diem: finiteNumber(),
                units: finiteNumber(),
              }),
            )
            .nullish(),
        }),
        ROW_CAPS.analyticsRows,
      ),
      byKey: cappedList(
        z.object({
          apiKeyId: z.string().nullable(),
          description: z.string(),
          totalUsd: finiteNumber(),
          totalDiem: finiteNumber(),
          totalUnits: finiteNumber(),
        }),
        ROW_CAPS.analyticsRows,
      ),
      byModelDaily: cappedList(seriesRow(), ROW_CAPS.analyticsRows),
      byKeyDaily: cappedList(seriesRow(), ROW_CAPS.analyticsRows),
      topModels: cappedList(z.string(), ROW_CAPS.analyticsRows),
      topKeyNames: cappedList(z.string(), ROW_CAPS.analyticsRows),
    })
    .transform(
      (v): UsageAnalytics => ({
        lookback: v.lookback,
        byDate: v.byDate.map((d) => ({ date: d.date, USD: d.USD, DIEM: d.DIEM })),
        byModel: v.byModel.map((m) => ({
          modelName: m.modelName,
          unitType: m.unitType,
          modelType: m.modelType ?? null,
          totalUsd: m.totalUsd,
          totalDiem: m.totalDiem,
          totalUnits: m.totalUnits,
          ...(m.breakdown
            ? {
                breakdown: m.breakdown.map((b) => ({
                  type: b.type,
                  usd: b.usd,
                  diem: b.diem,
                  units: b.units,
                })),
              }
            : {}),
        })),
        byKey: v.byKey.map((k) => ({
          apiKeyId: k.apiKeyId,
          description: k.description,
          totalUsd: k.totalUsd,
          totalDiem: k.totalDiem,
          totalUnits: k.totalUnits,
        })),
        byModelDaily: v.byModelDaily,
        byKeyDaily: v.byKeyDaily,
        topModels: v.topModels,
        topKeyNames: v.topKeyNames,
      }),
    ),
);

// ---------------------------------------------------------------------------------------
// Turning a zod failure into a typed error that names the field, never the value
// ---------------------------------------------------------------------------------------

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part)
        .replace(/[^\w$ :.-]/g, '')
        .slice(0, 40);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'missing' : `expected ${issue.expected}`;
    case 'invalid_value':
      return 'not one of the documented values';
    case 'invalid_union':
      return 'not in any documented form';
    case 'too_small':
    case 'too_big':
      return 'out of the documented range';
    case 'invalid_format':
      return 'badly formatted';
    case 'custom':
      return issue.message;
    default:
      return 'not as documented';
  }
}

/** Parse a response body; any mismatch becomes VeniceUnexpectedResponseError. */
export function parseResponse<S extends z.ZodType>(
  schema: Deferred<S>,
  json: unknown,
  ctx: { endpoint: string; mutating?: boolean } = { endpoint: 'Venice' },
): z.output<S> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = resolveDeferred(schema).safeParse(json) as z.ZodSafeParseResult<z.output<S>>;
  } catch (cause) {
    throw new VeniceUnexpectedResponseError('', 'could not be read', { ...ctx, cause });
  }
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new VeniceUnexpectedResponseError(
    issue ? formatPath(issue.path) : '',
    issue ? describeIssue(issue) : 'not as documented',
    ctx,
  );
}

// ---------------------------------------------------------------------------------------
// Request bodies (strict)
// ---------------------------------------------------------------------------------------

function fromCheck<T>(check: (value: T) => { ok: true } | { ok: false; reason: string }) {
  return (value: T, ctx: z.RefinementCtx) => {
    const result = check(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
  };
}

const capInput = lazy(() =>
  z
    .number({ error: 'A spending cap must be a number.' })
    .nullable()
    .superRefine(fromCheck(validateConsumptionLimit)),
);

/** `{ usd?, diem? }`; `vcu` is deprecated and never sent. */
export const consumptionLimitInput = lazy(() =>
  z.strictObject(
    { usd: capInput().optional(), diem: capInput().optional() },
    { error: 'Only usd and diem caps can be set.' },
  ),
);

const descriptionInput = lazy(() =>
  z.string({ error: 'The description must be text.' }).superRefine(fromCheck(validateDescription)),
);
const expiresAtInput = lazy(() =>
  z.string({ error: 'The expiry must be text.' }).superRefine(fromCheck(validateExpiresAt)),
);
const apiKeyTypeInput = lazy(() =>
  z.enum(API_KEY_TYPES, { error: 'The key type must be INFERENCE or ADMIN.' }),
);
const limitPeriodInput = lazy(() =>
  z.enum(LIMIT_PERIODS, {
    error: 'The limit period must be EPOCH, MONTH or LIFETIME.',
  }),
);
const modelPrivacyInput = lazy(() =>
  z.enum(MODEL_PRIVACY_VALUES, {
    error: 'Model privacy must be ALL, PRIVATE_TEXT or PRIVATE_ONLY.',
  }),
);

const createFields = () => ({
  apiKeyType: apiKeyTypeInput(),
  description: descriptionInput(),
  expiresAt: expiresAtInput().optional(),
  consumptionLimit: consumptionLimitInput().optional(),
  limitPeriod: limitPeriodInput().optional(),
  modelPrivacy: modelPrivacyInput().optional(),
});

export const createApiKeyBody = lazy(() => z.strictObject(createFields()));

export const updateApiKeyBody = lazy(() =>
  z
    .strictObject({
      id: z.string({ error: 'The key id is missing.' }).min(1, 'The key id is missing.').max(200),
      description: descriptionInput().optional(),
      // null or "" removes the expiry (FACTS §3.3).
      expiresAt: expiresAtInput().nullable().optional(),
      consumptionLimit: consumptionLimitInput().optional(),
      limitPeriod: limitPeriodInput().optional(),
      modelPrivacy: modelPrivacyInput().optional(),
    })
    .refine((v) => Object.entries(v).some(([k, value]) => k !== 'id' && value !== undefined), {
      message: 'Choose at least one thing to change.',
    }),
);

export const mintWeb3KeyBody = lazy(() =>
  z.strictObject({
    ...createFields(),
    description: descriptionInput().optional(),
    address: z.string().refine(isEvmAddress, 'The wallet address must be 0x followed by 40 hex digits.'),
    signature: z.string().refine(isPersonalSignature, 'The signature must be 0x followed by 130 hex digits.'),
    token: z
      .string()
      .min(1, 'The token to sign is missing.')
      .max(8192)
      .refine((t) => !/\s/.test(t), 'The token must be sent exactly as Venice issued it.'),
  }),
);

/**
 * Validate a request body and return exactly what goes on the wire: known fields only,
 * undefined ones dropped (so modelPrivacy is sent only when set), never vcu.
 */
export function buildRequestBody<S extends z.ZodType>(
  schema: Deferred<S>,
  input: unknown,
  endpoint: string,
): z.output<S> {
  const result = resolveDeferred(schema).safeParse(input);
  if (!result.success) {
    const fieldErrors: FieldError[] = result.error.issues.map((issue) => ({
      field: formatPath(issue.path),
      message:
        issue.code === 'unrecognized_keys'
          ? `Venice does not accept ${issue.keys.join(', ')}.`
          : issue.message,
    }));
    throw new VeniceInvalidInputError(fieldErrors, { endpoint });
  }
  return dropUndefined(result.data) as z.output<S>;
}

function dropUndefined(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
  return out;
}

/** Every response parser, by client method (the property tests feed each one hostile JSON). */
export const responseSchemas = {
  listApiKeys: listApiKeysResponse,
  getApiKey: getApiKeyResponse,
  updateApiKey: updateApiKeyResponse,
  revokeApiKey: revokeApiKeyResponse,
  createApiKey: () => createdApiKeyResponse({ apiKeyType: 'INFERENCE' }),
  mintWeb3Key: () => createdApiKeyResponse({ apiKeyType: 'INFERENCE', preferRequestedLimits: true }),
  getWeb3Token: web3TokenResponse,
  getRateLimits: rateLimitsResponse,
  getRateLimitLog: rateLimitLogResponse,
  getBillingBalance: billingBalanceResponse,
  getUsageHistory: usageHistoryResponse,
  getUsageAnalytics: usageAnalyticsResponse,
} as const;
