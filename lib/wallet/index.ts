/**
 * The mint flow's background surface: the service with its real dependencies, and the
 * listeners, registered once per worker start (lib/background/start.ts). The relay listener
 * is separate from the message router on purpose: the router answers only this extension's
 * pages, while wallet answers come from our relay script in a Venice tab, and are checked for
 * what they are (lib/wallet/relay.ts).
 */
import { browser } from 'wxt/browser';
import { requestBadgeRefresh } from '@/lib/badge';
import { refreshKeyList } from '@/lib/keys';
import { getSettings } from '@/lib/settings/service';
import { addStoredKey, getStoredSecret, getVaultStatus } from '@/lib/vault';
import { getVeniceClient } from '@/lib/venice';
import { RELAY_KIND } from './relay';
import { createWalletService, type WalletService } from './service';
import { discoverWallets, ensureSiteTab, startWalletRequest } from './site';

let service: WalletService | null = null;

/** The one mint service of this worker (its state is in storage; this is only the wiring). */
export function getWalletService(): WalletService {
  service ??= createWalletService({
    getClient: getVeniceClient,
    getSettings,
    vault: { getVaultStatus, getStoredSecret, addStoredKey },
    site: { ensureSiteTab, discoverWallets, startWalletRequest },
    windows: browser.windows,
    walletPageUrl: browser.runtime.getURL('/wallet.html'),
    extensionId: browser.runtime.id,
    firefox: import.meta.env.FIREFOX,
    requestBadgeRefresh,
    refreshKeyList,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
  });
  return service;
}

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
    void getWalletService()
      .receiveRelayedReply(message, sender)
      .then((outcome) => {
        if (!outcome.accepted) console.warn('[vkc] ignored a wallet answer:', outcome.reason);
      });
    return undefined;
  });
  // The wallet window is a popup with one tab: its tab removed is the window closed. Seen here
  // rather than through `windows.onRemoved`, because a cold worker that touches `browser.windows`
  // builds that API's binding before its first answer (docs/measurements.md).
  // (Chromium says isWindowClosing: false when the last tab is what closed, so it is not asked.)
  browser.tabs.onRemoved.addListener((tabId, { windowId }) => {
    void getWalletService().siteTabClosed(tabId);
    void getWalletService().forgetWindow(windowId);
  });
}
