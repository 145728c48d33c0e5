import { useEffect, useState } from 'preact/hooks';
import { clock } from '@/components/clock';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import { isActive, type MintFlow, STEP_LABELS } from '@/lib/wallet/flow';
import { formatCountdown, tokenMsLeft } from '@/lib/wallet/token';
import { watchFlow } from '@/lib/wallet/watch';

/**
 * The popup's door to minting with a wallet: the button that opens the wallet window, and the
 * step of a mint in progress (from the background's flow, so it is right after a reopen).
 * The wallet steps never run here: Chrome closes the popup when a wallet window takes focus.
 */
export function MintStatus() {
  const [flow, setFlow] = useState<MintFlow | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const stop = watchFlow(setFlow);
    call('mint.status').then(setFlow, (err: unknown) => setError(errorText(err)));
    return stop;
  }, []);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const openWindow = () => run(() => call('mint.openWindow'));
  const dismiss = () => run(async () => setFlow(await call('mint.reset')));

  const step = flow?.step ?? 'idle';
  return (
    <section class="mint-status" aria-label="Mint with wallet">
      {step === 'idle' && (
        <p class="muted">
          Staked VVV on Base? Mint a key by signing with your wallet, no Venice account needed.{' '}
          <button type="button" onClick={openWindow}>
            Mint with wallet
          </button>
        </p>
      )}
      {flow && isActive(step) && (
        <div role="status">
          <p>
            Minting with wallet: <strong>{STEP_LABELS[step]}</strong>
            {step === 'signing' && flow.token && <TokenLeft token={flow.token} />}
          </p>
          <button type="button" onClick={openWindow}>
            Open the wallet window
          </button>{' '}
          {step !== 'minting' && (
            <button type="button" onClick={dismiss}>
              Cancel the mint
            </button>
          )}
        </div>
      )}
      {flow && step === 'done' && flow.result && (
        <div role="status">
          <p>
            Minted “{flow.result.label}” (…{flow.result.last6})
            {flow.result.entryId ? ', saved in your vault.' : '.'}
          </p>
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>{' '}
          <button type="button" onClick={openWindow}>
            Mint with wallet
          </button>
        </div>
      )}
      {flow && step === 'failed' && flow.failure && (
        <div role="alert">
          <p>
            Mint with wallet stopped: <span class="error">{flow.failure.message}</span>
          </p>
          <button type="button" onClick={openWindow}>
            Open the wallet window
          </button>{' '}
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The signing token's time left: the one part of this view that changes every second. */
function TokenLeft({ token }: { token: Parameters<typeof tokenMsLeft>[0] }) {
  return <span class="muted"> (token valid for {formatCountdown(tokenMsLeft(token, clock.value))})</span>;
}
