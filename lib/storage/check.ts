/**
 * Small hand checks for stored values. Hand-written rather than zod: the popup and a cold
 * worker read these on every open, and zod stays out of the popup's bundle (test/bundle).
 * Each returns a reason naming the path of what is wrong, never the value found there.
 */
import { defaultKeySettings, type KeySettingsDraft } from '@/lib/keys/key-settings-draft';
import { API_KEY_TYPES, LIMIT_PERIODS, MODEL_PRIVACY_VALUES } from '@/lib/venice/validation';

export class Invalid extends Error {}

export type Obj = Record<string, unknown>;

export function fail(path: string, what: string): never {
  throw new Invalid(`${path}: ${what}`);
}

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'not an object');
  return v as Obj;
}

export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'not a list');
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'not a string');
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'not true or false');
  return v;
}

export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'not a finite number');
  return v;
}

export function nullable<T>(read: (v: unknown, path: string) => T): (v: unknown, path: string) => T | null {
  return (v, path) => (v === null ? null : read(v, path));
}

/** Runs a reader that throws `Invalid`; any other error is a bug and propagates. */
export function checked<T>(read: () => T): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, reason: err.message };
    throw err;
  }
}

// ---- key-settings drafts ----------------------------------------------------------------------
/*
 * A key-settings form as typed (the popup's create and edit drafts, the wallet window's new-key
 * settings), checked as stored: the description and the type must be there; a field added since
 * the draft was saved takes the blank form's value; a field that is there must be of its kind
 * (a form fed a number where it trims a string, or a type it has no option for, breaks).
 * Here, not in a module of its own: both pages load it after their first paint, and a module of
 * its own would be a chunk more, named in the popup's initial load.
 */
const TEXT_FIELDS = ['description', 'expiryDate', 'expiryTime', 'usdCap', 'diemCap'] as const;
const CHOICES: { [K in keyof KeySettingsDraft]?: readonly KeySettingsDraft[K][] } = {
  apiKeyType: API_KEY_TYPES,
  expiryMode: ['none', 'date', 'datetime'],
  limitPeriod: LIMIT_PERIODS,
  modelPrivacy: MODEL_PRIVACY_VALUES,
};

/** The reason `field` of a stored draft cannot be used, or null when it can (or is absent). */
function fieldProblem(d: Obj, field: keyof KeySettingsDraft): string | null {
  const v = d[field];
  if (v === undefined) return field === 'description' || field === 'apiKeyType' ? 'missing' : null;
  const choices = CHOICES[field];
  if (choices) return (choices as readonly unknown[]).includes(v) ? null : 'not one of the form’s choices';
  return typeof v === 'string' ? null : 'not a string';
}

const FIELDS = [...TEXT_FIELDS, ...(Object.keys(CHOICES) as (keyof KeySettingsDraft)[])];

export function keySettingsDraft(raw: unknown, path: string): KeySettingsDraft {
  const d = obj(raw, path);
  for (const field of FIELDS) {
    const problem = fieldProblem(d, field);
    if (problem) fail(`${path}.${field}`, problem);
  }
  return pick(d);
}

/** What can be used of a stored draft: each valid field, the blank form's value for the rest. */
export function usableKeySettingsDraft(raw: unknown): KeySettingsDraft | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  return pick(raw as Obj);
}

/** The blank form with every usable field of `d` put in. */
function pick(d: Obj): KeySettingsDraft {
  const draft: Record<string, unknown> = { ...defaultKeySettings() };
  for (const field of FIELDS) if (d[field] !== undefined && !fieldProblem(d, field)) draft[field] = d[field];
  return draft as unknown as KeySettingsDraft;
}
