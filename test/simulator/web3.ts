/**
 * The two-step web3 mint (FACTS §3.8): a one-time JWT valid 15 minutes, an EIP-191
 * personal_sign of that exact string verified with viem, and the staked-VVV gate.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { getAddress, isAddress, recoverMessageAddress } from 'viem';
import { errorReply, json, type Reply, type RequestContext } from './http';
import { createdKeyWire, createKey } from './keys';
import type { SimulatorState } from './state';
import { API_KEY_TYPES } from './types';
import { Checker, checkKeyFields, detailedError } from './validation';

export const WEB3_ERRORS = {
  badAddress: 'Invalid wallet address',
  badSignature: 'Invalid signature: expected a 65-byte hex signature',
  signatureMismatch: 'Signature does not match the wallet address',
  tokenInvalid: 'Invalid token: it was altered or was not issued by Venice. Request a new token.',
  tokenExpired: 'Token has expired. Request a new token and sign it again.',
  tokenUsed: 'Token has already been used. Request a new token.',
} as const;

export function noStakeMessage(address: string): string {
  return `Wallet ${address} has no staked VVV on Base`;
}

const DEFAULT_DESCRIPTION = 'Web3 API Key';

function hmac(state: SimulatorState, data: string): Buffer {
  return createHmac('sha256', state.serverSecret).update(data).digest();
}

/** Issues an HS256 JWT and remembers it, so it can be used once and expire by the simulator clock. */
export function issueToken(state: SimulatorState): string {
  const now = state.clock.now();
  const jti = randomUUID();
  const expiresAt = now + state.config.web3TokenTtlMs;
  state.web3Tokens.set(jti, { issuedAt: now, expiresAt, usedAt: null });
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({
      jti,
      purpose: 'generate_web3_key',
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
    }),
  ).toString('base64url');
  const signature = hmac(state, `${header}.${payload}`).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The token's id when its signature is ours, else null (altered or foreign). */
function verifiedTokenId(state: SimulatorState, token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = hmac(state, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown };
    return typeof claims.jti === 'string' ? claims.jti : null;
  } catch {
    return null;
  }
}

export function getTokenRoute(ctx: RequestContext): Reply {
  return json(200, { success: true, data: { token: issueToken(ctx.state) } });
}

const MINT_FIELDS = [
  'apiKeyType',
  'address',
  'signature',
  'token',
  'description',
  'expiresAt',
  'consumptionLimit',
  'limitPeriod',
  'modelPrivacy',
];

export async function mintRoute(ctx: RequestContext): Promise<Reply> {
  const { state } = ctx;
  const check = new Checker();
  if (!check.object(ctx.body, MINT_FIELDS)) return json(400, detailedError(check.issues));
  const body = ctx.body;
  const apiKeyType = check.enumValue(body.apiKeyType, API_KEY_TYPES, ['apiKeyType'], true);
  const address = check.string(body.address, ['address'], { required: true });
  const signature = check.string(body.signature, ['signature'], { required: true });
  const token = check.string(body.token, ['token'], { required: true });
  const fields = checkKeyFields(check, body, { allowNullExpiry: false, descriptionRequired: false });
  if (!check.ok || !apiKeyType || address === undefined || signature === undefined || token === undefined) {
    return json(400, detailedError(check.issues));
  }

  if (!isAddress(address, { strict: false })) return errorReply(400, WEB3_ERRORS.badAddress);
  const tokenId = verifiedTokenId(state, token);
  const record = tokenId === null ? undefined : state.web3Tokens.get(tokenId);
  if (!record) return errorReply(400, WEB3_ERRORS.tokenInvalid);
  if (state.clock.now() >= record.expiresAt) return errorReply(400, WEB3_ERRORS.tokenExpired);
  if (record.usedAt !== null) return errorReply(400, WEB3_ERRORS.tokenUsed);
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return errorReply(400, WEB3_ERRORS.badSignature);

  let signer: string;
  try {
    signer = await recoverMessageAddress({ message: token, signature: signature as `0x${string}` });
  } catch {
    return errorReply(400, WEB3_ERRORS.signatureMismatch);
  }
  if (signer.toLowerCase() !== address.toLowerCase()) return errorReply(400, WEB3_ERRORS.signatureMismatch);
  // A verified signature spends the token, whatever happens next.
  record.usedAt = state.clock.now();

  const wallet = getAddress(address);
  if ((state.stakes.get(wallet.toLowerCase()) ?? 0n) <= 0n) return errorReply(400, noStakeMessage(wallet));

  const accountId = state.walletAccounts.get(wallet.toLowerCase());
  const account =
    (accountId && state.accounts.get(accountId)) ||
    state.createAccount(state.config.web3SeedBalances, wallet);
  const created = createKey(state, account, {
    ...fields,
    apiKeyType,
    description: fields.description ?? DEFAULT_DESCRIPTION,
  });
  if ('status' in created) return created;
  // Venice's documented echo bug: `diem` is derived from `vcu`, and a `usd` of 0 reads null.
  const echo = {
    usd: created.limits.usd === 0 ? null : created.limits.usd,
    diem: created.limits.vcu,
    vcu: created.limits.vcu,
  };
  return json(200, createdKeyWire(created, echo));
}
