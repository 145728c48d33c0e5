/**
 * Injected (isolated world) into the Venice-site tab used for a wallet mint, next to the
 * MAIN-world request code. It forwards the wallet's answers, tagged with our request ids,
 * to the background with runtime.sendMessage (which also wakes a stopped service worker).
 *
 * The page can post the same messages, so this only passes on the shape; the background
 * decides what to believe (lib/wallet/relay.ts). Nothing secret passes through here.
 */
import { RELAY_KIND, REPLY_TAG } from '@/lib/wallet/relay';

export default defineUnlistedScript(() => {
  const marker = '__vkcWalletRelay';
  const scope = globalThis as unknown as Record<string, unknown>;
  if (scope[marker]) return; // injected again for the next request: one listener is enough
  scope[marker] = true;

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window || event.origin !== window.location.origin) return;
    const data = event.data as {
      tag?: unknown;
      requestId?: unknown;
      ok?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (typeof data !== 'object' || data === null || data.tag !== REPLY_TAG) return;
    if (typeof data.requestId !== 'string' || data.requestId.length > 64) return;
    const reply =
      data.ok === true
        ? { ok: true, result: data.result }
        : { ok: false, error: data.error ?? { code: 'wallet_error' } };
    browser.runtime.sendMessage({ kind: RELAY_KIND, requestId: data.requestId, reply }).catch(() => {
      // The extension was reloaded or is shutting down: the wallet window will time out and say so.
    });
  });
});
