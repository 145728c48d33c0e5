import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { serializeError } from '@/lib/error-shape';
import type { SerializedError } from '@/lib/errors';
import type { KeysAccess, OwnLimits } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import type { PopupState } from '../state';
import { RateLimitsPanel } from './RateLimitsPanel';

function openOptions() {
  void browser.runtime.openOptionsPage();
}

export function NoVault() {
  return (
    <section class="state-card" aria-labelledby="state-heading">
      <h2 id="state-heading">Set up your vault</h2>
      <p>
        Your Venice keys are kept in an encrypted vault. Create it and add an ADMIN key on the options page,
        or mint a key with your wallet below (the wallet window creates the vault for it).
      </p>
      <button type="button" class="primary" onClick={openOptions}>
        Open options
      </button>
    </section>
  );
}

export function NoManagementKey({ hasAdminKeyInVault }: { hasAdminKeyInVault: boolean }) {
  return (
    <section class="state-card" aria-labelledby="state-heading">
      <h2 id="state-heading">Choose a key for managing keys</h2>
      <p>
        {hasAdminKeyInVault
          ? 'Your vault has an ADMIN key, but none is chosen for managing keys. Choose it on the options page.'
          : 'Listing, creating and revoking keys needs a Venice ADMIN key. Add one to your vault on the options page.'}
      </p>
      <button type="button" class="primary" onClick={openOptions}>
        Open options
      </button>
    </section>
  );
}

/** Only an INFERENCE key: explain, and still show what that key can spend. */
export function InferenceOnly({
  state,
  access,
}: {
  state: PopupState;
  access: Extract<KeysAccess, { state: 'inference_only' }>;
}) {
  const [limits, setLimits] = useState<OwnLimits | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  useEffect(() => {
    call('keys.ownLimits')
      .then(setLimits)
      .catch((err) => setError(serializeError(err)));
  }, [access.entryId]);
  return (
    <section class="state-card" aria-labelledby="state-heading">
      <h2 id="state-heading">Admin API key required</h2>
      <p>
        “{access.label}” (…{access.last6}) is an INFERENCE key: it can call models, but Venice lets only ADMIN
        keys list, create, edit and revoke keys. Add an ADMIN key on the options page.
      </p>
      <button type="button" onClick={openOptions}>
        Open options
      </button>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {limits && (
        <RateLimitsPanel
          limits={limits.rateLimits}
          now={state.now.value}
          heading={`Limits of “${limits.label}”`}
        />
      )}
    </section>
  );
}
