/**
 * The mint flow's background listeners, registered once per worker start (lib/background/start.ts).
 * The relay listener is separate from the message router on purpose: the router answers only
 * this extension's pages, while wallet answers come from our relay script in a Venice tab,
 * and are checked for what they are (lib/wallet/relay.ts).
 */
import { browser } from 'wxt/browser';
import { RELAY_KIND } from './relay';
import { forgetMintWindow, receiveRelayedReply, siteTabClosed } from './service';

export function registerWallet(): void {
  browser.runtime.onMessage.addListener((message, sender) => {
    if (
      typeof message !== 'object' ||
      message === null ||
      (message as { kind?: unknown }).kind !== RELAY_KIND
    )
      return undefined;
    // Only our own relay (a content script of this extension) in a tab's top frame; pages of ours use the router.
    if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || sender.frameId !== 0)
      return undefined;
    void receiveRelayedReply(message, sender).then((outcome) => {
      if (!outcome.accepted) console.warn('[vkc] ignored a wallet answer:', outcome.reason);
    });
    return undefined;
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void siteTabClosed(tabId);
  });
  browser.windows.onRemoved.addListener((windowId) => {
    void forgetMintWindow(windowId);
  });
}
