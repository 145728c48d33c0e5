import { chooseTransport } from '../controller';

const FIREFOX = import.meta.env.FIREFOX;

/** The first step: which wallet carries the signature. */
export function ChooseTransport() {
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
        <p class="muted">
          “A wallet on the Venice site” opens venice.ai in a tab and uses the wallet your browser shows there
          (MetaMask, Rabby, Coinbase Wallet…).
        </p>
      </div>
    </section>
  );
}
