import type { MintFlow } from '@/lib/wallet/flow';
import type { WalletState } from '../state';
import { SecretOnce } from './SecretOnce';

function money(value: number | null, unit: 'USD' | 'DIEM'): string {
  if (value === null) return 'no cap';
  return unit === 'USD' ? `$${value}` : `${value} DIEM`;
}

/** The minted key: its secret once (in this window), then what it is. */
export function Done({ state, flow }: { state: WalletState; flow: MintFlow }) {
  const result = flow.result;
  const shown = state.shownSecret.value;
  return (
    <section aria-labelledby="done-heading">
      <h2 id="done-heading">Key minted</h2>
      {shown && <SecretOnce shown={shown} />}
      {result && (
        <dl class="wallet__result">
          <dt>Key</dt>
          <dd>
            {result.label} <span class="mono">…{result.last6}</span> ({result.apiKeyType})
          </dd>
          <dt>Caps</dt>
          <dd>
            {money(result.limits.usd, 'USD')}, {money(result.limits.diem, 'DIEM')}
            {result.limitPeriod ? ` per ${result.limitPeriod.toLowerCase()}` : ''}
            {result.limitsSource === 'echo' && (
              <span class="muted"> (as Venice echoed them on minting, which can be inaccurate)</span>
            )}
          </dd>
          <dt>Expires</dt>
          <dd>{result.expiresAt ?? 'never'}</dd>
          <dt>Vault</dt>
          <dd>{result.entryId ? 'saved' : 'not saved'}</dd>
        </dl>
      )}
      {!shown && result?.entryId && (
        <p class="muted">The secret is in your vault: reveal or copy it from the options page.</p>
      )}
      <div class="wallet__actions">
        <button type="button" onClick={() => void state.startOver()}>
          Mint another key
        </button>
        <button type="button" onClick={() => window.close()}>
          Close
        </button>
      </div>
    </section>
  );
}
