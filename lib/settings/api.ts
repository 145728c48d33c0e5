import { z } from 'zod';
import { requestBadgeRefresh } from '@/lib/badge';
import { AppError } from '@/lib/errors';
import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import {
  checkServiceUrl,
  getSettings,
  type Settings,
  type SettingsPatch,
  settingsPatchSchema,
  updateSettings,
} from '@/lib/storage/settings';
import { scheduleAutoLock } from '@/lib/vault/autolock';
import { vault } from '@/lib/vault/index';

const URL_FIELDS = {
  apiBaseUrl: 'API base URL',
  veniceSiteUrl: 'Venice site URL',
  baseRpcUrl: 'Base RPC URL',
} as const;

/**
 * URLs arrive as plain strings so a refusal can say exactly what is wrong with them
 * (checkServiceUrl's reason), not just "invalid input".
 */
const updateInput = lazy(() =>
  settingsPatchSchema().extend({
    apiBaseUrl: z.string().max(2048).optional(),
    veniceSiteUrl: z.string().max(2048).optional(),
    baseRpcUrl: z.string().max(2048).optional(),
  }),
);

/** Checks what the settings schema cannot: URLs with reasons, and key choices against the vault. */
export async function checkSettingsPatch(
  input: z.output<ReturnType<typeof updateInput>>,
): Promise<SettingsPatch> {
  const patch: SettingsPatch = { ...input };
  for (const [field, name] of Object.entries(URL_FIELDS) as [keyof typeof URL_FIELDS, string][]) {
    const raw = input[field];
    if (raw === undefined) continue;
    const checked = checkServiceUrl(raw);
    if (!checked.ok) throw new AppError('invalid_url', `${name}: ${checked.reason}`);
    patch[field] = checked.url;
  }
  const wantsKey = (input.managementKeyId ?? null) !== null || (input.badgeKeyId ?? null) !== null;
  if (wantsKey) {
    const keys = await vault.listStoredKeys();
    if (input.managementKeyId) {
      const key = keys.find((k) => k.entryId === input.managementKeyId);
      if (!key) throw new AppError('vault_key_not_found', 'That key is no longer in the vault.');
      if (key.type !== 'ADMIN')
        throw new AppError(
          'not_admin_key',
          'The management key must be an ADMIN key: INFERENCE keys cannot list, create or revoke keys.',
        );
    }
    if (input.badgeKeyId && !keys.some((k) => k.entryId === input.badgeKeyId))
      throw new AppError('vault_key_not_found', 'That key is no longer in the vault.');
  }
  return patch;
}

/** Settings are not secret: pages read them and change them through the background. */
export const settingsApi = {
  'settings.get': method(() => getSettings()),
  'settings.update': method(updateInput, async (input): Promise<Settings> => {
    const before = await getSettings();
    const after = await updateSettings(await checkSettingsPatch(input));
    if (after.autoLockMinutes !== before.autoLockMinutes) await scheduleAutoLock(vault);
    if (after.badgeKeyId !== before.badgeKeyId) void requestBadgeRefresh('badge key chosen');
    return after;
  }),
};
