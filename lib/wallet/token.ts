/**
 * The web3 token's clock. Venice's token lives 15 minutes (FACTS §3.8). We measure that on
 * the local clock from the moment the token arrived, using the token's own lifetime
 * (`exp - iat`) when it carries both: the server's clock may differ from ours, a lifetime
 * does not. Pure functions; the wallet window renders the countdown with them.
 */
import type { MintToken } from './flow';

export const DEFAULT_TOKEN_LIFETIME_MS = 15 * 60_000;
/** Asking the wallet to sign a token that runs out in less than this is pointless. */
export const MIN_SIGNING_TIME_MS = 60_000;
/** A lifetime outside this range is not believed (a broken or hostile token). */
const LIFETIME_MIN_MS = 60_000;
const LIFETIME_MAX_MS = 24 * 60 * 60_000;

/** Venice's tokens are short; anything much longer is not one of them. */
export const MAX_TOKEN_LENGTH = 4096;
/** Venice's lifetime, plus a minute for rounding to whole seconds. */
const MAX_SIGNABLE_LIFETIME_S = 16 * 60;
/** How far our clock may lag Venice's before a fresh token looks too long-lived. */
export const CLOCK_SKEW_ALLOWANCE_MS = 2 * 60_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The JWT's payload as an object, or null when it is not one. */
function jwtPayload(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Why a token must not be signed, or null when it looks like Venice's. A wallet signature of
 * the token mints a key for whoever holds both, so we sign only what can be nothing else: a
 * JWT of sane length whose `exp` is no more than Venice's 15 minutes ahead (by its own `iat`
 * and by our clock). A long-lived "token" would make a stolen signature useful for longer.
 */
export function tokenProblem(token: string, now: number): string | null {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
    return `Venice sent a token of ${token.length} characters, not one the extension will sign.`;
  if (!JWT_SHAPE.test(token)) return 'Venice sent a token that is not a JWT, so it was not signed.';
  const claims = jwtPayload(token);
  if (!claims) return 'Venice sent a token whose contents cannot be read, so it was not signed.';
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    return 'Venice sent a token without an expiry, so it was not signed.';
  if (typeof iat === 'number' && exp - iat > MAX_SIGNABLE_LIFETIME_S)
    return 'Venice sent a token that lives longer than 15 minutes, so it was not signed.';
  if (exp * 1000 > now + DEFAULT_TOKEN_LIFETIME_MS + CLOCK_SKEW_ALLOWANCE_MS)
    return 'Venice sent a token that expires more than 15 minutes from now, so it was not signed. If your computer’s clock is behind, set it right and try again.';
  return null;
}

/** What the wallet window shows of the token: its start and end, never a wall of base64. */
export function tokenExcerpt(token: string): string {
  return token.length <= 24 ? token : `${token.slice(0, 12)}…${token.slice(-8)}`;
}

/** exp − iat of a JWT, in ms, when both are present and sane; otherwise null. */
export function jwtLifetimeMs(token: string): number | null {
  const claims = jwtPayload(token);
  if (!claims) return null;
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || typeof iat !== 'number') return null;
  const ms = (exp - iat) * 1000;
  return ms >= LIFETIME_MIN_MS && ms <= LIFETIME_MAX_MS ? ms : null;
}

export function tokenFromResponse(value: string, receivedAt: number): MintToken {
  return { value, receivedAt, expiresAt: receivedAt + (jwtLifetimeMs(value) ?? DEFAULT_TOKEN_LIFETIME_MS) };
}

export function tokenMsLeft(token: MintToken, now: number): number {
  return Math.max(0, token.expiresAt - now);
}

export function isTokenExpired(token: MintToken, now: number): boolean {
  return now >= token.expiresAt;
}

/** True when a token is missing or too close to its end to be worth signing. */
export function needsFreshToken(token: MintToken | null, now: number): boolean {
  return token === null || tokenMsLeft(token, now) < MIN_SIGNING_TIME_MS;
}

/** "14:05" (minutes:seconds left), "0:00" when expired. */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** What personal_sign receives: the exact token's UTF-8 bytes, hex-encoded (EIP-1193 wallets expect hex). */
export function tokenToSignHex(token: string): `0x${string}` {
  const bytes = new TextEncoder().encode(token);
  let hex = '0x';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex as `0x${string}`;
}
