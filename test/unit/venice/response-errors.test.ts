/**
 * The edges of turning a Venice failure into words and a class (lib/venice/response-errors.ts):
 * what is redacted and where it stops, how long a quoted text may get, which wording picks which
 * error where statuses are shared, and which wait a header asks for. errors.test.ts covers the
 * main table through the client; these pin the limits one step either side.
 */
import { describe, expect, it } from 'vitest';
import {
  VeniceAdminRequiredError,
  VeniceAuthError,
  VeniceHttpError,
  VeniceInsufficientBalanceError,
  VeniceKeyLimitError,
  VeniceNoCredentialsError,
  VeniceNotFoundError,
  type VeniceRateLimitError,
  VeniceServerError,
  VeniceValidationError,
  VeniceWeb3RejectedError,
} from '@/lib/venice/errors';
import {
  type ErrorResponse,
  errorFromResponse,
  flattenValidationDetails,
  parseRetryAfter,
  sanitizeVeniceText,
  VENICE_MESSAGE_MAX,
  veniceMessageOf,
} from '@/lib/venice/response-errors';

const NOW = Date.parse('2026-05-01T12:00:00Z');

function answer(
  status: number,
  body: unknown,
  endpoint = 'GET /api_keys',
  extra: Partial<ErrorResponse> = {},
) {
  return errorFromResponse({
    status,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    headers: new Headers(),
    endpoint,
    now: NOW,
    ...extra,
  });
}

describe('sanitizeVeniceText', () => {
  it('redacts the sent secret from 8 characters on; a shorter one could be any word', () => {
    expect(sanitizeVeniceText('bad abcdefgh here', 'abcdefgh')).toBe('bad [redacted] here');
    expect(sanitizeVeniceText('bad abcdefg here', 'abcdefg')).toBe('bad abcdefg here');
    expect(sanitizeVeniceText('twice abcdefgh and abcdefgh', 'abcdefgh')).toBe(
      'twice [redacted] and [redacted]',
    );
  });

  it('redacts a Venice key up to the next space, quote, comma or semicolon only', () => {
    expect(sanitizeVeniceText('key VENICE_ADMIN_KEY_abc123 is bad')).toBe('key [redacted] is bad');
    expect(sanitizeVeniceText('VENICE_INFERENCE_KEY_x1,y')).toBe('[redacted],y');
    expect(sanitizeVeniceText('VENICE_INFERENCE_KEY_x1;y')).toBe('[redacted];y');
    expect(sanitizeVeniceText('"VENICE_ADMIN_KEY_z9" no')).toBe('"[redacted]" no');
    expect(sanitizeVeniceText("'VENICE_ADMIN_KEY_z9' no")).toBe("'[redacted]' no");
    // Not a key's shape: the type must be capital letters.
    expect(sanitizeVeniceText('VENICE_admin_KEY_abc')).toBe('VENICE_admin_KEY_abc');
  });

  it('redacts a JWT-shaped token (three dot-separated parts starting eyJ), not a lone eyJ word', () => {
    expect(sanitizeVeniceText('token eyJhbGci.eyJzdWIi.c2ln-_x expired')).toBe('token [redacted] expired');
    expect(sanitizeVeniceText('token eyJhbGci.eyJzdWIi. expired')).toBe('token [redacted] expired');
    expect(sanitizeVeniceText('eyJonly and a.b')).toBe('eyJonly and a.b');
  });

  it('turns every control character, DEL and the line separators into one space, and trims', () => {
    expect(sanitizeVeniceText('a\u007fb\u2028c\u2029d\u001fe')).toBe('a b c d e');
    expect(sanitizeVeniceText('\u0000\u0001x\u0002\u0003')).toBe('x');
    expect(sanitizeVeniceText('  a   b  ')).toBe('a b');
  });

  it('keeps a text of exactly the maximum, and cuts a longer one to the maximum with an ellipsis', () => {
    const exact = 'x'.repeat(VENICE_MESSAGE_MAX);
    expect(sanitizeVeniceText(exact)).toBe(exact);
    const cut = sanitizeVeniceText('y'.repeat(VENICE_MESSAGE_MAX + 1));
    expect(cut).toBe(`${'y'.repeat(VENICE_MESSAGE_MAX - 1)}…`);
    expect(cut).toHaveLength(VENICE_MESSAGE_MAX);
    // No space is left dangling before the ellipsis.
    const spaced = sanitizeVeniceText(`${'z'.repeat(VENICE_MESSAGE_MAX - 2)} ${'w'.repeat(10)}`);
    expect(spaced).toBe(`${'z'.repeat(VENICE_MESSAGE_MAX - 2)}…`);
  });
});

