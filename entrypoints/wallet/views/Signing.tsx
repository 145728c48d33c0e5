import type { MintFlow } from '@/lib/wallet/flow';
import { formatCountdown, tokenExcerpt, tokenMsLeft } from '@/lib/wallet/token';
import type { WalletState } from '../state';
import { SITE_TRANSPORT_EXPOSURE } from './ChooseTransport';
import { VaultGate } from './VaultGate';

/** Waiting for the signature (with the token's countdown), then for Venice. */
export function Signing({ state, flow }: { state: WalletState; flow: MintFlow }) {
  const { busy, now, signAndMint, signatureLost } = state;
  if (flow.step === 'minting') {
    return (
      <section aria-labelledby="signing-heading">
        <h2 id="signing-heading">Minting the key</h2>
        <p class="muted">
          Venice is checking the signature and the stake. The key goes into your vault first.
        </p>
      </section>
    );
  }
  const left = flow.token ? tokenMsLeft(flow.token, now.value) : 0;
  const walletName = flow.wallet?.name ?? 'your wallet';
  return (
    <section aria-labelledby="signing-heading">
      <h2 id="signing-heading">Sign the token</h2>
      <p>
        Approve the signature request in {walletName}. It signs Venice’s token as a message (no transaction,
        no fees).
      </p>
      {flow.token && (
        <p class="muted">
          The wallet is asked to sign Venice’s token{' '}
          <code class="mono">{tokenExcerpt(flow.token.value)}</code>, valid until{' '}
          <time dateTime={new Date(flow.token.expiresAt).toISOString()}>
            {new Date(flow.token.expiresAt).toLocaleTimeString()}
          </time>
          . Check that your wallet shows the same text; sign nothing else.
        </p>
      )}
      {flow.token && (
        <p class={left < 60_000 ? 'wallet__warning' : 'muted'}>
          Token valid for <strong data-countdown>{formatCountdown(left)}</strong>
          {left === 0 ? ' — it expired: sign a fresh one.' : ''}
        </p>
      )}
      {flow.transport === 'injected' && (
        <>
          <p class="muted">The request is in the Venice tab; the wallet shows it in its own window.</p>
          <p class="wallet__warning">{SITE_TRANSPORT_EXPOSURE}</p>
        </>
      )}
      <VaultGate state={state} />
      {(signatureLost.value || left === 0) && busy.value === null && (
        <>
          {signatureLost.value && (
            <p>The signature request closed with the previous window. Ask the wallet again to finish.</p>
          )}
          <button type="button" class="primary" onClick={() => void signAndMint()}>
            Sign a fresh token
          </button>
        </>
      )}
    </section>
  );
}
