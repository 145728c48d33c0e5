import type { MintFailureCode, MintFlow } from '@/lib/wallet/flow';
import type { WalletState } from '../state';
import { PageWords } from './PageWords';

const RETRY_LABELS: Partial<Record<MintFailureCode, string>> = {
  'mint.no_stake': 'Check the stake again',
  'mint.rpc_down': 'Try the RPC again',
  'mint.token_expired': 'Sign a fresh token',
  'mint.sign_rejected': 'Ask for the signature again',
  'mint.signature_mismatch': 'Sign again',
  'mint.connect_rejected': 'Connect again',
  'mint.account_switched': 'Connect again',
  'mint.no_wallet': 'Look again',
  'mint.metamask_missing': 'Look for MetaMask again',
};

/** Why the mint stopped, and the ways forward. */
export function Failed({ state, flow }: { state: WalletState; flow: MintFlow }) {
  const { openKeyList, retry, skipPreflight, startOver, useSiteWallet } = state;
  const failure = flow.failure;
  if (!failure) return null;
  const waiting = state.busy.value !== null;
  // Venice refused the signed token at the POST: through the Venice-site tab, page scripts
  // could have seen the token and the signature and used them first.
  const maybeUsedByOthers =
    flow.transport === 'injected' && failure.code === 'mint.token_expired' && failure.at === 'minting';
  return (
    <section aria-labelledby="failed-heading" data-failure={failure.code}>
      <h2 id="failed-heading">The mint stopped</h2>
      <p class="error" role="alert" style={{ whiteSpace: 'pre-line' }}>
        {failure.message}
      </p>
      {failure.walletWords && <PageWords who="The wallet" words={failure.walletWords} />}
      {maybeUsedByOthers && (
        <div class="wallet__warning">
          <p>
            Someone else may have used your signature: in the Venice tab, other scripts on the page can see
            the token and the signature, and could mint a key with them before the extension does. Check your
            key list for a key you did not make, and revoke it.
          </p>
          <button type="button" onClick={() => void openKeyList()}>
            Check the key list
          </button>
        </div>
      )}
      <div class="wallet__actions">
        {failure.retryable && (
          <button type="button" class="primary" disabled={waiting} onClick={() => void retry()}>
            {RETRY_LABELS[failure.code] ?? 'Try again'}
          </button>
        )}
        {failure.code === 'mint.rpc_down' && flow.address && (
          <button type="button" disabled={waiting} onClick={() => void skipPreflight()}>
            Skip the stake check
          </button>
        )}
        {failure.code === 'mint.metamask_missing' && (
          <button type="button" disabled={waiting} onClick={() => void useSiteWallet()}>
            Use a wallet on the Venice site
          </button>
        )}
        <button type="button" disabled={waiting} onClick={() => void startOver()}>
          Start over
        </button>
      </div>
    </section>
  );
}
