/**
 * For the extension's pages (wallet window, popup): follow the mint flow as the background
 * announces it. Light on purpose (no zod, no viem): the popup imports it.
 */
import { browser } from 'wxt/browser';
import { call } from '@/lib/messaging/client';
import { WalletRequestError } from './failures';
import { idleFlow, MINT_CHANGED_KIND, type MintFlow, type WalletReply } from './flow';

/**
 * Calls `onFlow` with every new state of the flow; returns the function that stops it.
 * The background sends each change as a message (MINT_CHANGED_KIND). This deliberately does
 * not listen to storage.onChanged: the session area it lives in also holds the unlocked
 * vault's key, which a page listener would receive on every unlock.
 */
export function watchFlow(onFlow: (flow: MintFlow) => void): () => void {
  const listener = (message: unknown) => {
    if (typeof message !== 'object' || message === null) return undefined;
    const notice = message as { kind?: unknown; flow?: unknown };
    if (notice.kind !== MINT_CHANGED_KIND) return undefined;
    const value = notice.flow as MintFlow | null | undefined;
    onFlow(value && typeof value === 'object' ? value : idleFlow(Date.now()));
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/**
 * Waits for the wallet's answer to the flow's pending request `requestId` (injected transport:
 * it arrives through the relay, possibly after the worker restarted). Rejects when the flow
 * stops or moves to another request, or at `deadline`.
 */
export function waitForWalletReply(requestId: string, deadline: number): Promise<WalletReply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = () => {
      settled = true;
      stop();
      clearTimeout(timer);
    };
    const check = (flow: MintFlow) => {
      if (settled) return;
      const request = flow.request;
      if (request?.requestId === requestId && request.reply) {
        finish();
        resolve(request.reply);
      } else if (request?.requestId !== requestId || flow.step === 'failed' || flow.step === 'idle') {
        finish();
        reject(new WalletRequestError('flow_stopped', 'The mint stopped or moved on.'));
      }
    };
    const stop = watchFlow(check);
    const timer = setTimeout(
      () => {
        if (settled) return;
        finish();
        reject(new WalletRequestError('timeout', 'The wallet did not answer in time.'));
      },
      Math.max(0, deadline - Date.now()),
    );
    call('mint.status').then(check, (err: unknown) => {
      if (settled) return;
      finish();
      reject(err);
    });
  });
}
