import './wallet.css';
import { useEffect } from 'preact/hooks';
import { endpointsState, watchEndpoints } from '@/lib/settings/endpoints-client';
import { lazyView } from '../popup/lazy';
import { stepLabel } from './format';
import { createWalletState } from './state';
import { ChooseTransport } from './views/ChooseTransport';
import { Connect } from './views/Connect';
import { Failed } from './views/Failed';
import { WalletHeader } from './views/WalletHeader';

// The minted key's view (with the clipboard code) loads after the first paint, off the budget.
const Done = lazyView(() => import('./views/Done').then((m) => m.Done));
// So do the key form and the signing step (with the vault gate and its strength meter): the window
// opens on the wallet choice, and the initial load stays within 30 kB gzipped.
const KeyStep = lazyView(() => import('./views/KeyStep').then((m) => m.KeyStep));
const Signing = lazyView(() => import('./views/Signing').then((m) => m.Signing));
const CustomEndpointBanner = lazyView(
  () => import('@/components/CustomEndpointBanner').then((m) => m.CustomEndpointBanner),
  null,
);

/** This window's state: one per page, handed to the views. */
const state = createWalletState();

/**
 * The wallet window: choose a wallet → connect → stake check → key settings → token →
 * signature → minted key, shown once. Every step is the background's flow; this page only
 * renders it and does the wallet's part.
 */
export function App() {
  const { busy, dismissProblem, flow, problem, shownSecret, signatureCheckNote } = state;
  useEffect(() => {
    void state.startWindow();
    void Done.preload();
    void KeyStep.preload();
    void Signing.preload();
  }, []);
  useEffect(() => watchEndpoints(), []);
  const current = flow.value;

  let body = <p aria-busy="true">Loading…</p>;
  if (current) {
    switch (current.step) {
      case 'idle':
        body = shownSecret.value ? <Done state={state} flow={current} /> : <ChooseTransport state={state} />;
        break;
      case 'connecting':
        body = <Connect state={state} flow={current} />;
        break;
      case 'connected':
      case 'preflight':
      case 'token':
        body = <KeyStep state={state} flow={current} />;
        break;
      case 'signing':
      case 'minting':
        body = <Signing state={state} flow={current} />;
        break;
      case 'done':
        body = <Done state={state} flow={current} />;
        break;
      case 'failed':
        body = <Failed state={state} flow={current} />;
        break;
    }
  }

  return (
    <main class="wallet">
      {(endpointsState.value?.custom.length ?? 0) > 0 && (
        <CustomEndpointBanner custom={endpointsState.value?.custom ?? []} />
      )}
      <h1>Mint a key with your wallet</h1>
      {current && current.step !== 'idle' && (
        <p class="wallet__step" aria-live="polite">
          Step: <strong>{stepLabel(current)}</strong>
        </p>
      )}
      {current && <WalletHeader flow={current} />}
      {body}
      {signatureCheckNote.value && current && current.step !== 'idle' && (
        <p class="muted">{signatureCheckNote.value}</p>
      )}
      {busy.value && (
        <p class="wallet__busy" role="status">
          {busy.value}
        </p>
      )}
      {problem.value && (
        <div class="wallet__problem" role="alert">
          <p class="error">{problem.value}</p>
          <button type="button" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      )}
    </main>
  );
}
