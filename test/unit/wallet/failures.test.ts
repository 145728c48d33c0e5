import { describe, expect, it } from 'vitest';
import {
  VeniceKeyLimitError,
  VeniceMalformedResponseError,
  VeniceNetworkError,
  VeniceRateLimitError,
  VeniceServerError,
  VeniceValidationError,
  VeniceWeb3RejectedError,
} from '@/lib/venice/errors';
import { noWalletFailure, USER_REJECTED, veniceFailure, walletFailure } from '@/lib/wallet/failures';

describe('wallet failures, each with its own message', () => {
  it('tells a rejected connection from a rejected signature (EIP-1193 4001)', () => {
    const connect = walletFailure('connect', USER_REJECTED, 'User rejected the request.', 'Test Wallet');
    const sign = walletFailure('sign', USER_REJECTED, 'User rejected the request.', 'Test Wallet');
    expect(connect).toMatchObject({ code: 'mint.connect_rejected', retryable: true });
    expect(connect.message).toMatch(/^Test Wallet declined to connect/);
    expect(sign).toMatchObject({ code: 'mint.sign_rejected', retryable: true });
    expect(sign.message).toMatch(/Nothing was sent to Venice/);
  });

  it('names a switched account, a missing wallet, a timeout and a lost connection', () => {
    expect(walletFailure('sign', 'account_switched', '', 'MetaMask').code).toBe('mint.account_switched');
    expect(walletFailure('sign', 'timeout', '', 'MetaMask')).toMatchObject({
      code: 'mint.wallet_unavailable',
      message: expect.stringMatching(/did not answer in time/),
    });
    expect(walletFailure('connect', 1011, 'closed', 'MetaMask').message).toMatch(
      /Lost the connection to MetaMask/,
    );
    expect(walletFailure('connect', 'metamask_missing', 'MetaMask was not found', 'MetaMask')).toEqual({
      code: 'mint.metamask_missing',
      message: 'MetaMask was not found',
      retryable: true,
    });
    expect(noWalletFailure('https://venice.ai/').message).toMatch(/No wallet was found on venice\.ai/);
  });

  it('keeps other wallet errors specific but short', () => {
    const failure = walletFailure('sign', -32603, 'x'.repeat(1000), 'Rabby');
    expect(failure.code).toBe('mint.wallet_unavailable');
    expect(failure.message.length).toBeLessThan(300);
  });
});

describe('Venice failures during a mint', () => {
  const ctx = { endpoint: 'POST /api_keys/generate_web3_key', status: 400 };
  it('maps each specific 400 to its own failure', () => {
    expect(
      veniceFailure(new VeniceWeb3RejectedError('Wallet 0xabc has no staked VVV on Base', [], ctx), 'mint'),
    ).toMatchObject({
      code: 'mint.no_stake',
    });
    expect(
      veniceFailure(new VeniceWeb3RejectedError('Token has expired. Request a new token.', [], ctx), 'mint'),
    ).toMatchObject({
      code: 'mint.token_expired',
      message: expect.stringMatching(/Token has expired[\s\S]*fresh token/),
    });
    expect(
      veniceFailure(new VeniceWeb3RejectedError('Token has already been used.', [], ctx), 'mint').code,
    ).toBe('mint.token_expired');
    expect(
      veniceFailure(
        new VeniceWeb3RejectedError('Signature does not match the wallet address', [], ctx),
        'mint',
      ).code,
    ).toBe('mint.signature_mismatch');
    const other = veniceFailure(new VeniceValidationError('description: too long', [], ctx), 'mint');
    expect(other).toMatchObject({ code: 'mint.venice_rejected', retryable: true });
    expect(other.message).toMatch(/description: too long/);
  });

  it('calls network trouble network trouble, and says the token is spent after a POST', () => {
    const token = veniceFailure(new VeniceNetworkError('api.venice.ai'), 'token');
    expect(token.code).toBe('mint.network');
    expect(token.message).not.toMatch(/token is spent/);
    const mint = veniceFailure(new VeniceServerError(502, { mutating: true }), 'mint');
    expect(mint).toMatchObject({ code: 'mint.network', retryable: true });
    expect(mint.message).toMatch(/token is spent/);
  });

  it('maps rate limits, the key cap, and an unreadable answer', () => {
    expect(veniceFailure(new VeniceRateLimitError('key_creation', 30), 'mint').code).toBe(
      'mint.rate_limited',
    );
    expect(veniceFailure(new VeniceKeyLimitError(), 'mint').code).toBe('mint.key_limit');
    expect(veniceFailure(new VeniceMalformedResponseError({ mutating: true }), 'mint').message).toMatch(
      /revoke it/,
    );
  });

  it('never repeats an unknown error’s text', () => {
    expect(veniceFailure(new Error('secret VENICE_ADMIN_KEY_x'), 'mint')).toEqual({
      code: 'mint.internal',
      message: 'Something went wrong inside the extension.',
      retryable: true,
    });
  });
});
