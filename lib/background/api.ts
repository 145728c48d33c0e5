import { browser } from 'wxt/browser';
import { appsApi } from '@/lib/apps/api';
import { badgeApi } from '@/lib/badge/api';
import { clipboardApi } from '@/lib/clipboard-clear';
import { keysApi } from '@/lib/keys/api';
import { rotationApi } from '@/lib/keys/rotation-api';
import { leaksApi } from '@/lib/leaks/api';
import { method } from '@/lib/messaging/define';
import { settingsApi } from '@/lib/settings/api';
import { getSettings } from '@/lib/settings/service';
import { usageApi } from '@/lib/usage/api';
import { vaultApi } from '@/lib/vault/api';
import { getVaultStatus } from '@/lib/vault/index';
import { mintApi } from '@/lib/wallet/api';

/**
 * The background's whole API, one map of methods. UI pages import only its *type*
 * (lib/messaging/client.ts), so a renamed method breaks the build, not the user.
 * Each domain adds its own map here.
 */
export const api = {
  ...settingsApi,
  ...keysApi,
  ...rotationApi,
  ...vaultApi,
  ...badgeApi,
  ...mintApi,
  ...usageApi,
  ...clipboardApi,
  ...leaksApi,
  ...appsApi,
  status: method(async () => {
    const [settings, vault] = await Promise.all([getSettings(), getVaultStatus()]);
    return { version: browser.runtime.getManifest().version, apiBaseUrl: settings.apiBaseUrl, vault };
  }),
};

export type Api = typeof api;
