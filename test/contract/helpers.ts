/** Shared helpers for the simulator contract tests: real HTTP with fetch against a started simulator. */
import { afterAll, beforeAll } from 'vitest';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in the tests
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  /** Parsed JSON body (undefined when the body is not JSON). */
  body: T;
  text: string;
}

export interface RequestOptions {
  method?: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** JSON-encoded with `Content-Type: application/json` unless `rawBody` is used. */
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function request<T = Json>(url: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.Authorization = `Bearer ${options.key}`;
  let body: string | undefined = options.rawBody;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** A fixed simulator time (a Sunday noon, UTC), so epoch and month boundaries are known. */
export const FIXED_NOW = Date.parse('2026-03-15T12:00:00.000Z');

/**
 * Starts one simulator for the test file and returns accessors; `api(path)` prefixes the
 * API base. The clock is frozen at `FIXED_NOW` unless `options.now` says otherwise.
 */
export function useSimulator(options: SimulatorOptions = { now: () => FIXED_NOW }) {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  const get = (): Simulator => {
    if (!sim) throw new Error('simulator not started');
    return sim;
  };
  return {
    get sim() {
      return get();
    },
    api: <T = Json>(path: string, opts?: RequestOptions) => request<T>(`${get().apiBase}${path}`, opts),
  };
}

export const DAY = 86_400_000;
