import { describe, expect, it } from 'vitest';
import { AppError, serializeError } from '@/lib/errors';
import { createVeniceClient } from '@/lib/venice/client';
import {
  VeniceAdminRequiredError,
  VeniceAuthError,
  VeniceError,
  VeniceForbiddenError,
  VeniceGoneError,
  VeniceHttpError,
  VeniceInsufficientBalanceError,
  VeniceKeyLimitError,
  VeniceNoCredentialsError,
  VeniceNotFoundError,
  VeniceRateLimitError,
  VeniceServerError,
  VeniceValidationError,
  VeniceWeb3RejectedError,
} from '@/lib/venice/errors';
import {
  errorFromResponse,
  flattenValidationDetails,
  parseRetryAfter,
  sanitizeVeniceText,
} from '@/lib/venice/response-errors';
import type { VeniceClient } from '@/lib/venice/types';
import { createFakeFetch, json, type Step, text } from './fake-fetch';
import { ADMIN_SECRET, KEY_ID, SIGNATURE, TOKEN, WALLET } from './fixtures';

const X402_BODY = {
  x402Version: 2,
  error: 'Authentication required',
  resource: {
    url: 'https://api.venice.ai/api/v1/api_keys',
    description: 'Venice API',
    mimeType: 'application/json',
  },
  accepts: [{ scheme: 'exact', network: 'eip155:8453' }],
  extensions: {},
  authOptions: { apiKey: { header: 'Authorization: Bearer YOUR_API_KEY' } },
};

type Call = (client: VeniceClient) => Promise<unknown>;
const list: Call = (c) => c.listApiKeys(ADMIN_SECRET);
const get: Call = (c) => c.getApiKey(ADMIN_SECRET, KEY_ID);
const create: Call = (c) => c.createApiKey(ADMIN_SECRET, { apiKeyType: 'INFERENCE', description: 'x' });
const update: Call = (c) => c.updateApiKey(ADMIN_SECRET, { id: KEY_ID, description: 'y' });
const revoke: Call = (c) => c.revokeApiKey(ADMIN_SECRET, KEY_ID);
const mint: Call = (c) =>
  c.mintWeb3Key({ apiKeyType: 'INFERENCE', address: WALLET, signature: SIGNATURE, token: TOKEN });
const analytics: Call = (c) => c.getUsageAnalytics(ADMIN_SECRET, { lookback: '7d' });
const balance: Call = (c) => c.getBillingBalance(ADMIN_SECRET);

async function failWith(step: Step, call: Call): Promise<VeniceError> {
  const fake = createFakeFetch([step]);
  const client = createVeniceClient({
    baseUrl: 'https://api.venice.test/api/v1',
    fetch: fake.fetch,
    maxRetries: 0,
  });
  try {
    await call(client);
  } catch (error) {
    expect(error).toBeInstanceOf(VeniceError);
    expect(error).toBeInstanceOf(AppError);
    return error as VeniceError;
  }
  throw new Error('expected the call to fail');
}

