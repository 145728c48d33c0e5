/**
 * Key management's background surface: the service with its real dependencies, the
 * refresh other domains call after they change keys (e.g. a wallet mint), and the listeners.
 */
import { requestBadgeRefresh } from '@/lib/badge';
import { getSettings } from '@/lib/settings/service';
import {
  addStoredKey,
  getStoredSecret,
  getVaultStatus,
  listStoredKeys,
  onVaultKeysChanged,
  onVaultUnlocked,
  updateStoredKey,
} from '@/lib/vault';
import { getVeniceClient } from '@/lib/venice';
import { createKeyService, type KeyService } from './service';

let service: KeyService | null = null;

/** The one service of this worker (its state is in storage; this is only the wiring). */
export function getKeyService(): KeyService {
  service ??= createKeyService({
    getClient: getVeniceClient,
    getSettings,
    vault: { getVaultStatus, listStoredKeys, getStoredSecret, addStoredKey, updateStoredKey },
    requestBadgeRefresh,
    now: () => Date.now(),
  });
  return service;
}

/**
 * Refreshes the cached key list (and balance) from Venice. Fire and forget: failures are kept in
 * the cache for the popup to show, never thrown. Pages watching the cache repaint by themselves.
 */
export async function refreshKeyList(_reason: string): Promise<void> {
  try {
    await getKeyService().refresh();
  } catch {
    // Locked vault, no management key…: nothing to refresh, and the popup says why.
  }
}

/** Background listeners: the list is refreshed as soon as the vault opens. */
export function registerKeys(): void {
  onVaultUnlocked(() => {
    void refreshKeyList('vault unlocked');
  });
  onVaultKeysChanged(() => {
    void getKeyService()
      .dropOrphanCache()
      .catch(() => undefined);
  });
}
