/**
 * Bearer auth as Venice answers it (FACTS §1): no credentials → 402 with an x402 discovery
 * body; an unknown, revoked, expired or malformed key → 401 "Authentication failed"; an
 * INFERENCE key on an ADMIN route → 401 "Admin API key required".
 */
import type { Authenticated, Reply, RequestContext } from './http';
import { errorReply, json } from './http';

export const AUTH_FAILED = 'Authentication failed';
export const ADMIN_REQUIRED = 'Admin API key required';

/** Base USDC, where an x402 payment would go; the simulator never settles one. */
const BASE_USDC = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913';

export type AuthOutcome = { kind: 'none' } | { kind: 'invalid' } | ({ kind: 'key' } & Authenticated);

export function authenticate(ctx: RequestContext): AuthOutcome {
  const header = ctx.req.headers.authorization;
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const secret = match?.[1];
  if (!secret) return { kind: 'invalid' };
  const key = ctx.state.keysBySecret.get(secret);
  if (!key || !ctx.state.isActive(key)) return { kind: 'invalid' };
  const account = ctx.state.accounts.get(key.accountId);
  if (!account) return { kind: 'invalid' };
  return { kind: 'key', key, account };
}

/** 402 without credentials: the x402 v2 discovery body, also base64'd in PAYMENT-REQUIRED. */
export function paymentRequiredReply(ctx: RequestContext): Reply {
  const resource = {
    url: `${ctx.origin}${ctx.path}`,
    description: 'Venice API',
    mimeType: 'application/json',
  };
  const accepts = [
    {
      scheme: 'exact',
      network: 'eip155:8453',
      amount: '100000',
      asset: BASE_USDC,
      payTo: '0x0000000000000000000000000000000000005157',
      maxTimeoutSeconds: 300,
      extra: { name: 'USD Coin', version: '2' },
    },
  ];
  const extensions = {
    'sign-in-with-x': {
      info: {
        domain: 'api.venice.ai',
        uri: 'https://api.venice.ai',
        version: '1',
        statement: 'Sign in to Venice AI',
      },
      supportedChains: [{ chainId: 'eip155:8453', type: 'eip191' }],
    },
  };
  const body = {
    x402Version: 2,
    error: 'Authentication required',
    resource,
    accepts,
    extensions,
    authOptions: {
      apiKey: {
        header: 'Authorization: Bearer YOUR_API_KEY',
        getKey: 'https://venice.ai/settings/api',
        docs: 'https://docs.venice.ai/api-reference/api-spec',
      },
      x402Wallet: {
        header: 'SIGN-IN-WITH-X',
        legacyHeader: 'X-Sign-In-With-X',
        topUp: 'POST /api/v1/x402/top-up',
        docs: 'https://docs.venice.ai/overview/guides/x402',
      },
    },
  };
  const paymentRequired = { x402Version: 2, error: body.error, resource, accepts, extensions };
  return json(402, body, {
    'PAYMENT-REQUIRED': Buffer.from(JSON.stringify(paymentRequired)).toString('base64'),
  });
}

export function authFailedReply(): Reply {
  return errorReply(401, AUTH_FAILED);
}

export function adminRequiredReply(): Reply {
  return errorReply(401, ADMIN_REQUIRED);
}
