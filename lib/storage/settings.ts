import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { lazy } from '@/lib/lazy';

export const DEFAULT_API_BASE_URL = 'https://api.venice.ai/api/v1';
export const DEFAULT_VENICE_SITE_URL = 'https://venice.ai/';
export const DEFAULT_BASE_RPC_URL = 'https://mainnet.base.org';
/** MetaMask's extension ids: stable (Chrome Web Store), beta, Flask. */
export const METAMASK_IDS = {
  stable: 'nkbihfbeogaeaoehlefnkodbefgpgknn',
  beta: 'pbbkamfgmaedccnfkmjcofcecjhfgldn',
  flask: 'ljfoeinjpaedjfecbmggjgodbgkmjkjk',
} as const;

/** The development/test build may talk to the local simulator; the production build never. */
export const ALLOW_LOOPBACK = import.meta.env.MODE === 'development';

/** A URL the extension may call: https, or http://127.0.0.1 in the development build. */
export function checkServiceUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'That is not a URL.' };
  }
  if (u.username || u.password)
    return { ok: false, reason: 'The URL must not contain a user name or password.' };
  if (u.protocol === 'https:') return { ok: true, url: u.href.replace(/\/+$/, '') };
  if (u.protocol === 'http:' && u.hostname === '127.0.0.1') {
    if (ALLOW_LOOPBACK) return { ok: true, url: u.href.replace(/\/+$/, '') };
    return { ok: false, reason: 'Only the development build may use http://127.0.0.1.' };
  }
  return { ok: false, reason: 'The URL must start with https://.' };
}

const serviceUrl = lazy(() => z.string().refine((v) => checkServiceUrl(v).ok, 'Not an allowed URL'));

export const badgeSettingsSchema = lazy(() =>
  z.object({
    /** 'auto' = what Venice would charge first: DIEM, then bundled credits, then USD. */
    currency: z.enum(['auto', 'USD', 'DIEM', 'BUNDLED_CREDITS']),
    /** Below this the badge turns amber. */
    warnAt: z.number().nonnegative(),
    /** Below this the badge turns red (and the low-balance notification fires once). */
    criticalAt: z.number().nonnegative(),
    /** chrome.alarms period, ≥ 1 minute. */
    periodMinutes: z.number().int().min(1).max(1440),
    notifyLow: z.boolean(),
  }),
);

export const settingsSchema = lazy(() =>
  z.object({
    apiBaseUrl: serviceUrl(),
    veniceSiteUrl: serviceUrl(),
    baseRpcUrl: serviceUrl(),
    /** Idle minutes before the vault locks itself; 0 = only when the browser closes. */
    autoLockMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    /** Vault entry id of the ADMIN key used to manage keys. */
    managementKeyId: z.string().nullable(),
    /** Vault entry id of the key whose balance the badge shows. */
    badgeKeyId: z.string().nullable(),
    badge: badgeSettingsSchema(),
    wallet: z.object({
      metamaskExtensionId: z.string().regex(/^[a-p]{32}$/, 'Not a Chrome extension id'),
    }),
  }),
);

export type Settings = z.infer<ReturnType<typeof settingsSchema>>;
export type BadgeSettings = z.infer<ReturnType<typeof badgeSettingsSchema>>;

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: DEFAULT_API_BASE_URL,
  veniceSiteUrl: DEFAULT_VENICE_SITE_URL,
  baseRpcUrl: DEFAULT_BASE_RPC_URL,
  autoLockMinutes: 15,
  managementKeyId: null,
  badgeKeyId: null,
  badge: { currency: 'auto', warnAt: 5, criticalAt: 1, periodMinutes: 5, notifyLow: true },
  wallet: { metamaskExtensionId: METAMASK_IDS.stable },
};

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isServiceUrl = (v: unknown): v is string => typeof v === 'string' && checkServiceUrl(v).ok;
const isIdOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const BADGE_CURRENCIES: readonly unknown[] = ['auto', 'USD', 'DIEM', 'BUNDLED_CREDITS'];

