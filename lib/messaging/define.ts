import type { z } from 'zod';

/** Who is calling: only ever one of this extension's own pages (checked by the router). */
export interface CallContext {
  /** The calling page's URL (chrome-extension://<id>/popup.html …). */
  url: string;
  tabId?: number;
}

export interface MethodDef<S extends z.ZodType, R> {
  input: S;
  handler: (input: z.output<S>, ctx: CallContext) => Promise<R>;
}

/** One background method: its input schema (validated by the router) and its handler. */
export function method<S extends z.ZodType, R>(
  input: S,
  handler: (input: z.output<S>, ctx: CallContext) => Promise<R>,
): MethodDef<S, R> {
  return { input, handler };
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of heterogeneous methods
export type MethodMap = Record<string, MethodDef<any, any>>;

export type InputOf<M> = M extends MethodDef<infer S, unknown> ? z.input<S> : never;
export type ResultOf<M> = M extends MethodDef<z.ZodType, infer R> ? R : never;
