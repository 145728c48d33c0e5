/**
 * Request validation with Venice's error shape. Venice validates bodies with zod (v3) and
 * answers 400 `{ error: "Invalid request parameters", details: <zod format() tree>, issues }`,
 * so the issues and messages here follow zod 3's wording.
 */
import { type API_KEY_TYPES, LIMIT_PERIODS, MODEL_PRIVACIES } from './types';

export type IssuePath = (string | number)[];

export interface Issue {
  code: string;
  message: string;
  path: IssuePath;
  [extra: string]: unknown;
}

export interface DetailsTree {
  _errors: string[];
  [field: string]: DetailsTree | string[];
}

export const INVALID_PARAMETERS = 'Invalid request parameters';

export function typeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

function received(value: unknown): string {
  const name = typeName(value);
  return name === 'integer' || name === 'float' ? 'number' : name;
}

/** zod 3's `error.format()`: issues folded into a tree of `_errors`, union members expanded. */
export function formatIssues(issues: Issue[]): DetailsTree {
  const root: DetailsTree = { _errors: [] };
  const visit = (issue: Issue) => {
    const unionErrors = issue.unionErrors as Issue[][] | undefined;
    if (issue.code === 'invalid_union' && unionErrors) {
      for (const member of unionErrors) for (const inner of member) visit(inner);
      return;
    }
    let node = root;
    for (const segment of issue.path) {
      const key = String(segment);
      const child = node[key];
      if (!child || Array.isArray(child)) {
        const created: DetailsTree = { _errors: [] };
        node[key] = created;
        node = created;
      } else {
        node = child;
      }
    }
    node._errors.push(issue.message);
  };
  for (const issue of issues) visit(issue);
  return root;
}

export function detailedError(issues: Issue[]): { error: string; details: DetailsTree; issues: Issue[] } {
  return { error: INVALID_PARAMETERS, details: formatIssues(issues), issues };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues while reading one request body or query. */
export class Checker {
  readonly issues: Issue[] = [];

  add(issue: Issue): void {
    this.issues.push(issue);
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  invalidType(path: IssuePath, expected: string, value: unknown): void {
    this.add({
      code: 'invalid_type',
      expected,
      received: received(value),
      path,
      message: value === undefined ? 'Required' : `Expected ${expected}, received ${received(value)}`,
    });
  }

  /** The body must be an object with only the allowed keys (`.strict()`). */
  object(value: unknown, allowed: readonly string[], path: IssuePath = []): value is Record<string, unknown> {
    if (!isPlainObject(value)) {
      this.invalidType(path, 'object', value);
      return false;
    }
    const unknownKeys = Object.keys(value).filter((key) => !allowed.includes(key));
    if (unknownKeys.length > 0) {
      this.add({
        code: 'unrecognized_keys',
        keys: unknownKeys,
        path,
        message: `Unrecognized key(s) in object: ${unknownKeys.map((key) => `'${key}'`).join(', ')}`,
      });
    }
    return true;
  }

  string(
    value: unknown,
    path: IssuePath,
    options: { max?: number; required?: boolean } = {},
  ): string | undefined {
    if (value === undefined && !options.required) return undefined;
    if (typeof value !== 'string') {
      this.invalidType(path, 'string', value);
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.add({
        code: 'too_big',
        maximum: options.max,
        type: 'string',
        inclusive: true,
        exact: false,
        path,
        message: `String must contain at most ${options.max} character(s)`,
      });
      return undefined;
    }
    return value;
  }

  enumValue<T extends string>(
    value: unknown,
    options: readonly T[],
    path: IssuePath,
    required = false,
  ): T | undefined {
    if (value === undefined && !required) return undefined;
    const expected = options.map((option) => `'${option}'`).join(' | ');
    if (typeof value !== 'string') {
      this.add({
        code: 'invalid_type',
        expected,
        received: received(value),
        path,
        message: value === undefined ? 'Required' : `Expected ${expected}, received ${received(value)}`,
      });
      return undefined;
    }
    if (!(options as readonly string[]).includes(value)) {
      this.add({
        code: 'invalid_enum_value',
        options,
        received: value,
        path,
        message: `Invalid enum value. Expected ${expected}, received '${value}'`,
      });
      return undefined;
    }
    return value as T;
  }
}

export const CAP_MAX = 9_999_999_999;

export interface LimitsInput {
  usd?: number | null;
  diem?: number | null;
  vcu?: number | null;
}

/** `consumptionLimit`: `{ usd?, diem?, vcu? }`, each a number in 0–9,999,999,999 or null. */
export function checkLimits(check: Checker, value: unknown, path: IssuePath): LimitsInput | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    check.invalidType(path, 'object', value);
    return undefined;
  }
  const out: LimitsInput = {};
  for (const field of ['usd', 'diem', 'vcu'] as const) {
    const cap = value[field];
    if (cap === undefined) continue;
    if (cap === null) {
      out[field] = null;
      continue;
    }
    if (typeof cap !== 'number' || !Number.isFinite(cap)) {
      check.invalidType([...path, field], 'number', cap);
      continue;
    }
    if (cap < 0) {
      check.add({
        code: 'too_small',
        minimum: 0,
        type: 'number',
        inclusive: true,
        exact: false,
        path: [...path, field],
        message: 'Number must be greater than or equal to 0',
      });
      continue;
    }
    if (cap > CAP_MAX) {
      check.add({
        code: 'too_big',
        maximum: CAP_MAX,
        type: 'number',
        inclusive: true,
        exact: false,
        path: [...path, field],
        message: `Number must be less than or equal to ${CAP_MAX}`,
      });
      continue;
    }
    out[field] = cap;
  }
  return out;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** Epoch ms of a valid `YYYY-MM-DD` (UTC midnight), or null for an impossible date like 2026-02-30. */
export function parseCalendarDate(value: string): number | null {
  if (!DATE_PATTERN.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
  return ms;
}

function parseDateTime(value: string): number | null {
  if (!DATETIME_PATTERN.test(value)) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 19) !== value.slice(0, 19)) return null;
  return ms;
}

