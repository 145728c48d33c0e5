/**
 * The one place the extension talks HTTP to Venice: URL building, headers, a timeout per
 * attempt, the retry policy, and turning every outcome into a value or a typed error.
 *
 * Retry policy: only idempotent GETs, only after 5xx, 429, a network failure or a timeout,
 * at most `maxRetries` extra attempts, exponential backoff with jitter, or exactly
 * Retry-After when Venice sends one (up to `maxRetryAfterMs`; beyond that the 429 is
 * thrown with its retryAfterSeconds instead of sleeping). POST/PATCH/DELETE are sent once.
 * Nothing here logs.
 */

import type { Deferred } from '@/lib/lazy';
import type { z } from '@/lib/zod';
import {
  VeniceConfigError,
  type VeniceError,
  VeniceInvalidInputError,
  VeniceMalformedResponseError,
  VeniceNetworkError,
  VeniceRateLimitError,
  VeniceServerError,
  VeniceTimeoutError,
  VeniceUnexpectedResponseError,
} from './errors';
import { errorFromResponse } from './response-errors';
import { parseResponse } from './schemas';
import type { VeniceClientOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
/** First backoff step; doubled per retry, capped at BACKOFF_MAX_MS. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 8_000;
/** No Venice answer comes near this (a full key list is ~200 kB); a bigger one is refused, unread. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

class ResponseTooLarge extends Error {}

/** The body as text, refusing it once it passes MAX_RESPONSE_BYTES (declared or counted). */
async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge();
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestSpec<S extends z.core.$ZodType> {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`, already encoded. */
  path: string;
  /** `METHOD /template` for messages: never ids, queries or secrets. */
  endpoint: string;
  query?: Record<string, string | undefined>;
  /** Already validated (schemas.ts buildRequestBody); sent as JSON. */
  body?: unknown;
  /** Bearer secret; omitted for the web3 routes, which must carry no Authorization. */
  secret?: string;
  /** The response schema, or the function that builds it on first use. */
  schema: Deferred<S>;
}

export interface Transport {
  request<S extends z.core.$ZodType>(spec: RequestSpec<S>): Promise<z.output<S>>;
  readonly baseUrl: string;
}

/** Validates and normalizes the base URL (no trailing slash). */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(String(raw).trim());
  } catch {
    throw new VeniceConfigError('The Venice API address is not a valid URL. Fix it in the options.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new VeniceConfigError('The Venice API address must start with https://.');
  if (url.username || url.password)
    throw new VeniceConfigError('The Venice API address must not contain a user name or password.');
  if (url.search || url.hash)
    throw new VeniceConfigError('The Venice API address must not contain a query or a fragment.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Header-safe secret: visible ASCII only, so fetch never throws on it and nothing else can ride along. */
function checkSecret(secret: string, endpoint: string): void {
  if (typeof secret !== 'string' || secret.length === 0)
    throw new VeniceInvalidInputError([{ field: '', message: 'No API key was given for this request.' }], {
      endpoint,
    });
  if (!/^[\x21-\x7e]+$/.test(secret))
    throw new VeniceInvalidInputError(
      [
        {
          field: '',
          message: 'The API key contains spaces, line breaks or other characters that cannot be sent.',
        },
      ],
      { endpoint },
    );
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTransport(options: VeniceClientOptions): Transport {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const host = new URL(baseUrl).host;
  const fetchImpl =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxRetries = Math.floor(nonNegativeOr(options.maxRetries, DEFAULT_MAX_RETRIES));
  const maxRetryAfterMs = nonNegativeOr(options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  async function attempt(
    url: string,
    init: RequestInit,
    endpoint: string,
    mutating: boolean,
  ): Promise<RawResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const fail = (cause: unknown): VeniceError =>
      timedOut
        ? new VeniceTimeoutError(timeoutMs, { endpoint, cause, mutating })
        : new VeniceNetworkError(host, { endpoint, cause, mutating });
    try {
      let response: Response;
      try {
        response = await fetchImpl(url, { ...init, signal: controller.signal });
      } catch (cause) {
        throw fail(cause);
      }
      // The timeout also covers the body: a connection dropped mid-body is a network error.
      try {
        return { status: response.status, headers: response.headers, text: await readCapped(response) };
      } catch (cause) {
        if (cause instanceof ResponseTooLarge)
          throw new VeniceUnexpectedResponseError('', 'larger than 5 MB', { endpoint, mutating });
        throw fail(cause);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** How long to wait before retrying after `error`, or null when it must be thrown now. */
  function retryDelay(error: unknown, retryIndex: number): number | null {
    const retryable =
      error instanceof VeniceServerError ||
      error instanceof VeniceRateLimitError ||
      error instanceof VeniceNetworkError ||
      error instanceof VeniceTimeoutError;
    if (!retryable) return null;
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) {
      const ms = retryAfter * 1000;
      return ms <= maxRetryAfterMs ? ms : null;
    }
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** retryIndex);
    // "Equal jitter": at least half the step, so retries never bunch up at zero.
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
  }

  async function request<S extends z.core.$ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const { method, endpoint } = spec;
    const mutating = method !== 'GET';
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.secret !== undefined) {
      checkSecret(spec.secret, endpoint);
      headers.Authorization = `Bearer ${spec.secret}`;
    }
    let body: string | undefined;
    if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) search.set(k, v);
    const qs = search.toString();
    const url = `${baseUrl}${spec.path}${qs ? `?${qs}` : ''}`;
    // No cookies: only the Bearer secret (or nothing, for web3) may authenticate a call. Never a
    // redirect: fetch would carry the Authorization header to wherever Venice's answer (or anyone
    // between) points, past the rule on which origins may receive a key.
    const init: RequestInit = {
      method,
      headers,
      body,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    };

    for (let retryIndex = 0; ; retryIndex++) {
      try {
        const raw = await attempt(url, init, endpoint, mutating);
        if (raw.status < 200 || raw.status > 299) {
          throw errorFromResponse({
            status: raw.status,
            bodyText: raw.text,
            headers: raw.headers,
            endpoint,
            secret: spec.secret,
            mutating,
          });
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.text);
        } catch (cause) {
          throw new VeniceMalformedResponseError({ endpoint, status: raw.status, cause, mutating });
        }
        return parseResponse(spec.schema, json, { endpoint, mutating });
      } catch (error) {
        if (mutating || retryIndex >= maxRetries) throw error;
        const delay = retryDelay(error, retryIndex);
        if (delay === null) throw error;
        await sleep(delay);
      }
    }
  }

  return { request, baseUrl };
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
function nonNegativeOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
