import type { MintFlow } from '@/lib/wallet/flow';
import { busy, retry, skipPreflight, startOver, useSiteWallet } from '../controller';

const RETRY_LABELS: Partial<Record<string, string>> = {
  no_stake: 'Check the stake again',
  rpc_down: 'Try the RPC again',
  token_expired: 'Sign a fresh token',
  sign_rejected: 'Ask for the signature again',
  signature_mismatch: 'Sign again',
  connect_rejected: 'Connect again',
  account_switched: 'Connect again',
  no_wallet: 'Look again',
  metamask_missing: 'Look for MetaMask again',
};

/** Why the mint stopped, and the ways forward. */
export function Failed({ flow }: { flow: MintFlow }) {
  const failure = flow.failure;
  if (!failure) return null;
  const waiting = busy.value !== null;
  return (
    <section aria-labelledby="failed-heading" data-failure={failure.code}>
      <h2 id="failed-heading">The mint stopped</h2>
      <p class="error" role="alert" style={{ whiteSpace: 'pre-line' }}>
        {failure.message}
      </p>
      <div class="wallet__actions">
        {failure.retryable && (
          <button type="button" class="primary" disabled={waiting} onClick={() => void retry()}>
            {RETRY_LABELS[failure.code] ?? 'Try again'}
          </button>
        )}
        {failure.code === 'rpc_down' && flow.address && (
          <button type="button" disabled={waiting} onClick={() => void skipPreflight()}>
            Skip the stake check
          </button>
        )}
        {failure.code === 'metamask_missing' && (
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
