/**
 * The zod building blocks of the Venice responses we read (FACTS.md §3.1–3.9) and the bodies we
 * send; each endpoint's own response and request schema lives in its file in endpoints/, beside
 * its path and method.
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

import { type Deferred, lazy, resolveDeferred } from '@/lib/lazy';
import { z } from '@/lib/zod';
import { type FieldError, VeniceInvalidInputError, VeniceUnexpectedResponseError } from './errors';
import {
  type ApiKey,
  type ConsumptionLimits,
  UNKNOWN_DATE,
  type UnreadableRows,
  type UsageFigures,
} from './types';
import {
  API_KEY_TYPES,
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
  z.string().check(z.refine((s) => ISO_DATE.test(s) && Number.isFinite(Date.parse(s)), 'not an ISO date')),
);

/** A date that may be absent: string, `null`, `""`, `{}` (spec examples) or missing → `string | null`. */
export const nullableDate = lazy(() =>
  z.pipe(
    z.optional(z.union([isoDateString(), z.null(), z.literal(''), z.strictObject({})])),
    z.transform((v): string | null => (typeof v === 'string' && v !== '' ? v : null)),
  ),
);

/**
 * A date we only display (FACTS §2: never fail a whole answer over one): an ISO string as
 * sent; absent, `null` or `""` → null ("none"); anything else (`{}` as in the spec's
 * examples, a number, a malformed string) → UNKNOWN_DATE, which every view shows as unknown,
 * never as "never".
 */
export const readDate = lazy(() =>
  z.pipe(
    z.optional(z.unknown()),
    z.transform((v): string | null => {
      if (v === undefined || v === null || v === '') return null;
      return typeof v === 'string' && ISO_DATE.test(v) && Number.isFinite(Date.parse(v)) ? v : UNKNOWN_DATE;
    }),
  ),
);

/** An enum value we only display: kept as sent, so a value Venice adds later shows as itself. */
export const keptEnum = lazy(() => z.string().check(z.minLength(1), z.maxLength(64)));

/** A finite JSON number (zod 4 already refuses NaN and ±Infinity). */
export const finiteNumber = lazy(() => z.number());

/**
 * A usage figure: Venice sends strings with 4 decimals ("10.2424"); a number is accepted
 * too. Anything else, or digits too large to be finite, is a schema error, never NaN.
 */