describe('veniceMessageOf', () => {
  it('reads Venice’s three shapes, preferring error over message', () => {
    expect(veniceMessageOf({ error: 'plain' })).toBe('plain');
    expect(veniceMessageOf({ error: { message: 'nested' } })).toBe('nested');
    expect(veniceMessageOf({ message: 'top' })).toBe('top');
    expect(veniceMessageOf({ error: 'first', message: 'second' })).toBe('first');
    expect(veniceMessageOf({ error: { code: 7 }, message: 'fallback' })).toBe('fallback');
  });

  it('finds nothing in other shapes', () => {
    expect(veniceMessageOf(['error'])).toBe('');
    expect(veniceMessageOf(null)).toBe('');
    expect(veniceMessageOf('error')).toBe('');
    expect(veniceMessageOf({ error: 42, message: 43 })).toBe('');
    expect(veniceMessageOf({ error: ['a'] })).toBe('');
  });
});

describe('flattenValidationDetails', () => {
  it('lists a message once per field, the same message under two fields twice', () => {
    expect(
      flattenValidationDetails(
        { _errors: ['Required', 'Required'], a: { _errors: ['Required'] }, b: { _errors: ['Required'] } },
        undefined,
      ),
    ).toEqual([
      { field: '', message: 'Required' },
      { field: 'a', message: 'Required' },
      { field: 'b', message: 'Required' },
    ]);
  });

  it('keeps only safe characters of a field name, at most 40, and skips a name with none', () => {
    expect(
      flattenValidationDetails(
        {
          'de<script>sc': { _errors: ['bad'] },
          [`${'n'.repeat(50)}`]: { _errors: ['long'] },
          '<>': { _errors: ['nameless'] },
          'ok_$-1': { _errors: ['kept'] },
        },
        undefined,
      ),
    ).toEqual([
      { field: 'descriptsc', message: 'bad' },
      { field: 'n'.repeat(40), message: 'long' },
      { field: 'ok_$-1', message: 'kept' },
    ]);
  });

  it('goes six levels deep and no further', () => {
    const nest = (levels: number) => {
      let node: Record<string, unknown> = { _errors: ['here'] };
      for (let i = 0; i < levels; i++) node = { n: node };
      return node;
    };
    expect(flattenValidationDetails(nest(6), undefined)).toEqual([{ field: 'n.n.n.n.n.n', message: 'here' }]);
    expect(flattenValidationDetails(nest(7), undefined)).toEqual([]);
  });

  it('skips empty or non-text messages and redacts the secret in the ones it keeps', () => {
    expect(
      flattenValidationDetails(
        { _errors: ['', 7, null, '   '], f: { _errors: ['has sk-secret-123 inside'] } },
        undefined,
        'sk-secret-123',
      ),
    ).toEqual([{ field: 'f', message: 'has [redacted] inside' }]);
  });

  it('reads issues only when the details gave nothing, ten at most, with numeric paths', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: ['items', i, 'x<y>'], message: `m${i}` }));
    const flat = flattenValidationDetails(undefined, issues);
    expect(flat).toHaveLength(10);
    expect(flat[0]).toEqual({ field: 'items.0.xy', message: 'm0' });
    expect(flat[9]).toEqual({ field: 'items.9.xy', message: 'm9' });
    expect(
      flattenValidationDetails({ f: { _errors: ['from details'] } }, [
        { path: ['g'], message: 'from issues' },
      ]),
    ).toEqual([{ field: 'f', message: 'from details' }]);
    expect(
      flattenValidationDetails(undefined, [{ path: ['a', { odd: 1 }, true, 'b'], message: 'm' }]),
    ).toEqual([{ field: 'a.b', message: 'm' }]);
    expect(flattenValidationDetails(undefined, 'not a list')).toEqual([]);
  });

  it('stops at ten lines even inside one field’s list', () => {
    const many = Array.from({ length: 15 }, (_, i) => `e${i}`);
    expect(flattenValidationDetails({ _errors: many }, undefined)).toHaveLength(10);
  });
});

