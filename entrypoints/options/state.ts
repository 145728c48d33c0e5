/**
 * The options page's view of the background: vault status, settings and the stored keys'
 * metadata (never a secret). The background is the source of truth; storage change events
 * (a lock from the popup, the auto-lock alarm, a key added elsewhere) trigger a reload.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { call, onVaultChanged, RemoteError } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { Settings } from '@/lib/storage/settings-item';
import type { StoredKeyMeta, VaultStatus } from '@/lib/vault/types';

export function errorText(err: unknown): string {
  if (err instanceof RemoteError) return err.message;
  return 'Something went wrong inside the extension. Please try again.';
}
export function errorCode(err: unknown): string {
  return err instanceof RemoteError ? err.code : 'internal';
}

export function createOptionsState() {
  const status = signal<VaultStatus | null>(null);
  const settings = signal<Settings | null>(null);
  const keys = signal<StoredKeyMeta[]>([]);
  const loadError = signal<string | null>(null);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    try {
      const [vault, current] = await Promise.all([call('vault.status'), call('settings.get')]);
      const list = vault.status === 'unlocked' ? await call('vault.listKeys') : [];
      if (mine !== generation) return; // a newer reload is on its way
      status.value = vault.status;
      settings.value = current;
      keys.value = list;
      loadError.value = null;
    } catch (err) {
      if (mine !== generation) return;
      // Locked between the two calls: the next storage event brings the right state.
      if (errorCode(err) === 'vault_locked') status.value = 'locked';
      else loadError.value = errorText(err);
    }
  }

  /** Reloads when the vault record, the unlocked key, settings or anything vault-related changes. */
  function watch(): () => void {
    const listener = (changes: Record<string, unknown>) => {
      if (STORAGE_KEYS.local.vault in changes || STORAGE_KEYS.local.settings in changes) void reload();
    };
    browser.storage.local.onChanged.addListener(listener);
    const stopVault = onVaultChanged(() => void reload());
    return () => {
      browser.storage.local.onChanged.removeListener(listener);
      stopVault();
    };
  }

  return { status, settings, keys, loadError, reload, watch };
}

export type OptionsState = ReturnType<typeof createOptionsState>;
