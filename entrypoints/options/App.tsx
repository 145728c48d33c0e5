import { useEffect } from 'preact/hooks';
import { createOptionsState } from './state';
import { BadgeSettings } from './views/BadgeSettings';
import { CreateVault } from './views/CreateVault';
import { GeneralSettings } from './views/GeneralSettings';
import { RestoreBackup } from './views/RestoreBackup';
import { StoredKeys } from './views/StoredKeys';
import { UnlockVault } from './views/UnlockVault';
import { VaultControls } from './views/VaultControls';
import { WalletSettings } from './views/WalletSettings';
import './options.css';

const state = createOptionsState();

export function App() {
  useEffect(() => {
    const stop = state.watch();
    void state.reload();
    return stop;
  }, []);

  const status = state.status.value;
  const settings = state.settings.value;
  const reload = () => void state.reload();

  let body: preact.ComponentChildren;
  if (state.loadError.value && status === null) {
    body = (
      <p class="error" role="alert">
        {state.loadError.value}
      </p>
    );
  } else if (status === null || settings === null) {
    body = (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  } else if (status === 'none') {
    body = (
      <>
        <section class="intro">
          <h2>Welcome</h2>
          <p>
            Venice Key Companion keeps your Venice API keys in an encrypted vault in this browser, shows a
            key’s balance on the toolbar badge, and lets you create, edit and revoke keys from the toolbar.
            Start by creating the vault, or restore a backup.
          </p>
        </section>
        <CreateVault onCreated={reload} />
        <RestoreBackup replacing={false} onRestored={reload} />
      </>
    );
  } else if (status === 'locked') {
    body = <UnlockVault onUnlocked={reload} />;
  } else {
    body = (
      <>
        <VaultControls onChanged={reload} />
        <StoredKeys keys={state.keys.value} settings={settings} />
        <GeneralSettings settings={settings} />
        <BadgeSettings />
        <WalletSettings />
      </>
    );
  }

  return (
    <main class="options">
      <header>
        <h1>Venice Key Companion</h1>
        {status === 'locked' && <span class="pill warn">Vault locked</span>}
      </header>
      {body}
    </main>
  );
}