describe('parseRetryAfter', () => {
  const h = (init: Record<string, string>) => new Headers(init);

  it('takes a day at most; a longer wait is ignored and the reset headers are asked next', () => {
    expect(parseRetryAfter(h({ 'Retry-After': '86400' }), NOW)).toBe(86_400);
    expect(parseRetryAfter(h({ 'Retry-After': '86401' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'Retry-After': '86401', 'x-ratelimit-reset': '9' }), NOW)).toBe(9);
    expect(parseRetryAfter(h({ 'Retry-After': '0' }), NOW)).toBe(0);
  });

  it('rounds a fraction up, trims spaces, refuses signs and exponents', () => {
    expect(parseRetryAfter(h({ 'Retry-After': ' 4.01 ' }), NOW)).toBe(5);
    expect(parseRetryAfter(h({ 'Retry-After': '+4' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'Retry-After': '4e1' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'Retry-After': '4.' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': ' 6 ' }), NOW)).toBe(6);
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '6e1' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '-6' }), NOW)).toBeUndefined();
  });

  it('reads only the HTTP date form, a day ahead at most', () => {
    expect(parseRetryAfter(h({ 'Retry-After': 'Fri, 01 May 2026 12:00:30 GMT' }), NOW)).toBe(30);
    expect(parseRetryAfter(h({ 'Retry-After': 'Sat, 02 May 2026 12:00:00 GMT' }), NOW)).toBe(86_400);
    expect(parseRetryAfter(h({ 'Retry-After': 'Sat, 02 May 2026 12:00:01 GMT' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'Retry-After': '2026-05-01T12:00:30Z' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'Retry-After': 'Fri, 01 May 2026 12:00:30 UTC' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'Retry-After': 'x Fri, 01 May 2026 12:00:30 GMT' }), NOW)).toBeUndefined();
  });

  it('tells a reset in Unix ms, Unix s and a duration apart by size, and a past reset is now', () => {
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': String(NOW + 5_000) }), NOW)).toBe(5);
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': String(NOW / 1000 + 5) }), NOW)).toBe(5);
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': String(NOW - 5_000) }), NOW)).toBe(0);
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }), NOW)).toBe(0);
    // 1e9 s is a duration (31 years: ignored), 1e9 + 1 a Unix time in the past.
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '1000000000' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '1000000001' }), NOW)).toBe(0);
    // 1e12 is Unix seconds (far ahead: ignored), 1e12 + 1 Unix ms (in 2001: past).
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '1000000000000' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '1000000000001' }), NOW)).toBe(0);
  });

  it('asks the reset headers in order: resets, reset, reset-requests', () => {
    expect(
      parseRetryAfter(
        h({ 'x-ratelimit-resets': '1', 'x-ratelimit-reset': '2', 'x-ratelimit-reset-requests': '3' }),
        NOW,
      ),
    ).toBe(1);
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '2', 'x-ratelimit-reset-requests': '3' }), NOW)).toBe(2);
    expect(parseRetryAfter(h({ 'x-ratelimit-reset-requests': '3' }), NOW)).toBe(3);
    expect(parseRetryAfter(h({ 'x-ratelimit-resets': '99999999', 'x-ratelimit-reset': '2' }), NOW)).toBe(2);
  });

  it('defaults to the current time', () => {
    const inTen = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10_000).toUTCString();
    const seconds = parseRetryAfter(h({ 'Retry-After': inTen }));
    expect(seconds).toBeGreaterThanOrEqual(9);
    expect(seconds).toBeLessThanOrEqual(11);
  });
});

