import { useEffect, useState } from 'preact/hooks';
import { call } from '@/lib/messaging/client';
import { siteHost } from '../format';
import type { WalletState } from '../state';

const FIREFOX = import.meta.env.FIREFOX;

/** What the Venice-site transport exposes, said the same way wherever it is offered. */
export const SITE_TRANSPORT_EXPOSURE =
  'Through the Venice site, the token and your signature pass through the venice.ai page: any script running there (a flaw in the site, or another extension) can read them and mint a key with them before the extension does. Nothing on our side can prevent that. MetaMask’s direct connection does not go through a web page.';

/** Whether MetaMask answers the extension directly (then it is the one we recommend). */
function useMetaMaskPresent(): boolean | null {
  const [present, setPresent] = useState<boolean | null>(FIREFOX ? false : null);
  useEffect(() => {
    if (FIREFOX) return;
    let live = true;
    void (async () => {
      try {
        const { wallet } = await call('settings.get');
        const { isExtensionReachable } = await import('@/lib/wallet/transports/metamask');
        const found = await isExtensionReachable(wallet.metamaskExtensionId);
        if (live) setPresent(found);
      } catch {
        if (live) setPresent(false);
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return present;
}

/** The first step: which wallet carries the signature. */
export function ChooseTransport({ state }: { state: WalletState }) {
  const { chooseTransport, veniceSiteUrl } = state;
  const metamask = useMetaMaskPresent();
  // The site actually configured in the options, not the default one.
  const host = veniceSiteUrl.value ? siteHost(veniceSiteUrl.value) : 'the Venice site set in the options';
  return (
    <section aria-labelledby="choose-heading">
      <h2 id="choose-heading">Choose your wallet</h2>
      <p class="muted">
        A wallet holding staked VVV on Base can mint a Venice API key without a Venice account: Venice gives a
        token, your wallet signs it, the extension sends the signature. Your private key never leaves your
        wallet; the new key goes into your vault.
      </p>
      <div class="wallet__choices">
        {FIREFOX ? (
          <p class="muted">
            Firefox does not let extensions talk to MetaMask directly, so use a wallet on the Venice site.
          </p>
        ) : (
          <button type="button" class="primary" onClick={() => void chooseTransport('metamask')}>
            MetaMask (extension)
          </button>
        )}
        <button type="button" onClick={() => void chooseTransport('injected')}>
          A wallet on the Venice site
        </button>
      </div>
      {metamask === true && (
        <p class="wallet__ok">MetaMask is installed: use it directly, it is the safer way.</p>
      )}
      <p class="muted">
        “A wallet on the Venice site” opens {host} in a tab and uses the wallet your browser shows there
        (MetaMask, Rabby, Coinbase Wallet…).
      </p>
      <p class="wallet__warning">{SITE_TRANSPORT_EXPOSURE}</p>
    </section>
  );
}