/**
 * The settings as `settingsSchema` would return them, when they plainly pass it; otherwise null,
 * and zod repairs them field by field. Almost every message reads the settings, and a cold
 * worker answers sooner without building zod for them (`npm run bench`). The schema stays the
 * rule: a property test checks that this never accepts what the schema refuses, and that it
 * accepts what the schema accepts.
 */
export function settingsIfPlainlyValid(
  v: {
    [K in keyof Settings]?: unknown;
  },
): Settings | null {
  const badge = v.badge as { [K in keyof BadgeSettings]?: unknown } | null | undefined;
  const wallet = v.wallet as { metamaskExtensionId?: unknown } | null | undefined;
  if (
    !isServiceUrl(v.apiBaseUrl) ||
    !isServiceUrl(v.veniceSiteUrl) ||
    !isServiceUrl(v.baseRpcUrl) ||
    !isInt(v.autoLockMinutes, 0, 24 * 60) ||
    !isIdOrNull(v.managementKeyId) ||
    !isIdOrNull(v.badgeKeyId) ||
    typeof badge !== 'object' ||
    badge === null ||
    !BADGE_CURRENCIES.includes(badge.currency) ||
    !isNonNegative(badge.warnAt) ||
    !isNonNegative(badge.criticalAt) ||
    !isInt(badge.periodMinutes, 1, 1440) ||
    typeof badge.notifyLow !== 'boolean' ||
    typeof wallet !== 'object' ||
    wallet === null ||
    typeof wallet.metamaskExtensionId !== 'string' ||
    !/^[a-p]{32}$/.test(wallet.metamaskExtensionId)
  )
    return null;
  return {
    apiBaseUrl: v.apiBaseUrl,
    veniceSiteUrl: v.veniceSiteUrl,
    baseRpcUrl: v.baseRpcUrl,
    autoLockMinutes: v.autoLockMinutes,
    managementKeyId: v.managementKeyId,
    badgeKeyId: v.badgeKeyId,
    badge: {
      currency: badge.currency as BadgeSettings['currency'],
      warnAt: badge.warnAt,
      criticalAt: badge.criticalAt,
      periodMinutes: badge.periodMinutes,
      notifyLow: badge.notifyLow,
    },
    wallet: { metamaskExtensionId: wallet.metamaskExtensionId },
  };
}

/** Reads the settings, repairing anything missing or invalid with the defaults. */
export async function getSettings(): Promise<Settings> {
  const raw = await settingsItem.getValue();
  const merged = {
    ...DEFAULT_SETTINGS,
    ...(raw ?? {}),
    badge: { ...DEFAULT_SETTINGS.badge, ...(raw?.badge ?? {}) },
    wallet: { ...DEFAULT_SETTINGS.wallet, ...(raw?.wallet ?? {}) },
  };
  const quick = settingsIfPlainlyValid(merged);
  if (quick) return quick;
  const parsed = settingsSchema().safeParse(merged);
  if (parsed.success) return parsed.data;
  // Keep what is valid field by field; fall back to defaults for the rest.
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(settingsSchema().shape) as (keyof Settings)[]) {
    const field = settingsSchema().shape[key].safeParse(merged[key]);
    if (field.success) out[key] = field.data;
  }
  return out as Settings;
}

export const settingsPatchSchema = lazy(() =>
  settingsSchema().omit({ badge: true, wallet: true }).partial().extend({
    badge: badgeSettingsSchema().partial().optional(),
    wallet: settingsSchema().shape.wallet.partial().optional(),
  }),
);
export type SettingsPatch = z.infer<ReturnType<typeof settingsPatchSchema>>;

export async function updateSettings(patch: SettingsPatch): Promise<Settings> {
  const current = await getSettings();
  const next: Settings = {
    ...current,
    ...patch,
    badge: { ...current.badge, ...(patch.badge ?? {}) },
    wallet: { ...current.wallet, ...(patch.wallet ?? {}) },
  } as Settings;
  const checked = settingsSchema().parse(next);
  await settingsItem.setValue(checked);
  return checked;
}
