import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_LIFETIME_MS,
  formatCountdown,
  isTokenExpired,
  jwtLifetimeMs,
  MIN_SIGNING_TIME_MS,
  needsFreshToken,
  tokenExcerpt,
  tokenFromResponse,
  tokenMsLeft,
  tokenProblem,
  tokenToSignHex,
} from '@/lib/wallet/token';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;

describe('the web3 token clock', () => {
  it('takes the lifetime from the token (exp − iat), measured on the local clock from arrival', () => {
    // The server's clock is an hour off: only the lifetime counts.
    const serverNow = 1_700_000_000;
    const token = tokenFromResponse(jwt({ iat: serverNow, exp: serverNow + 600 }), 5_000_000);
    expect(token.expiresAt).toBe(5_000_000 + 600_000);
    expect(jwtLifetimeMs(jwt({ iat: serverNow, exp: serverNow + 900 }))).toBe(900_000);
  });

  it('falls back to Venice’s documented 15 minutes for tokens without a sane lifetime', () => {
    for (const value of [
      'not-a-jwt',
      'a.b',
      `x.${b64url('just a string')}.y`,
      jwt({ exp: 10 }),
      jwt({ iat: 10, exp: 5 }), // negative
      jwt({ iat: 0, exp: 10 }), // 10 s: too short to believe
      jwt({ iat: 0, exp: 10 * 86_400 }), // 10 days: too long to believe
      jwt({ iat: '0', exp: '900' }),
      'e30.%%%.x',
    ]) {
      expect(tokenFromResponse(value, 1000).expiresAt).toBe(1000 + DEFAULT_TOKEN_LIFETIME_MS);
    }
  });

  it('counts down and expires exactly at the end', () => {
    const token = tokenFromResponse('opaque', 0);
    expect(tokenMsLeft(token, 0)).toBe(15 * 60_000);
    expect(tokenMsLeft(token, 15 * 60_000 - 1)).toBe(1);
    expect(isTokenExpired(token, 15 * 60_000 - 1)).toBe(false);
    expect(isTokenExpired(token, 15 * 60_000)).toBe(true);
    expect(tokenMsLeft(token, 20 * 60_000)).toBe(0);
  });

  it('asks for a fresh token when there is none or less than a minute is left', () => {
    const token = tokenFromResponse('opaque', 0);
    expect(needsFreshToken(null, 0)).toBe(true);
    expect(needsFreshToken(token, 0)).toBe(false);
    expect(needsFreshToken(token, 15 * 60_000 - MIN_SIGNING_TIME_MS)).toBe(false);
    expect(needsFreshToken(token, 15 * 60_000 - MIN_SIGNING_TIME_MS + 1)).toBe(true);
    expect(needsFreshToken(token, 16 * 60_000)).toBe(true);
  });

  it('formats the countdown as m:ss, rounding up, never negative', () => {
    expect(formatCountdown(15 * 60_000)).toBe('15:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5000)).toBe('0:00');
  });

  it('hands the wallet the exact token as hex-encoded UTF-8', () => {
    expect(tokenToSignHex('ab')).toBe('0x6162');
    const token = jwt({ iat: 1, exp: 901 });
    expect(Buffer.from(tokenToSignHex(token).slice(2), 'hex').toString('utf8')).toBe(token);
    expect(tokenToSignHex('é')).toBe('0xc3a9');
  });
});

describe('what the extension agrees to have signed', () => {
  const now = 1_800_000_000_000;
  const nowS = now / 1000;

  it('accepts a Venice-shaped token: a JWT whose exp is 15 minutes ahead', () => {
    expect(tokenProblem(jwt({ iat: nowS, exp: nowS + 900, jti: 'a' }), now)).toBeNull();
    // Our clock a minute ahead of or behind Venice's is normal.
    expect(tokenProblem(jwt({ iat: nowS + 60, exp: nowS + 960 }), now)).toBeNull();
    expect(tokenProblem(jwt({ exp: nowS + 900 }), now)).toBeNull();
  });

  it('refuses anything that is not a JWT of three base64url parts', () => {
    for (const value of [
      '',
      'not-a-jwt',
      'a.b',
      'a.b.c.d',
      `${b64url({})}.${b64url({ exp: nowS + 60 })}.`,
      `${b64url({})}.${b64url({ exp: nowS + 60 })}.sig with spaces`,
      `${b64url({})}.${b64url({ exp: nowS + 60 })}.c2ln+/==`,
      'Sign this to transfer all your funds',
    ])
      expect(tokenProblem(value, now), value).toMatch(/not a JWT|characters/);
  });

  it('refuses a payload that is not a JSON object', () => {
    expect(tokenProblem(`e30.${b64url('a string')}.c2ln`, now)).toMatch(/cannot be read/);
    expect(tokenProblem('e30.bm90IGpzb24.c2ln', now)).toMatch(/cannot be read/);
  });

  it('refuses a token without a numeric exp', () => {
    expect(tokenProblem(jwt({ iat: nowS }), now)).toMatch(/without an expiry/);
    expect(tokenProblem(jwt({ exp: String(nowS + 900) }), now)).toMatch(/without an expiry/);
  });

  it('refuses a token that lives longer than Venice’s 15 minutes, by its own claims or by our clock', () => {
    expect(tokenProblem(jwt({ iat: nowS, exp: nowS + 3600 }), now)).toMatch(/longer than 15 minutes/);
    // A matching iat does not make a far-off exp acceptable.
    expect(tokenProblem(jwt({ iat: nowS + 86_400, exp: nowS + 86_400 + 900 }), now)).toMatch(
      /more than 15 minutes from now/,
    );
    expect(tokenProblem(jwt({ exp: nowS + 30 * 60 }), now)).toMatch(/more than 15 minutes from now/);
  });

  it('refuses a token of unreasonable length', () => {
    expect(tokenProblem(jwt({ exp: nowS + 900, pad: 'x'.repeat(5000) }), now)).toMatch(/characters/);
  });

  it('shows an excerpt of the token, not all of it', () => {
    const value = jwt({ iat: nowS, exp: nowS + 900 });
    const excerpt = tokenExcerpt(value);
    expect(excerpt.length).toBeLessThan(30);
    expect(excerpt.startsWith(value.slice(0, 12))).toBe(true);
    expect(excerpt.endsWith(value.slice(-8))).toBe(true);
  });
});
