/**
 * Small hand checks for stored values. Hand-written rather than zod: the popup and a cold
 * worker read these on every open, and zod stays out of the popup's bundle (test/bundle).
 * Each returns a reason naming the path of what is wrong, never the value found there.
 */

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
