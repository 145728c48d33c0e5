/**
 * Every way a mint can stop, each with its own message and way forward. Pure: the
 * background maps Venice errors here, the wallet window maps wallet errors here.
 */
import { AppError } from '@/lib/errors';
import type { MintFailureCode } from './flow';

export interface FailureInfo {
  code: MintFailureCode;
  message: string;
  retryable: boolean;
  /**
   * The wallet's own error text (page-supplied for a wallet on the Venice site): shown apart
   * from our message and marked as the wallet's words, never woven into our sentence.
   */
  walletWords?: string;
}

/** How much of a wallet's own words we show. */
export const WALLET_WORDS_MAX = 160;

/** EIP-1193: the user rejected the request. */
export const USER_REJECTED = 4001;
/** EIP-1193: the provider is disconnected from all chains / the port closed (MetaMask uses 1011 too). */
const DISCONNECTED_CODES = [4900, 4901, 1011, 1013];

/** A wallet request that failed; `code` is the wallet's own (EIP-1193 number) or ours (string). */
export class WalletRequestError extends AppError {
  override name = 'WalletRequestError';
  readonly walletCode: number | string;
  constructor(walletCode: number | string, message: string) {
    super('wallet.request_failed', message);
    this.walletCode = walletCode;
  }
}

/** The wallet's error in a connect or sign request, as a flow failure. */
export function walletFailure(
  phase: 'connect' | 'sign',
  walletCode: number | string,
  walletMessage: string,
  walletName: string,
): FailureInfo {
  const who = walletName || 'The wallet';
  if (walletCode === USER_REJECTED) {
    return phase === 'connect'
      ? {
          code: 'mint.connect_rejected',
          message: `${who} declined to connect. Try again and approve the connection in the wallet, or choose another wallet.`,
          retryable: true,
        }
      : {
          code: 'mint.sign_rejected',
          message: `${who} declined to sign. Nothing was sent to Venice. Try again and approve the signature to mint the key.`,
          retryable: true,
        };
  }
  if (walletCode === 'account_switched') {
    return {
      code: 'mint.account_switched',
      message:
        'Your wallet switched to a different account (or locked) during the mint. Connect again with the account you want the key for.',
      retryable: true,
    };
  }
  if (walletCode === 'metamask_missing') {
    return { code: 'mint.metamask_missing', message: walletMessage, retryable: true };
  }
  if (walletCode === 'timeout') {
    return {
      code: 'mint.wallet_unavailable',
      message: `${who} did not answer in time. Check the wallet (it may be waiting, locked or closed) and try again.`,
      retryable: true,
    };
  }
  if (
    walletCode === 'wallet_gone' ||
    walletCode === 'disconnected' ||
    DISCONNECTED_CODES.includes(Number(walletCode))
  ) {
    return {
      code: 'mint.wallet_unavailable',
      message: `Lost the connection to ${who.toLowerCase() === 'the wallet' ? 'the wallet' : who}. Make sure it is installed, enabled and unlocked, then try again.`,
      retryable: true,
    };
  }
  const words = walletMessage.trim().slice(0, WALLET_WORDS_MAX);
  return {
    code: 'mint.wallet_unavailable',
    message: `${who} could not ${phase === 'connect' ? 'connect' : 'sign'}. Try again, or choose another wallet.`,
    retryable: true,
    ...(words ? { walletWords: words } : {}),
  };
}

export function noWalletFailure(siteUrl: string): FailureInfo {
  let host = siteUrl;
  try {
    host = new URL(siteUrl).host;
  } catch {
    // keep the text as it is
  }
  return {
    code: 'mint.no_wallet',
    message: `No wallet was found on ${host}. Install or enable a browser wallet (MetaMask, Rabby, Coinbase Wallet…), allow it on ${host}, reload that tab, and try again.`,
    retryable: true,
  };
}

export function metamaskMissingMessage(extensionId: string): string {
  return `MetaMask was not found in this browser (extension id ${extensionId}). Install MetaMask, or pick the right edition (stable, beta, Flask) in the options — or use “A wallet on the Venice site” instead.`;
}

export const SIGNATURE_MISMATCH_MESSAGE =
  'The signature does not belong to the connected address, so it was not sent to Venice. Make sure the wallet signs with the account you connected, then try again.';

export const TOKEN_EXPIRED_MESSAGE =
  'The token expired before it was used, so it was not sent. Get a fresh token and sign again (you have 15 minutes).';

export function rpcDownMessage(rpcUrl: string, detail: string): string {
  let host = rpcUrl;
  try {
    host = new URL(rpcUrl).host;
  } catch {
    // keep the text as it is
  }
  return `Could not read your staked VVV on Base from ${host}${detail ? ` (${detail})` : ''}. Try again, change the Base RPC URL in the options, or skip the check — without it, a wallet with no stake only finds out when Venice refuses the key.`;
}

/** A failure of the token fetch or the mint POST, from the Venice client's error classes. */
export function veniceFailure(err: unknown, during: 'token' | 'mint'): FailureInfo {
  const code = err instanceof AppError ? err.code : 'extension.internal';
  const message = err instanceof AppError ? err.message : 'Something went wrong inside the extension.';
  const reason = (err as { reason?: unknown }).reason;
  if (code === 'venice.web3_rejected') {
    if (reason === 'no_stake')
      return {
        code: 'mint.no_stake',
        message: `${message}\nStake VVV on Base with this wallet, then try again.`,
        retryable: true,
      };
    if (reason === 'token')
      return {
        code: 'mint.token_expired',
        message: `${message}\nA token works once and for 15 minutes. Get a fresh token and sign again.`,
        retryable: true,
      };
    if (reason === 'signature')
      return {
        code: 'mint.signature_mismatch',
        message: `${message}\nSign again with the connected account.`,
        retryable: true,
      };
    return {
      code: 'mint.venice_rejected',
      message: `${message}\nChange the key’s settings and try again.`,
      retryable: true,
    };
  }
  if (code === 'venice.validation' || code === 'venice.invalid_input')
    return {
      code: 'mint.venice_rejected',
      message: `${message}\nChange the key’s settings and try again.`,
      retryable: true,
    };
  if (code === 'venice.rate_limited') return { code: 'mint.rate_limited', message, retryable: true };
  if (code === 'venice.key_limit') return { code: 'mint.key_limit', message, retryable: true };
  if (code === 'venice.network' || code === 'venice.timeout' || code === 'venice.server_error') {
    const spent =
      during === 'mint'
        ? ' The token is spent either way: a retry signs a fresh one. If Venice did make the key, it will be in your Venice account without its secret: revoke it there.'
        : '';
    return { code: 'mint.network', message: `${message}${spent}`, retryable: true };
  }
  if (during === 'mint' && (code === 'venice.malformed_response' || code === 'venice.unexpected_response'))
    return {
      code: 'mint.venice_rejected',
      message: `${message} If Venice made the key, its secret could not be read: look for it in your Venice account and revoke it, then try again.`,
      retryable: true,
    };
  return { code: 'mint.internal', message, retryable: true };
}
