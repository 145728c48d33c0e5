import { browser } from 'wxt/browser';
import { requestBadgeRefresh } from '@/lib/badge';
import { AppError } from '@/lib/errors';
import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import {
  checkServiceUrl,
  customEndpointsOf,
  ENDPOINT_FIELDS,
  ENDPOINT_NAMES,
  type EndpointField,
  endpointTrust,
  MAX_CUSTOM_ORIGINS,
  OFFICIAL_ORIGINS,
} from '@/lib/settings/endpoints';
import { getSettings, hostPermissionGranted, updateSettings } from '@/lib/settings/service';
import {
  DEFAULT_SETTINGS,
  endpointNoticeItem,
  type Settings,
  type SettingsPatch,
  settingsPatchSchema,
} from '@/lib/storage/settings-item';
import { scheduleAutoLock } from '@/lib/vault/autolock';
import { getVaultService } from '@/lib/vault/index';
import { z } from '@/lib/zod';

/**
 * URLs arrive as plain strings so a refusal can say exactly what is wrong with them
 * (checkServiceUrl's reason), not just "invalid input".
 */
const updateInput = lazy(() =>
  z.extend(settingsPatchSchema(), {
    apiBaseUrl: z.optional(z.string().check(z.maxLength(2048))),
    veniceSiteUrl: z.optional(z.string().check(z.maxLength(2048))),
    baseRpcUrl: z.optional(z.string().check(z.maxLength(2048))),
  }),
);

/** Checks what the settings schema cannot: URLs with reasons, and key choices against the vault. */
export async function checkSettingsPatch(
  input: z.output<ReturnType<typeof updateInput>>,
): Promise<SettingsPatch> {
  const patch: SettingsPatch = { ...input };
  let customOrigins: readonly string[] | null = null;
  for (const field of ENDPOINT_FIELDS) {
    const raw = input[field];
    if (raw === undefined) continue;
    const checked = checkServiceUrl(raw);
    if (!checked.ok)
      throw new AppError('settings.invalid_url', `${ENDPOINT_NAMES[field]}: ${checked.reason}`);
    customOrigins ??= (await getSettings()).customOrigins;
    const trust = endpointTrust(field, checked.url, customOrigins);
    if (trust.kind === 'refused') throw new AppError('settings.endpoint_not_allowed', trust.reason);
    if (trust.kind === 'custom' && !(await hostPermissionGranted(trust.origin)))
      throw new AppError('settings.endpoint_not_allowed', permissionMissing(field, trust.origin));
    patch[field] = checked.url;
  }
  const wantsKey = (input.managementKeyId ?? null) !== null || (input.badgeKeyId ?? null) !== null;
  if (wantsKey) {
    const keys = await getVaultService().listStoredKeys();
    if (input.managementKeyId) {
      const key = keys.find((k) => k.entryId === input.managementKeyId);
      if (!key) throw new AppError('vault.key_not_found');
      if (key.type !== 'ADMIN') throw new AppError('settings.not_admin_key');
    }
    if (input.badgeKeyId && !keys.some((k) => k.entryId === input.badgeKeyId))
      throw new AppError('vault.key_not_found');
  }
  return patch;
}

function permissionMissing(field: EndpointField, origin: string): string {
  return `${ENDPOINT_NAMES[field]}: the browser has not granted access to ${origin}, so nothing was saved. Allow it when the browser asks.`;
}

const customEndpointInput = lazy(() =>
  z.strictObject({
    field: z.enum(['apiBaseUrl', 'veniceSiteUrl', 'baseRpcUrl']),
    url: z.string().check(z.maxLength(2048)),
  }),
);

/** What every page shows about custom endpoints (the red banner) and the options page's notice. */
export interface EndpointsState {
  custom: { field: EndpointField; name: string; origin: string }[];
  official: Record<EndpointField, string>;
  notice: { text: string; at: number } | null;
}

async function endpointsState(): Promise<EndpointsState> {
  const settings = await getSettings();
  return {
    custom: customEndpointsOf(settings),
    official: OFFICIAL_ORIGINS,
    notice: await endpointNoticeItem.getValue(),
  };
}

/** Settings are not secret: pages read them and change them through the background. */
export const settingsApi = {
  'settings.get': method(() => getSettings()),
  'settings.update': method(updateInput, async (input): Promise<Settings> => {
    const before = await getSettings();
    const after = await updateSettings(await checkSettingsPatch(input));
    if (after.autoLockMinutes !== before.autoLockMinutes) await scheduleAutoLock(getVaultService());
    if (after.badgeKeyId !== before.badgeKeyId) void requestBadgeRefresh('badge key chosen');
    return after;
  }),
  'settings.endpoints': method(endpointsState),
  /**
   * The warned opt-in: the options page first asks the browser for a host permission naming the
   * origin (a prompt the user must accept, from their click); only with it granted is the origin
   * allowed, for this endpoint.
   */
  'settings.useCustomEndpoint': method(customEndpointInput, async ({ field, url }) => {
    const checked = checkServiceUrl(url);
    if (!checked.ok)
      throw new AppError('settings.invalid_url', `${ENDPOINT_NAMES[field]}: ${checked.reason}`);
    if (!(await hostPermissionGranted(checked.origin)))
      throw new AppError('settings.endpoint_not_allowed', permissionMissing(field, checked.origin));
    const before = await getSettings();
    // Keep the origins still in use by the other endpoints; the newest last.
    const inUse = new Set(customEndpointsOf(before).map((c) => c.origin));
    const kept = before.customOrigins.filter((o) => inUse.has(o) && o !== checked.origin);
    const customOrigins = [...kept, checked.origin].slice(-MAX_CUSTOM_ORIGINS);
    await updateSettings({ [field]: checked.url, customOrigins });
    if (field === 'apiBaseUrl') void requestBadgeRefresh('custom endpoint');
    return endpointsState();
  }),
  /** Every endpoint back to Venice's; the custom host permissions are given back. */
  'settings.useVeniceEndpoints': method(async () => {
    const before = await getSettings();
    const patch: SettingsPatch & { customOrigins: string[] } = { customOrigins: [] };
    for (const { field } of customEndpointsOf(before)) patch[field] = DEFAULT_SETTINGS[field];
    await updateSettings(patch);
    const origins = before.customOrigins.map((o) => `${o}/*`);
    if (origins.length > 0) await browser.permissions.remove({ origins }).catch(() => false);
    void requestBadgeRefresh('venice endpoints');
    return endpointsState();
  }),
  'settings.dismissEndpointNotice': method(async () => {
    await endpointNoticeItem.setValue(null);
    return endpointsState();
  }),
};
