import { lazy } from '@/lib/lazy';
import type { z } from '@/lib/zod';

/** Who is calling: only ever one of this extension's own pages (checked by the router). */
export interface CallContext {
  /** The calling page's URL (chrome-extension://<id>/popup.html …). */
  url: string;
  tabId?: number;
}

export interface MethodDef<S extends z.ZodMiniType, R> {
  /**
   * The input schema, built on the method's first call and then kept; `null` for a method that
   * takes no input, which the router checks without zod (`checkInput`).
   */
  input: (() => S) | null;
  handler: (input: z.output<S>, ctx: CallContext) => Promise<R>;
}

/**
 * One background method: a function building its input schema (validated by the router) and
 * its handler, or just the handler for a method that takes no input. Schemas are built on first
 * use, not when the worker starts: a cold worker answers its first message without building the
 * schemas of the forty methods it was not asked for, and a method without input builds none.
 */
export function method<R>(
  handler: (input: undefined, ctx: CallContext) => Promise<R>,
): MethodDef<z.ZodMiniUndefined, R>;
export function method<S extends z.ZodMiniType, R>(
  input: () => S,
  handler: (input: z.output<S>, ctx: CallContext) => Promise<R>,
): MethodDef<S, R>;
export function method<S extends z.ZodMiniType, R>(
  inputOrHandler: (() => S) | ((input: undefined, ctx: CallContext) => Promise<R>),
  handler?: (input: z.output<S>, ctx: CallContext) => Promise<R>,
): MethodDef<S, R> {
  if (handler === undefined)
    return { input: null, handler: inputOrHandler as (input: z.output<S>, ctx: CallContext) => Promise<R> };
  return { input: lazy(inputOrHandler as () => S), handler };
}

export type InputCheck = { ok: true; data: unknown } | { ok: false; message: string };

/** Validates a request's input for a method; the message names the first bad field. */
export function checkInput(def: MethodDef<z.ZodMiniType, unknown>, input: unknown): InputCheck {
  if (def.input === null)
    return input === undefined
      ? { ok: true, data: undefined }
      : { ok: false, message: 'This request takes no input.' };
  const parsed = def.input().safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const first = parsed.error.issues[0];
  const where = first?.path.length ? ` (${first.path.join('.')})` : '';
  return { ok: false, message: `${first?.message ?? 'Invalid request'}${where}` };
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of heterogeneous methods
export type MethodMap = Record<string, MethodDef<any, any>>;

export type InputOf<M> = M extends MethodDef<infer S, unknown> ? z.input<S> : never;
export type ResultOf<M> = M extends MethodDef<z.ZodMiniType, infer R> ? R : never;
