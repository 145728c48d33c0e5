/** The request context and reply shape shared by every route. */
import type { IncomingMessage } from 'node:http';
import type { AccountRecord, KeyRecord, SimulatorState } from './state';

export interface Reply {
  status: number;
  /** JSON body (ignored when `text` is set). */
  body?: unknown;
  /** A non-JSON body; set its Content-Type in `headers`. */
  text?: string;
  headers?: Record<string, string>;
}

export interface Authenticated {
  key: KeyRecord;
  account: AccountRecord;
}

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Path without the query, e.g. `/api/v1/api_keys`. */
  path: string;
  query: URLSearchParams;
  origin: string;
  rawBody: Buffer;
  state: SimulatorState;
  /** Set once the Authorization header resolved to a live key. */
  auth: Authenticated | null;
  /** The parsed JSON body, for routes that take one (undefined when there is none). */
  body: unknown;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** `{ error }`: Venice's StandardError. */
export function errorReply(status: number, message: string, headers?: Record<string, string>): Reply {
  return json(status, { error: message }, headers);
}

/** Lets a handler stop with a reply from deep inside (e.g. a failed lookup). */
export class ReplyError extends Error {
  override name = 'ReplyError';
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function fail(status: number, message: string, headers?: Record<string, string>): never {
  throw new ReplyError(errorReply(status, message, headers));
}

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
