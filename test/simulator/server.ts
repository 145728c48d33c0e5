/**
 * The HTTP server: request log, faults, then routing to the Venice API (`/api/v1`), the
 * Base JSON-RPC stand-in (`/rpc`), the Venice-site page (`/`) and the control API
 * (`/_control/*`, never faulted or logged). A malformed request never crashes it: any
 * failure inside a route becomes a 500 JSON answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminRequiredReply, authenticate, authFailedReply, paymentRequiredReply } from './auth';
import { balanceRoute, retiredUsageRoute, usageAnalyticsRoute, usageHistoryRoute } from './billing';
import { iso } from './clock';
import { logRequest, type SimulatorControl } from './control';
import { handleControl } from './control-http';
import { applyFaults } from './faults';
import { errorReply, json, mediaType, type Reply, ReplyError, type RequestContext } from './http';
import {
  breachLogRoute,
  createKeyRoute,
  deleteKeyRoute,
  getKey,
  listKeys,
  pushBreach,
  rateLimitsRoute,
  updateKeyRoute,
} from './keys';
import { handleRpc, rpcMethodsOf } from './rpc';
import { sitePage } from './site';
import type { KeyRecord, SimulatorState } from './state';
import type { RequestLogEntry } from './types';
import { getTokenRoute, mintRoute } from './web3';

export const API_PREFIX = '/api/v1';
const MAX_BODY_BYTES = 1_000_000;

interface Route {
  /** HTTP method, or '*' for any. */
  method: string;
  /** Matched against the path after `/api/v1`; capture groups are passed to the handler. */
  pattern: RegExp;
  auth: 'admin' | 'any' | 'none';
  /** 'json': a JSON body is required; 'optional': parsed when present. */
  body: 'json' | 'optional' | 'none';
  handler: (ctx: RequestContext, params: string[]) => Reply | Promise<Reply>;
}

/** Specific paths before `/api_keys/{id}`, which would otherwise swallow them. */
const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/api_keys$/, auth: 'admin', body: 'none', handler: listKeys },
  { method: 'POST', pattern: /^\/api_keys$/, auth: 'admin', body: 'json', handler: createKeyRoute },
  { method: 'PATCH', pattern: /^\/api_keys$/, auth: 'admin', body: 'json', handler: updateKeyRoute },
  { method: 'DELETE', pattern: /^\/api_keys$/, auth: 'admin', body: 'optional', handler: deleteKeyRoute },
  {
    method: 'GET',
    pattern: /^\/api_keys\/rate_limits$/,
    auth: 'any',
    body: 'none',
    handler: rateLimitsRoute,
  },
  {
    method: 'GET',
    pattern: /^\/api_keys\/rate_limits\/log$/,
    auth: 'admin',
    body: 'none',
    handler: breachLogRoute,
  },
  {
    method: 'GET',
    pattern: /^\/api_keys\/generate_web3_key$/,
    auth: 'none',
    body: 'none',
    handler: getTokenRoute,
  },
  {
    method: 'POST',
    pattern: /^\/api_keys\/generate_web3_key$/,
    auth: 'none',
    body: 'json',
    handler: mintRoute,
  },
  {
    method: 'GET',
    pattern: /^\/api_keys\/([^/]+)$/,
    auth: 'admin',
    body: 'none',
    handler: (ctx, [id]) => getKey(ctx, safeDecode(id ?? '')),
  },
  { method: 'GET', pattern: /^\/billing\/balance$/, auth: 'admin', body: 'none', handler: balanceRoute },
  {
    method: 'GET',
    pattern: /^\/billing\/usage-history$/,
    auth: 'admin',
    body: 'none',
    handler: usageHistoryRoute,
  },
  {
    method: 'GET',
    pattern: /^\/billing\/usage-analytics$/,
    auth: 'admin',
    body: 'none',
    handler: usageAnalyticsRoute,
  },
  // Retired: 410 to every request, authenticated or not.
  { method: '*', pattern: /^\/billing\/usage$/, auth: 'none', body: 'none', handler: retiredUsageRoute },
];

