import type { z } from 'zod';
import { lazy } from '@/lib/lazy';

/** Who is calling: only ever one of this extension's own pages (checked by the router). */
export interface CallContext {
  /** The calling page's URL (chrome-extension://<id>/popup.html …). */
  url: string;
  tabId?: number;
}

export interface MethodDef<S extends z.ZodType, R> {
  /** The input schema, built on the method's first call and then kept. */
  input: () => S;
  handler: (input: z.output<S>, ctx: CallContext) => Promise<R>;
}

/**
 * One background method: a function building its input schema (validated by the router) and
 * its handler. The schema is built on first use, not when the worker starts: a cold worker
 * answers its first message without building the schemas of the forty methods it was not asked.
 */
export function method<S extends z.ZodType, R>(
  input: () => S,
  handler: (input: z.output<S>, ctx: CallContext) => Promise<R>,
): MethodDef<S, R> {
  return { input: lazy(input), handler };
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of heterogeneous methods
export type MethodMap = Record<string, MethodDef<any, any>>;

export type InputOf<M> = M extends MethodDef<infer S, unknown> ? z.input<S> : never;
export type ResultOf<M> = M extends MethodDef<z.ZodType, infer R> ? R : never;