describe('status → error table', () => {
  const table: [string, Step, Call, new (...args: never[]) => VeniceError, string][] = [
    ['402 x402 discovery', json(402, X402_BODY), list, VeniceNoCredentialsError, 'venice.no_credentials'],
    [
      '401 bad key',
      json(401, { error: 'Authentication failed' }),
      list,
      VeniceAuthError,
      'venice.auth_failed',
    ],
    [
      '401 inference key on admin route',
      json(401, { error: 'Admin API key required' }),
      list,
      VeniceAdminRequiredError,
      'venice.admin_required',
    ],
    [
      '400 validation',
      json(400, { error: 'Invalid request parameters', details: { _errors: [], x: { _errors: ['bad'] } } }),
      create,
      VeniceValidationError,
      'venice.validation',
    ],
    [
      '400 "API key not found"',
      json(400, { error: 'API key not found' }),
      get,
      VeniceNotFoundError,
      'venice.not_found',
    ],
    [
      '400 "API key could not be found"',
      json(400, { error: 'API key could not be found' }),
      revoke,
      VeniceNotFoundError,
      'venice.not_found',
    ],
    [
      '400 "API key not found or expired"',
      json(400, { error: 'API key not found or expired' }),
      update,
      VeniceNotFoundError,
      'venice.not_found',
    ],
    [
      '400 500-key cap',
      json(400, { error: 'Maximum number of active API keys (500) reached' }),
      create,
      VeniceKeyLimitError,
      'venice.key_limit',
    ],
    [
      '400 web3 no stake',
      json(400, { error: `Wallet ${WALLET} has no staked VVV on Base` }),
      mint,
      VeniceWeb3RejectedError,
      'venice.web3_rejected',
    ],
    [
      '429 creation limit',
      json(429, { error: 'Too many requests' }),
      create,
      VeniceRateLimitError,
      'venice.rate_limited',
    ],
    [
      '403',
      json(403, { error: 'API access has been disabled for this account.' }),
      list,
      VeniceForbiddenError,
      'venice.forbidden',
    ],
    [
      '402 without x402 body',
      json(402, { error: 'Insufficient USD or Diem balance to complete request.' }),
      balance,
      VeniceInsufficientBalanceError,
      'venice.insufficient_balance',
    ],
    ['500', json(500, { error: 'Internal error' }), list, VeniceServerError, 'venice.server_error'],
    [
      '503 with an HTML body',
      text(503, '<html>Bad gateway</html>'),
      list,
      VeniceServerError,
      'venice.server_error',
    ],
    ['410', json(410, { error: 'This endpoint has been retired' }), balance, VeniceGoneError, 'venice.gone'],
    ['404 (wrong base URL)', text(404, 'Not Found'), list, VeniceHttpError, 'venice.http_error'],
    [
      '413',
      json(413, { error: 'Request body exceeds the maximum allowed size.' }),
      create,
      VeniceHttpError,
      'venice.http_error',
    ],
  ];

  it.each(table)('%s', async (_name, step, call, cls, code) => {
    const err = await failWith(step, call);
    expect(err).toBeInstanceOf(cls);
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(10);
    expect(serializeError(err).code).toBe(code);
  });

  it('gives each case a message a person can act on', async () => {
    expect((await failWith(json(402, X402_BODY), list)).message).toBe(
      'No API key was sent to Venice. Add a key (or unlock the vault) and try again.',
    );
    expect((await failWith(json(401, { error: 'Authentication failed' }), list)).message).toBe(
      'Venice did not accept this API key: it is invalid, expired or revoked.',
    );
    expect((await failWith(json(401, { error: 'Admin API key required' }), list)).message).toBe(
      'This is an INFERENCE key. Managing keys, the breach log and billing need an ADMIN key.',
    );
    expect(
      (await failWith(json(400, { error: 'Maximum number of active API keys (500) reached' }), create))
        .message,
    ).toMatch(/limit of 500 active API keys/);
    expect((await failWith(text(404, 'Not Found'), list)).message).toBe(
      'Venice answered with HTTP 404. Check the Venice API address in the options.',
    );
    expect((await failWith(json(504, { error: 'Gateway timeout' }), analytics)).message).toBe(
      'Venice took too long to compute these analytics. Choose a shorter period.',
    );
  });

  it('web3 400s keep Venice’s specific message and classify the reason', async () => {
    const cases: [string, string][] = [
      [`Wallet ${WALLET} has no staked VVV on Base`, 'no_stake'],
      ['Token expired', 'token'],
      ['Invalid or already used token', 'token'],
      ['Signature does not match address', 'signature'],
      ['Invalid address', 'address'],
      ['Something else entirely', 'other'],
    ];
    for (const [message, reason] of cases) {
      const err = (await failWith(json(400, { error: message }), mint)) as VeniceWeb3RejectedError;
      expect(err).toBeInstanceOf(VeniceWeb3RejectedError);
      expect(err.reason).toBe(reason);
      expect(err.message).toBe(`Venice refused the wallet mint: ${message}`);
    }
  });

  it('tells the 402 balance and per-key cap messages apart', async () => {
    const usd = await failWith(
      json(402, {
        error: 'API key USD spend limit exceeded. Your account may still have USD balance, but …',
      }),
      balance,
    );
    expect(usd).toMatchObject({ kind: 'usd_cap' });
    const diem = await failWith(json(402, { error: 'API key DIEM spend limit exceeded. …' }), balance);
    expect(diem).toMatchObject({ kind: 'diem_cap' });
    const bal = await failWith(
      json(402, { error: 'Insufficient USD or Diem balance to complete request.' }),
      balance,
    );
    expect(bal).toMatchObject({ kind: 'balance' });
  });

  it('tells the error-budget 429 from the creation limit, and carries Retry-After', async () => {
    const budget = (await failWith(
      json(
        429,
        {
          error:
            'Too many failed attempts (> 50) resulting in a non-success status code. Please wait 30 seconds and try again.',
        },
        { 'Retry-After': '30' },
      ),
      create,
    )) as VeniceRateLimitError;
    expect(budget.kind).toBe('error_budget');
    expect(budget.retryAfterSeconds).toBe(30);
    expect(budget.message).toBe(
      'Venice paused this key for about 30 seconds after too many failed requests. Try again in 30 seconds.',
    );
    expect(serializeError(budget)).toEqual({
      code: 'venice.rate_limited',
      message: budget.message,
      hint: 'Try again in 30 seconds.',
      retryable: true,
      retryAfterSeconds: 30,
    });
    const minted = (await failWith(json(429, { error: 'Too many requests' }), mint)) as VeniceRateLimitError;
    expect(minted.kind).toBe('key_creation');
    const listed = (await failWith(
      json(429, { error: 'Rate limit exceeded' }),
      list,
    )) as VeniceRateLimitError;
    expect(listed.kind).toBe('other');
    const creation = (await failWith(
      json(429, { error: 'Too many requests' }),
      create,
    )) as VeniceRateLimitError;
    expect(creation.kind).toBe('key_creation');
    expect(creation.retryAfterSeconds).toBeUndefined();
    expect(creation.message).toBe('Venice allows 20 new keys per minute. Try again in a moment.');
  });

  it('never puts the secret, a token or the raw body in a message', async () => {
    const echo = await failWith(
      json(400, {
        error: `Key ${ADMIN_SECRET} is malformed, token ${TOKEN}`,
        details: { _errors: [`got ${ADMIN_SECRET}`], other: 'VENICE_INFERENCE_KEY_zzzzzzzzzzzzzzzzzzzz' },
      }),
      create,
    );
    expect(echo.message).not.toContain(ADMIN_SECRET);
    expect(echo.message).not.toContain(TOKEN);
    expect(echo.message).not.toMatch(/VENICE_[A-Z]+_KEY_/);
    expect(echo.message).toContain('[redacted]');

    const long = await failWith(json(403, { error: `x${'y'.repeat(5000)}` }), list);
    expect(long.message.length).toBeLessThan(260);

    const html = await failWith(text(500, `<html><body>${ADMIN_SECRET} stack trace</body></html>`), create);
    expect(html.message).not.toContain('stack trace');
    expect(html.message).not.toContain(ADMIN_SECRET);
  });
});