describe('errorFromResponse: where statuses are shared, the wording and the endpoint decide', () => {
  it('422 is read like 400', () => {
    expect(answer(422, { error: 'API key not found' }, 'DELETE /api_keys')).toBeInstanceOf(
      VeniceNotFoundError,
    );
    const invalid = answer(422, { error: 'Bad', details: { f: { _errors: ['x'] } } }, 'PATCH /api_keys');
    expect(invalid).toBeInstanceOf(VeniceValidationError);
    expect((invalid as VeniceValidationError).fieldErrors).toEqual([{ field: 'f', message: 'x' }]);
  });

  it('“not found” on a create is a refused request, not a missing key', () => {
    const err = answer(400, { error: 'Model not found' }, 'POST /api_keys');
    expect(err).toBeInstanceOf(VeniceValidationError);
    expect(err).not.toBeInstanceOf(VeniceNotFoundError);
    const mint = answer(400, { error: 'Wallet not found' }, 'POST /api_keys/generate_web3_key');
    expect(mint).toBeInstanceOf(VeniceWeb3RejectedError);
  });

  it.each([
    'Maximum number of active API keys (500) reached',
    'maximum keys reached',
    'Maximum api keys',
    'API key limit reached',
    'Too many active API keys',
    'too many keys',
    'You have 500 keys',
  ])('the key cap on a create: %s', (message) => {
    expect(answer(400, { error: message }, 'POST /api_keys')).toBeInstanceOf(VeniceKeyLimitError);
    expect(answer(400, { error: message }, 'POST /api_keys/generate_web3_key')).toBeInstanceOf(
      VeniceKeyLimitError,
    );
  });

  it('the cap’s wording elsewhere, or a number that only contains 500, is no key cap', () => {
    expect(answer(400, { error: 'Too many active API keys' }, 'PATCH /api_keys')).toBeInstanceOf(
      VeniceValidationError,
    );
    expect(answer(400, { error: 'Description longer than 1500' }, 'POST /api_keys')).not.toBeInstanceOf(
      VeniceKeyLimitError,
    );
  });

  it('a 400 on a create keeps the field errors; an array body has none', () => {
    const err = answer(
      400,
      { error: 'Invalid', issues: [{ path: ['usd'], message: 'Too big' }] },
      'POST /api_keys',
    );
    expect((err as VeniceValidationError).fieldErrors).toEqual([{ field: 'usd', message: 'Too big' }]);
    expect((answer(400, ['Invalid'], 'POST /api_keys') as VeniceValidationError).fieldErrors).toEqual([]);
  });

  it('401 reads “admin api key required” in any case, anything else is a bad key', () => {
    expect(answer(401, { error: 'ADMIN API KEY REQUIRED' })).toBeInstanceOf(VeniceAdminRequiredError);
    expect(answer(401, { error: 'Admin key required' })).toBeInstanceOf(VeniceAuthError);
    expect(answer(401, '')).toBeInstanceOf(VeniceAuthError);
  });

  it('402 is “no credentials” only with an x402Version, even a falsy one', () => {
    expect(answer(402, { x402Version: 0 })).toBeInstanceOf(VeniceNoCredentialsError);
    expect(answer(402, { error: 'x402Version' })).toBeInstanceOf(VeniceInsufficientBalanceError);
    expect(answer(402, '[{"x402Version":2}]')).toBeInstanceOf(VeniceInsufficientBalanceError);
  });

  it('429 on the web3 mint counts against key creation; an error-budget wording wins anywhere', () => {
    expect((answer(429, {}, 'POST /api_keys/generate_web3_key') as VeniceRateLimitError).kind).toBe(
      'key_creation',
    );
    expect(
      (answer(429, { error: 'TOO MANY FAILED ATTEMPTS' }, 'POST /api_keys') as VeniceRateLimitError).kind,
    ).toBe('error_budget');
    const later = answer(429, {}, 'GET /api_keys', { headers: new Headers({ 'Retry-After': '12' }) });
    expect((later as VeniceRateLimitError).retryAfterSeconds).toBe(12);
  });

  it('500 to 599 are server errors with their wait; 499 and 600 are plain HTTP errors', () => {
    const down = answer(599, '', 'GET /api_keys', { headers: new Headers({ 'Retry-After': '8' }) });
    expect(down).toBeInstanceOf(VeniceServerError);
    expect((down as VeniceServerError).retryAfterSeconds).toBe(8);
    expect(answer(500, '')).toBeInstanceOf(VeniceServerError);
    expect(answer(499, '')).toBeInstanceOf(VeniceHttpError);
    expect(answer(600, '')).toBeInstanceOf(VeniceHttpError);
    expect(answer(600, '')).not.toBeInstanceOf(VeniceServerError);
  });

  it('quotes Venice’s cleaned text, never the secret it echoed', () => {
    const err = answer(409, { error: 'Conflict with sk-opaque-77\n now' }, 'PATCH /api_keys', {
      secret: 'sk-opaque-77',
    });
    expect(err.message).toBe('Venice answered with HTTP 409: Conflict with [redacted] now');
  });

  it('says a change may have gone through only for a change request', () => {
    expect(answer(500, '', 'PATCH /api_keys', { mutating: true }).message).toMatch(
      /may still have carried out/,
    );
    expect(answer(500, '', 'GET /api_keys', { mutating: false }).message).not.toMatch(/may still have/);
  });
});
