import { useId, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';
import type { Settings, SettingsPatch } from '@/lib/storage/settings-item';
import { useEdits } from '../edits';
import type { OptionsState } from '../state';

/** MetaMask's Chrome extension ids (kept in step with lib/storage/settings-item.ts, which the options bundle does not import). */
const METAMASK_EDITIONS = {
  stable: { id: 'nkbihfbeogaeaoehlefnkodbefgpgknn', label: 'MetaMask' },
  beta: { id: 'pbbkamfgmaedccnfkmjcofcecjhfgldn', label: 'MetaMask Beta' },
  flask: { id: 'ljfoeinjpaedjfecbmggjgodbgkmjkjk', label: 'MetaMask Flask' },
} as const;
type Edition = keyof typeof METAMASK_EDITIONS | 'custom';
const EXTENSION_ID = /^[a-p]{32}$/;
const FIREFOX = import.meta.env.FIREFOX;

interface Draft {
  edition: Edition;
  customId: string;
  veniceSiteUrl: string;
  baseRpcUrl: string;
}

function editionOf(id: string): Edition {
  for (const [edition, info] of Object.entries(METAMASK_EDITIONS))
    if (info.id === id) return edition as Edition;
  return 'custom';
}

const EMPTY_DRAFT: Draft = { edition: 'stable', customId: '', veniceSiteUrl: '', baseRpcUrl: '' };

function draftOf(settings: Settings): Draft {
  const id = settings.wallet.metamaskExtensionId;
  const edition = editionOf(id);
  return {
    edition,
    customId: edition === 'custom' ? id : '',
    veniceSiteUrl: settings.veniceSiteUrl,
    baseRpcUrl: settings.baseRpcUrl,
  };
}

/**
 * Options → Wallet: which MetaMask the extension talks to, the Venice site whose tab hosts a
 * page wallet, and the Base JSON-RPC used for the stake check and signature checks. Fields show
 * the stored settings until edited; saving sends only what was edited.
 */
export function WalletSettings({ state }: { state: OptionsState }) {
  const id = useId();
  const settings = state.settings.value;
  const edits = useEdits<Draft>(settings ? draftOf(settings) : EMPTY_DRAFT);
  const [saved, setSaved] = useState(false);
  const saving = useAction(async (patch: SettingsPatch, sent: Partial<Draft>) => {
    if (Object.keys(patch).length > 0) state.settings.value = await call('settings.update', patch);
    edits.settle(sent);
    setSaved(true);
  });

  if (!settings) {
    return (
      <section aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>Wallet</h2>
        <p aria-busy="true">Loading…</p>
      </section>
    );
  }

  const draft = edits.value;
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    for (const [field, value] of Object.entries(patch) as [keyof Draft, Draft[keyof Draft]][])
      edits.set(field, value);
  };
  const extensionId =
    draft.edition === 'custom' ? draft.customId.trim() : METAMASK_EDITIONS[draft.edition].id;
  const idProblem = EXTENSION_ID.test(extensionId) ? null : 'An extension id is 32 letters from a to p.';

  function save(event: Event) {
    event.preventDefault();
    if (idProblem) return;
    const patch: SettingsPatch = {};
    const sent: Partial<Draft> = {};
    for (const field of edits.changed) Object.assign(sent, { [field]: draft[field] });
    if ('veniceSiteUrl' in sent) patch.veniceSiteUrl = draft.veniceSiteUrl;
    if ('baseRpcUrl' in sent) patch.baseRpcUrl = draft.baseRpcUrl;
    if ('edition' in sent || 'customId' in sent) patch.wallet = { metamaskExtensionId: extensionId };
    void saving.run(patch, sent);
  }

  return (
    <section aria-labelledby={`${id}-heading`} class="card">
      <h2 id={`${id}-heading`}>Wallet</h2>
      <form onSubmit={save} class="settings-form">
        {FIREFOX ? (
          <p class="muted">
            In Firefox, minting uses a wallet on the Venice site: Firefox does not let extensions talk to
            MetaMask directly.
          </p>
        ) : (
          <fieldset>
            <legend>MetaMask edition</legend>
            {(Object.keys(METAMASK_EDITIONS) as (keyof typeof METAMASK_EDITIONS)[]).map((edition) => (
              <label key={edition}>
                <input
                  type="radio"
                  name={`${id}-edition`}
                  checked={draft.edition === edition}
                  onChange={() => set({ edition })}
                />{' '}
                {METAMASK_EDITIONS[edition].label}
              </label>
            ))}
            <label>
              <input
                type="radio"
                name={`${id}-edition`}
                checked={draft.edition === 'custom'}
                onChange={() => set({ edition: 'custom' })}
              />{' '}
              Another extension id
            </label>
            {draft.edition === 'custom' && (
              <label>
                Extension id
                <input
                  type="text"
                  class="mono"
                  value={draft.customId}
                  spellcheck={false}
                  aria-invalid={idProblem ? true : undefined}
                  onInput={(e) => set({ customId: e.currentTarget.value })}
                />
              </label>
            )}
            {idProblem && draft.edition === 'custom' && draft.customId !== '' && (
              <p class="error">{idProblem}</p>
            )}
          </fieldset>
        )}
        <label>
          Venice site URL
          <input
            type="url"
            value={draft.veniceSiteUrl}
            onInput={(e) => set({ veniceSiteUrl: e.currentTarget.value })}
          />
        </label>
        <p class="muted">
          “A wallet on the Venice site” opens this page in a tab and uses the wallet your browser shows there.
        </p>
        <label>
          Base RPC URL
          <input
            type="url"
            value={draft.baseRpcUrl}
            onInput={(e) => set({ baseRpcUrl: e.currentTarget.value })}
          />
        </label>
        <p class="muted">Used to read your staked VVV and to check signatures before anything is sent.</p>
        <button type="submit" class="primary" disabled={saving.busy || idProblem !== null}>
          Save wallet settings
        </button>
        {saved && (
          <p role="status" class="muted">
            Saved.
          </p>
        )}
        {saving.error && <ErrorMessage error={saving.error} inline />}
      </form>
    </section>
  );
}
