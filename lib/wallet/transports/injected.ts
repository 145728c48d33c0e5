/**
 * A wallet injected into a Venice-site tab (EIP-6963, or window.ethereum), seen from the wallet
 * window. The background runs the requests in the tab (lib/wallet/site.ts); their answers come
 * back through the relay into the flow, where this transport picks them up. So a signature
 * survives a stopped service worker, and a reopened window finds the answer waiting.
 */
import { errorCode } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import { WalletRequestError } from '../failures';
import type { Address, Hex, MintFlow, WalletInfo, WalletMethod } from '../flow';
import { waitForWalletReply } from '../watch';
import { CONNECT_TIMEOUT_MS, type WalletTransport } from './types';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * After a call that starts a wallet request (`mint.connectInjected`, `mint.sign`) failed with
 * `err`: the request it started, when the call did its work but its answer never came back.
 * Chrome may stop the service worker at any moment, also between sending the request to the
 * Venice tab and answering the window; the wallet then still asks the person, and its answer
 * still arrives through the relay into the flow. Any other failure is thrown again.
 */
export async function requestStartedBeforeLoss(
  err: unknown,
  method: WalletMethod,
): Promise<{ requestId: string; flow: MintFlow }> {
  if (errorCode(err) !== 'messaging.background_unreachable') throw err;
  const flow = await call('mint.status');
  const request = flow.request;
  const step = method === 'personal_sign' ? 'signing' : 'connecting';
  if (flow.step !== step || request?.method !== method) throw err;
  return { requestId: request.requestId, flow };
}

/** The accounts a connect request answered with (the window may be waiting again after a reopen). */
export async function awaitInjectedAccounts(requestId: string, deadline: number): Promise<Address[]> {
  const reply = await waitForWalletReply(requestId, deadline);
  if (!reply.ok) throw new WalletRequestError(reply.error.code, reply.error.message);
  const accounts = Array.isArray(reply.result)
    ? reply.result.filter((a): a is Address => ADDRESS.test(a))
    : [];
  if (accounts.length === 0) throw new WalletRequestError('no_accounts', 'The wallet shared no account.');
  return accounts;
}

/** The signature a sign request answered with. */
export async function awaitInjectedSignature(requestId: string, deadline: number): Promise<Hex> {
  const reply = await waitForWalletReply(requestId, deadline);
  if (!reply.ok) throw new WalletRequestError(reply.error.code, reply.error.message);
  if (typeof reply.result !== 'string')
    throw new WalletRequestError(
      'bad_signature',
      'The wallet answered with something that is not a signature.',
    );
  return reply.result;
}

export function createInjectedTransport(wallet: WalletInfo): WalletTransport {
  let shared: Address[] = [];
  return {
    kind: 'injected',
    async connect() {
      const { requestId, flow } = await call('mint.connectInjected', { uuid: wallet.uuid }).catch(
        (err: unknown) => requestStartedBeforeLoss(err, 'eth_requestAccounts'),
      );
      // The background could not even start it: the flow already says why.
      if (flow.step !== 'connecting') throw new WalletRequestError('flow_stopped', 'The mint stopped.');
      shared = await awaitInjectedAccounts(requestId, Date.now() + CONNECT_TIMEOUT_MS);
      return shared[0]!;
    },
    async accounts() {
      return shared;
    },
    /** The background started personal_sign in the tab when it issued the token (mint.sign). */
    sign({ requestId, deadline }) {
      return awaitInjectedSignature(requestId, deadline);
    },
    disconnect() {
      shared = [];
    },
    on() {
      // Page wallets' events stay in the page; a switched account shows when signing (eth_accounts).
      return () => undefined;
    },
  };
}
