/**
 * The badge's surface for the rest of the background: `registerBadge()` once at worker
 * start, and `void requestBadgeRefresh('reason')` after any change the extension makes to
 * keys (bursts are coalesced into one request).
 */

import { getSettings } from '@/lib/settings/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import { badgeForecastText, findBadgeApiKey } from '@/lib/usage/badge';
import {
  getStoredSecret,
  getVaultStatus,
  listStoredKeys,
  onVaultKeysChanged,
  onVaultLocked,
  onVaultUnlocked,
} from '@/lib/vault';
import { createVeniceClient } from '@/lib/venice';
import { type BadgeUpdater, createBadgeUpdater } from './updater';

export type { BadgeStatus } from './updater';

let updater: BadgeUpdater | null = null;

/** The worker's one updater, wired to the vault, the settings and the Venice client. */
export function getBadgeUpdater(): BadgeUpdater {
  updater ??= createBadgeUpdater({
    now: () => Date.now(),
    getSettings,
    vaultStatus: getVaultStatus,
    listStoredKeys,
    getStoredSecret,
    // No immediate retries: a failed refresh waits for the next tick (one request per period, backoff after that).
    getRateLimits: async (secret) => {
      const { apiBaseUrl } = await getSettings();
      return createVeniceClient({ baseUrl: apiBaseUrl, maxRetries: 0 }).getRateLimits(secret);
    },
    onVaultUnlocked,
    onVaultLocked,
    onVaultKeysChanged,
    forecastLine: async (badgeKeyId) => {
      const entry = (await listStoredKeys()).find((k) => k.entryId === badgeKeyId);
      return badgeForecastText(findBadgeApiKey((await readKeyCache()).keys, entry), Date.now());
    },
  });
  return updater;
}

/** Listeners (alarm, start, install, vault lock/unlock, settings); call synchronously at worker start. */
export function registerBadge(): void {
  getBadgeUpdater().register();
}

/** Refreshes the badge soon (coalesced). A no-op until registerBadge() ran (e.g. in other domains' unit tests). */
export async function requestBadgeRefresh(reason: string): Promise<void> {
  if (updater) await updater.request(reason);
}