describe('validation details', () => {
  it('flattens a zod format() tree into field lines', () => {
    expect(
      flattenValidationDetails(
        {
          _errors: ['Body is invalid'],
          description: { _errors: ['Too long'] },
          consumptionLimit: {
            _errors: [],
            usd: { _errors: ['Number must be less than or equal to 9999999999'] },
          },
        },
        undefined,
      ),
    ).toEqual([
      { field: '', message: 'Body is invalid' },
      { field: 'description', message: 'Too long' },
      { field: 'consumptionLimit.usd', message: 'Number must be less than or equal to 9999999999' },
    ]);
  });

  it('accepts details as a plain string, and falls back to issues', () => {
    expect(flattenValidationDetails('Image too large', undefined)).toEqual([
      { field: '', message: 'Image too large' },
    ]);
    expect(
      flattenValidationDetails(undefined, [
        { code: 'invalid_type', path: ['expiresAt'], message: 'Invalid input' },
        { path: 'not-an-array', message: 'Loose' },
        'garbage',
      ]),
    ).toEqual([
      { field: 'expiresAt', message: 'Invalid input' },
      { field: '', message: 'Loose' },
    ]);
  });

  it('is bounded on deep or huge trees', () => {
    let deep: Record<string, unknown> = { _errors: ['bottom'] };
    for (let i = 0; i < 50; i++) deep = { nested: deep };
    expect(flattenValidationDetails(deep, undefined)).toEqual([]);
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, { _errors: [`e${i}`] }]));
    expect(flattenValidationDetails(wide, undefined)).toHaveLength(10);
  });
});

describe('Retry-After and reset headers', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  const h = (init: Record<string, string>) => new Headers(init);

  it.each([
    [{ 'Retry-After': '7' }, 7],
    [{ 'Retry-After': '1.2' }, 2],
    [{ 'Retry-After': 'Fri, 01 May 2026 12:01:00 GMT' }, 60],
    [{ 'Retry-After': 'Fri, 01 May 2026 11:00:00 GMT' }, 0],
    [{ 'x-ratelimit-resets': String(now + 12_000) }, 12],
    [{ 'x-ratelimit-reset': String(now / 1000 + 20) }, 20],
    [{ 'x-ratelimit-reset': '15' }, 15],
    [{ 'Retry-After': 'soon', 'x-ratelimit-resets': String(now + 3_000) }, 3],
  ])('%j → %d s', (headers, seconds) => {
    expect(parseRetryAfter(h(headers), now)).toBe(seconds);
  });

  it.each([
    [{}],
    [{ 'Retry-After': 'soon' }],
    [{ 'Retry-After': '-5' }],
    [{ 'Retry-After': '999999999' }],
    [{ 'x-ratelimit-reset': 'abc' }],
  ])('%j → undefined', (headers) => {
    expect(parseRetryAfter(h(headers), now)).toBeUndefined();
  });
});

describe('sanitizeVeniceText', () => {
  it('collapses control characters and whitespace and ignores non-strings', () => {
    expect(sanitizeVeniceText('a\n\tb\u0000c  d')).toBe('a b c d');
    expect(sanitizeVeniceText(42)).toBe('');
    expect(sanitizeVeniceText({ error: 'x' })).toBe('');
  });

  it('redacts the secret even when it has no Venice prefix', () => {
    expect(sanitizeVeniceText('bad key opaque-secret-123 here', 'opaque-secret-123')).toBe(
      'bad key [redacted] here',
    );
  });

  it('maps directly without a client too', () => {
    const err = errorFromResponse({
      status: 401,
      bodyText: '{"error":"Admin API key required"}',
      headers: new Headers(),
      endpoint: 'GET /billing/balance',
    });
    expect(err).toBeInstanceOf(VeniceAdminRequiredError);
    expect(err.endpoint).toBe('GET /billing/balance');
    expect(err.status).toBe(401);
  });
});