/** A malformed escape (`%E0%A4%A`) is just an id that matches nothing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  let payload: string;
  if (reply.text !== undefined) {
    payload = reply.text;
    if (!hasContentType) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else {
    payload = JSON.stringify(reply.body ?? null);
    if (!hasContentType) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------
// The error budget (FACTS §4): more than N non-429 4xx answers per key within the window
// give 429 to every request of that key until the window resets.

const BUDGET_MESSAGE = (threshold: number, windowMs: number) =>
  `Too many failed attempts (> ${threshold}) resulting in a non-success status code. ` +
  `Please wait ${Math.round(windowMs / 1000)} seconds and try again. ` +
  'See https://docs.venice.ai/api-reference/rate-limiting for more information.';

function budgetWindow(state: SimulatorState, key: KeyRecord) {
  const now = state.clock.now();
  let window = state.errorBudgets.get(key.id);
  if (!window || now - window.start >= state.config.errorBudgetWindowMs) {
    window = { start: now, failures: 0 };
    state.errorBudgets.set(key.id, window);
  }
  return window;
}

function budgetHeaders(state: SimulatorState, key: KeyRecord): Record<string, string> {
  const window = budgetWindow(state, key);
  return {
    'x-ratelimit-remaining': String(Math.max(0, state.config.errorBudgetThreshold - window.failures)),
    'x-ratelimit-resets': String(window.start + state.config.errorBudgetWindowMs),
  };
}

function budgetExhaustedReply(state: SimulatorState, key: KeyRecord): Reply | null {
  const window = budgetWindow(state, key);
  const { errorBudgetThreshold: threshold, errorBudgetWindowMs: windowMs } = state.config;
  if (window.failures <= threshold) return null;
  const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - state.clock.now()) / 1000));
  return errorReply(429, BUDGET_MESSAGE(threshold, windowMs), {
    'Retry-After': String(retryAfter),
    ...budgetHeaders(state, key),
  });
}

function countFailure(ctx: RequestContext, key: KeyRecord): void {
  const { state } = ctx;
  const window = budgetWindow(state, key);
  window.failures += 1;
  if (window.failures === state.config.errorBudgetThreshold + 1) {
    const account = state.accounts.get(key.accountId);
    if (account) {
      pushBreach(state, account, {
        apiKeyId: key.id,
        modelId: `endpoint:${ctx.path.slice(1)}`,
        rateLimitTier: 'paid',
        rateLimitType: 'FAILED_REQUESTS',
        timestamp: iso(state.clock.now()),
      });
    }
  }
}

async function handleApi(ctx: RequestContext, entry: RequestLogEntry): Promise<Reply> {
  const subPath = ctx.path.slice(API_PREFIX.length);
  const candidates = ROUTES.map((route) => ({ route, match: route.pattern.exec(subPath) })).filter(
    (candidate) => candidate.match !== null,
  );
  if (candidates.length === 0) return errorReply(404, 'Not Found');
  const found = candidates.find(({ route }) => route.method === '*' || route.method === ctx.method);
  if (!found?.match) return errorReply(405, 'Method Not Allowed');
  const { route, match } = found;

  if (route.auth !== 'none') {
    const outcome = authenticate(ctx);
    if (outcome.kind === 'none') return paymentRequiredReply(ctx);
    if (outcome.kind === 'invalid') return authFailedReply();
    ctx.auth = { key: outcome.key, account: outcome.account };
    entry.keyId = outcome.key.id;
  }

  // Content-Type and JSON errors are refused before the error budget is consulted.
  if (route.body === 'json' || (route.body === 'optional' && ctx.rawBody.length > 0)) {
    if (mediaType(ctx.req.headers['content-type']) !== 'application/json') {
      return errorReply(400, "'Content-Type' must be 'application/json'");
    }
    try {
      ctx.body = JSON.parse(ctx.rawBody.toString('utf8'));
    } catch {
      return errorReply(400, 'Invalid JSON request');
    }
  }

  const key = ctx.auth?.key;
  if (key) {
    const exhausted = budgetExhaustedReply(ctx.state, key);
    if (exhausted) return exhausted;
  }
  let reply: Reply;
  if (route.auth === 'admin' && key && key.apiKeyType !== 'ADMIN') {
    reply = adminRequiredReply();
  } else {
    try {
      reply = await route.handler(ctx, match.slice(1));
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      reply = error.reply;
    }
  }
  if (key) {
    if (reply.status >= 400 && reply.status < 500 && reply.status !== 429) countFailure(ctx, key);
    reply = { ...reply, headers: { ...budgetHeaders(ctx.state, key), ...reply.headers } };
  }
  return reply;
}

const RPC_CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

async function handleRpcRequest(ctx: RequestContext, entry: RequestLogEntry): Promise<Reply> {
  if (ctx.method === 'OPTIONS') return { status: 204, text: '', headers: RPC_CORS };
  if (ctx.method !== 'POST') return json(405, { error: 'JSON-RPC needs POST' }, RPC_CORS);
  const raw = ctx.rawBody.toString('utf8');
  try {
    entry.rpcMethods = rpcMethodsOf(JSON.parse(raw));
  } catch {
    entry.rpcMethods = [];
  }
  return json(200, await handleRpc(ctx.state, raw), RPC_CORS);
}

export function createRequestHandler(
  state: SimulatorState,
  control: SimulatorControl,
  getOrigin: () => string,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const origin = getOrigin();
      const url = new URL(req.url ?? '/', origin);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = url.pathname;
      const body = await readBody(req);

      if (path.startsWith('/_control/')) {
        let args: Record<string, unknown> = Object.fromEntries(url.searchParams);
        if (body !== 'too-large' && body.length > 0) {
          try {
            const parsed: unknown = JSON.parse(body.toString('utf8'));
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
              args = { ...args, ...(parsed as Record<string, unknown>) };
            }
          } catch {
            send(res, errorReply(400, 'Control API bodies are JSON objects'));
            return;
          }
        }
        send(res, await handleControl(control, path.slice('/_control/'.length), args));
        return;
      }

      const entry: RequestLogEntry = {
        at: iso(state.clock.now()),
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        status: null,
        authorization: req.headers.authorization !== undefined,
        keyId: null,
      };
      logRequest(state, entry);
      const started = performance.now();
      res.on('finish', () => {
        entry.status = res.statusCode;
        entry.handledMs = performance.now() - started;
      });

      const faultIds: string[] = [];
      const fault = await applyFaults(state, method, path, (id) => faultIds.push(id));
      if (faultIds.length > 0) entry.faultIds = faultIds;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'raw') {
        send(res, {
          status: fault.status,
          text: fault.text,
          headers: { 'Content-Type': 'application/json' },
        });
        return;
      }
      if (fault?.kind === 'reply') {
        send(res, fault.reply);
        return;
      }
      if (body === 'too-large') {
        send(res, errorReply(413, 'Request body exceeds the maximum allowed size.'));
        return;
      }

      const ctx: RequestContext = {
        req,
        method,
        path,
        query: url.searchParams,
        origin,
        rawBody: body,
        state,
        auth: null,
        body: undefined,
      };
      if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
        send(res, await handleApi(ctx, entry));
      } else if (path === '/rpc') {
        send(res, await handleRpcRequest(ctx, entry));
      } else if (path === '/' && (method === 'GET' || method === 'HEAD')) {
        send(res, { status: 200, text: sitePage(), headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      } else {
        send(res, errorReply(404, 'Not Found'));
      }
    } catch (error) {
      console.error(
        '[venice-simulator] request failed:',
        error instanceof Error ? error.stack : String(error),
      );
      if (!res.headersSent) send(res, errorReply(500, 'An unknown error occurred'));
      else res.destroy();
    }
  };
}
