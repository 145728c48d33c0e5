/**
 * The options page's view of the background: vault status, settings and the stored keys'
 * metadata (never a secret). The background is the source of truth; storage change events
 * (a lock from the popup, the auto-lock alarm, a key added elsewhere) trigger a reload.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { BadgeStatus } from '@/lib/badge/updater';
import { errorCode, errorText } from '@/lib/error-message';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import { call, onVaultChanged } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { Settings } from '@/lib/storage/settings-item';
import type { StoredKeyMeta, VaultStatus } from '@/lib/vault/types';

export function createOptionsState() {
  const status = signal<VaultStatus | null>(null);
  const settings = signal<Settings | null>(null);
  const keys = signal<StoredKeyMeta[]>([]);
  const loadError = signal<string | null>(null);
  /** What the badge says now (`badge.state`), followed while the badge section is open. */
  const badge = signal<BadgeStatus | null>(null);
  const badgeError = signal<string | null>(null);
  /** The rotations (`keys.rotations`), followed while the keys section is open. */
  const rotations = signal<RotationRecord[]>([]);
  /** The guided first run past its first step (the vault exists by then): the add step, then done. */
  const setup = signal<{ step: 'key' | 'done'; added: string | null } | null>(null);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    try {
      const [vault, current] = await Promise.all([call('vault.status'), call('settings.get')]);
      const list = vault.status === 'unlocked' ? await call('vault.listKeys') : [];
      if (mine !== generation) return; // a newer reload is on its way
      // A vault that was just created here (unlocked and empty; a restored backup has keys): the
      // guided first run goes on to its add-key step. The storage event of the creation can bring
      // this reload in before CreateVault's own callback does, and the page must not show the
      // settings (or lose the step's focus) in between.
      if (
        status.value === 'none' &&
        vault.status === 'unlocked' &&
        list.length === 0 &&
        setup.value === null
      ) {
        setup.value = { step: 'key', added: null };
      }
      status.value = vault.status;
      settings.value = current;
      keys.value = list;
      loadError.value = null;
    } catch (err) {
      if (mine !== generation) return;
      // Locked between the two calls: the next storage event brings the right state.
      if (errorCode(err) === 'vault.locked') status.value = 'locked';
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

  async function loadBadge(): Promise<void> {
    try {
      badge.value = await call('badge.state');
    } catch (err) {
      badgeError.value = errorText(err);
    }
  }

  /** Asks the background to refresh the badge now; the answer replaces the status. */
  async function refreshBadge(): Promise<void> {
    try {
      badge.value = await call('badge.refresh');
      badgeError.value = null;
    } catch (err) {
      badgeError.value = errorText(err);
    }
  }

  /**
   * Loads the badge status and follows it live: the background writes the badge's cache and the
   * settings to `local`, and a lock or unlock changes what the badge says.
   */
  function followBadge(): () => void {
    void loadBadge();
    const onChanged = (changes: Record<string, unknown>) => {
      if (
        STORAGE_KEYS.local.vault in changes ||
        STORAGE_KEYS.local.badgeCache in changes ||
        STORAGE_KEYS.local.settings in changes
      )
        void loadBadge();
    };
    browser.storage.local.onChanged.addListener(onChanged);
    const stopVault = onVaultChanged(() => void loadBadge());
    return () => {
      browser.storage.local.onChanged.removeListener(onChanged);
      stopVault();
    };
  }

  function loadRotations(): void {
    void call('keys.rotations').then(
      (list) => {
        rotations.value = list;
      },
      () => undefined,
    );
  }

  /**
   * Loads the rotations and follows them: the background rewrites the records at every step (they
   * are not secret, in storage.local).
   */
  function followRotations(): () => void {
    loadRotations();
    const onChanged = (changes: Record<string, unknown>) => {
      if (STORAGE_KEYS.local.keyRotations in changes) loadRotations();
    };
    browser.storage.local.onChanged.addListener(onChanged);
    return () => browser.storage.local.onChanged.removeListener(onChanged);
  }

  return {
    status,
    settings,
    keys,
    loadError,
    reload,
    watch,
    badge,
    badgeError,
    loadBadge,
    refreshBadge,
    followBadge,
    rotations,
    followRotations,
    setup,
  };
}

export type OptionsState = ReturnType<typeof createOptionsState>;