export const usageFigure = lazy(() =>
  z.pipe(
    z.union([finiteNumber(), z.string()]),
    z.transform((v, ctx) => {
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
  ),
);

/** A per-key cap: number or null (no cap); a missing one means no cap. `vcu` is ignored. */
const capValue = lazy(() => z.optional(z.nullable(finiteNumber())));
export const limitsWire = lazy(() =>
  z.pipe(
    z.object({ usd: capValue(), diem: capValue() }),
    z.transform((v): ConsumptionLimits => ({ usd: v.usd ?? null, diem: v.diem ?? null })),
  ),
);

const usageWire = lazy(() =>
  z.pipe(
    z.object({ usd: usageFigure(), diem: usageFigure() }),
    z.transform((v): UsageFigures => ({ usd: v.usd, diem: v.diem })),
  ),
);

export const apiKeyTypeWire = lazy(() => z.enum(API_KEY_TYPES));
export const limitPeriodWire = lazy(() => z.enum(LIMIT_PERIODS));

function missing(ctx: z.core.ParsePayload, path: string[]): never {
  ctx.issues.push({ code: 'custom', message: 'missing', path, input: undefined });
  return z.NEVER as never;
}

// ---------------------------------------------------------------------------------------
// One key (§3.1, §3.3, §3.5) and lists of rows: shared by the key endpoints
// ---------------------------------------------------------------------------------------

/**
 * One key as Venice describes it. Tolerant where a field is only displayed (enum values kept as
 * sent, unreadable dates → UNKNOWN_DATE, unreadable usage → null, shown as "—"); strict where a
 * wrong value would show a wrong figure or lose the key (id, type, tail, caps).
 */
export const apiKeySchema = lazy(() =>
  z.pipe(
    z.object({
      id: z.string().check(z.minLength(1)),
      apiKeyType: keptEnum(),
      description: z.nullish(z.string()),
      createdAt: readDate(),
      expiresAt: readDate(),
      lastUsedAt: readDate(),
      last6Chars: z.string(),
      // Plural in list/get/PATCH responses; the singular is accepted in case Venice mixes them up.
      consumptionLimits: z.optional(limitsWire()),
      consumptionLimit: z.optional(limitsWire()),
      limitPeriod: z.nullish(keptEnum()),
      usage: z.catch(z.nullish(z.object({ trailingSevenDays: z.nullish(usageWire()) })), () => null),
      currentPeriodUsage: z.catch(z.nullish(usageWire()), () => null),
      modelPrivacy: z.nullish(keptEnum()),
    }),
    z.transform((v, ctx): ApiKey => {
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
  ),
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
export function cappedList<T extends z.core.$ZodType>(item: T, max: number) {
  return z.pipe(
    z
      .array(z.unknown())
      .check(z.refine((rows) => rows.length <= max, `more than ${max.toLocaleString('en-US')} entries`)),
    z.array(item),
  );
}

/**
 * Reads each row on its own: the rows that can be read are kept, the others counted with the
 * first reason of each (the field, never the value), so one odd row never hides the rest.
 */
export function readRows<T>(
  rows: unknown[],
  row: z.core.$ZodType<T>,
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
    const parsed = z.safeParse(row, raw);
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

/**
 * Balances (rate limits §3.6, billing §3.9) are the figures people act on: one that cannot be
 * read fails the answer, never shows as 0.
 */
export const balanceValue = lazy(() => z.optional(z.nullable(finiteNumber())));

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
export function parseResponse<S extends z.core.$ZodType>(
  schema: Deferred<S>,
  json: unknown,
  ctx: { endpoint: string; mutating?: boolean } = { endpoint: 'Venice' },
): z.output<S> {
  let result: z.core.util.SafeParseResult<z.output<S>>;
  try {
    result = z.safeParse(resolveDeferred(schema), json) as z.core.util.SafeParseResult<z.output<S>>;
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
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const result = check(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
  };
}

const capInput = lazy(() =>
  z
    .nullable(z.number({ error: 'A spending cap must be a number.' }))
    .check(z.superRefine(fromCheck(validateConsumptionLimit))),
);

/** `{ usd?, diem? }`; `vcu` is deprecated and never sent. */
export const consumptionLimitInput = lazy(() =>
  z.strictObject(
    { usd: z.optional(capInput()), diem: z.optional(capInput()) },
    { error: 'Only usd and diem caps can be set.' },
  ),
);

export const descriptionInput = lazy(() =>
  z.string({ error: 'The description must be text.' }).check(z.superRefine(fromCheck(validateDescription))),
);
export const expiresAtInput = lazy(() =>
  z.string({ error: 'The expiry must be text.' }).check(z.superRefine(fromCheck(validateExpiresAt))),
);
const apiKeyTypeInput = lazy(() =>
  z.enum(API_KEY_TYPES, { error: 'The key type must be INFERENCE or ADMIN.' }),
);
export const limitPeriodInput = lazy(() =>
  z.enum(LIMIT_PERIODS, {
    error: 'The limit period must be EPOCH, MONTH or LIFETIME.',
  }),
);
export const modelPrivacyInput = lazy(() =>
  z.enum(MODEL_PRIVACY_VALUES, {
    error: 'Model privacy must be ALL, PRIVATE_TEXT or PRIVATE_ONLY.',
  }),
);

export const createFields = () => ({
  apiKeyType: apiKeyTypeInput(),
  description: descriptionInput(),
  expiresAt: z.optional(expiresAtInput()),
  consumptionLimit: z.optional(consumptionLimitInput()),
  limitPeriod: z.optional(limitPeriodInput()),
  modelPrivacy: z.optional(modelPrivacyInput()),
});

/**
 * Validate a request body and return exactly what goes on the wire: known fields only,
 * undefined ones dropped (so modelPrivacy is sent only when set), never vcu.
 */
export function buildRequestBody<S extends z.core.$ZodType>(
  schema: Deferred<S>,
  input: unknown,
  endpoint: string,
): z.output<S> {
  const result = z.safeParse(resolveDeferred(schema), input);
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
