import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_LIFETIME_MS,
  formatCountdown,
  isTokenExpired,
  jwtLifetimeMs,
  MIN_SIGNING_TIME_MS,
  needsFreshToken,
  tokenFromResponse,
  tokenMsLeft,
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