/**
 * `expiresAt`: exactly one of `""`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.mmm]Z` (plus `null`
 * on PATCH). Returns `null` for "no expiry", a time in ms, or undefined when absent/invalid.
 */
export function checkExpiresAt(
  check: Checker,
  value: unknown,
  path: IssuePath,
  allowNull: boolean,
): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null && allowNull) return null;
  if (value === '') return null;
  if (typeof value === 'string') {
    const ms = parseCalendarDate(value) ?? parseDateTime(value);
    if (ms !== null) return ms;
    if (DATE_PATTERN.test(value) || DATETIME_PATTERN.test(value)) {
      check.add({ code: 'invalid_date', path, message: 'Invalid date' });
      return undefined;
    }
  }
  const kind = typeName(value);
  const members: Issue[][] =
    typeof value === 'string'
      ? [
          [
            {
              code: 'invalid_enum_value',
              options: [''],
              received: value,
              path,
              message: `Invalid enum value. Expected '', received '${value}'`,
            },
          ],
          [{ code: 'invalid_string', validation: 'regex', path, message: 'Invalid' }],
          [{ code: 'invalid_string', validation: 'regex', path, message: 'Invalid' }],
        ]
      : [
          [
            {
              code: 'invalid_type',
              expected: "''",
              received: kind,
              path,
              message: `Expected '', received ${received(value)}`,
            },
          ],
          [
            {
              code: 'invalid_type',
              expected: 'string',
              received: kind,
              path,
              message: `Expected string, received ${received(value)}`,
            },
          ],
          [
            {
              code: 'invalid_type',
              expected: 'string',
              received: kind,
              path,
              message: `Expected string, received ${received(value)}`,
            },
          ],
          ...(allowNull
            ? [
                [
                  {
                    code: 'invalid_type',
                    expected: 'null',
                    received: kind,
                    path,
                    message: `Expected null, received ${received(value)}`,
                  },
                ],
              ]
            : []),
        ];
  check.add({ code: 'invalid_union', unionErrors: members, path, message: 'Invalid input' });
  return undefined;
}

export interface KeyFieldsInput {
  apiKeyType?: (typeof API_KEY_TYPES)[number];
  description?: string;
  expiresAt?: number | null;
  consumptionLimit?: LimitsInput;
  limitPeriod?: (typeof LIMIT_PERIODS)[number];
  modelPrivacy?: (typeof MODEL_PRIVACIES)[number];
}

/** The optional fields shared by create, PATCH and the web3 mint. */
export function checkKeyFields(
  check: Checker,
  body: Record<string, unknown>,
  options: { allowNullExpiry: boolean; descriptionRequired: boolean },
): KeyFieldsInput {
  const out: KeyFieldsInput = {};
  const description = check.string(body.description, ['description'], {
    max: 64,
    required: options.descriptionRequired,
  });
  if (description !== undefined) out.description = description;
  const expiresAt = checkExpiresAt(check, body.expiresAt, ['expiresAt'], options.allowNullExpiry);
  if (expiresAt !== undefined) out.expiresAt = expiresAt;
  const limits = checkLimits(check, body.consumptionLimit, ['consumptionLimit']);
  if (limits !== undefined) out.consumptionLimit = limits;
  const limitPeriod = check.enumValue(body.limitPeriod, LIMIT_PERIODS, ['limitPeriod']);
  if (limitPeriod !== undefined) out.limitPeriod = limitPeriod;
  const modelPrivacy = check.enumValue(body.modelPrivacy, MODEL_PRIVACIES, ['modelPrivacy']);
  if (modelPrivacy !== undefined) out.modelPrivacy = modelPrivacy;
  return out;
}
