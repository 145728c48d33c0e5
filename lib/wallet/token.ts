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

/** exp − iat of a JWT, in ms, when both are present and sane; otherwise null. */
export function jwtLifetimeMs(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as unknown;
    if (typeof json !== 'object' || json === null) return null;
    const { exp, iat } = json as { exp?: unknown; iat?: unknown };
    if (typeof exp !== 'number' || typeof iat !== 'number') return null;
    const ms = (exp - iat) * 1000;
    return ms >= LIFETIME_MIN_MS && ms <= LIFETIME_MAX_MS ? ms : null;
  } catch {
    return null;
  }
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
