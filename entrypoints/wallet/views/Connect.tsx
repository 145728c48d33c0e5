import type { MintFlow } from '@/lib/wallet/flow';
import type { WalletState } from '../state';

/** Connecting: MetaMask directly, or one of the wallets found on the Venice page. */
export function Connect({ state, flow }: { state: WalletState; flow: MintFlow }) {
  const { connectInjected, connectMetaMask, discover } = state;
  const waiting = state.busy.value !== null;
  if (flow.transport === 'metamask') {
    return (
      <section aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect MetaMask</h2>
        <p class="muted">
          MetaMask opens its own window to ask whether to share an account with this extension.
        </p>
        <button type="button" class="primary" disabled={waiting} onClick={() => void connectMetaMask()}>
          Connect MetaMask
        </button>
      </section>
    );
  }
  const pending = flow.request?.method === 'eth_requestAccounts' && flow.request.reply === null;
  return (
    <section aria-labelledby="connect-heading">
      <h2 id="connect-heading">Connect a wallet on the Venice site</h2>
      {flow.wallets.length === 0 ? (
        <>
          <p class="muted">Looking in a Venice tab for the wallets your browser offers there.</p>
          <button type="button" disabled={waiting} onClick={() => void discover()}>
            Look again
          </button>
        </>
      ) : (
        <>
          <p class="muted">
            Wallets the Venice page announced, under the names it gave (a page can call itself anything):
          </p>
          <ul class="wallet__list">
            {flow.wallets.map((wallet) => (
              <li key={wallet.uuid}>
                <button
                  type="button"
                  disabled={waiting || pending}
                  onClick={() => void connectInjected(wallet)}
                  aria-label={`Connect ${wallet.name}`}
                >
                  {wallet.icon ? <img src={wallet.icon} alt="" width={24} height={24} /> : null}
                  <q class="page-name">{wallet.name}</q>
                </button>
              </li>
            ))}
          </ul>
          <button type="button" disabled={waiting} onClick={() => void discover()}>
            Look again
          </button>
        </>
      )}
    </section>
  );
}
