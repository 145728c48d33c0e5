/**
 * The settings as stored (`local:settings`, nothing secret): their schema, defaults and the
 * check every load passes through. The rules about them live in lib/settings (the settings
 * domain); this file is only what is stored and how it is read back.
 */

import { lazy } from '@/lib/lazy';
import {
  checkServiceUrl,
  DEFAULT_API_BASE_URL,
  DEFAULT_BASE_RPC_URL,
  DEFAULT_VENICE_SITE_URL,
  isCustomOrigin,
  MAX_CUSTOM_ORIGINS,
} from '@/lib/settings/endpoints';
import { CONSUMPTION_LIMIT_MAX, LIMIT_PERIODS, MODEL_PRIVACY_VALUES } from '@/lib/venice/validation';
import { z } from '@/lib/zod';
import { checked, num, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** MetaMask's extension ids: stable (Chrome Web Store), beta, Flask. */
export const METAMASK_IDS = {
  stable: 'nkbihfbeogaeaoehlefnkodbefgpgknn',
  beta: 'pbbkamfgmaedccnfkmjcofcecjhfgldn',
  flask: 'ljfoeinjpaedjfecbmggjgodbgkmjkjk',
} as const;

export const DEFAULT_EXPIRY_REMINDER_DAYS = 7;

const serviceUrl = lazy(() => z.string().check(z.refine((v) => checkServiceUrl(v).ok, 'Not an allowed URL')));

export const badgeSettingsSchema = lazy(() =>
  z.object({
    /** 'auto' = what Venice would charge first: DIEM, then bundled credits, then USD. */
    currency: z.enum(['auto', 'USD', 'DIEM', 'BUNDLED_CREDITS']),
    /** Below this the badge turns amber. */
    warnAt: z.number().check(z.nonnegative()),
    /** Below this the badge turns red (and the low-balance notification fires once). */
    criticalAt: z.number().check(z.nonnegative()),
    /** chrome.alarms period, ≥ 1 minute. */
    periodMinutes: z.number().check(z.int(), z.minimum(1), z.maximum(1440)),
    notifyLow: z.boolean(),
  }),
);

/** Longest expiry the per-app defaults offer (ten years); null = the key never expires. */
export const PER_APP_EXPIRY_DAYS_MAX = 3650;

/**
 * What a key minted for a site (issue 17, "Fill a new Venice key") starts with; the confirm window
 * shows every field and the user may change each one before the key is made.
 */
export const perAppSettingsSchema = lazy(() =>
  z.object({
    /** USD cap; null = no cap. A small one by default, so a leaked app key cannot spend much. */
    usdCap: z.nullable(z.number().check(z.minimum(0), z.maximum(CONSUMPTION_LIMIT_MAX))),
    diemCap: z.nullable(z.number().check(z.minimum(0), z.maximum(CONSUMPTION_LIMIT_MAX))),
    limitPeriod: z.enum(LIMIT_PERIODS),
    /** Days from the mint to the key's expiry; null = no expiry. */
    expiryDays: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(PER_APP_EXPIRY_DAYS_MAX))),
    modelPrivacy: z.enum(MODEL_PRIVACY_VALUES),
  }),
);

/** The forecast notification: off until chosen (it notifies from cached figures, on the badge's alarm). */
export const forecastNoticeSchema = lazy(() =>
  z.object({
    enabled: z.boolean(),
    /** Notify this many days (or fewer) before a cap or the balance runs out at the last 7 days' pace. */
    daysBefore: z.number().check(z.int(), z.minimum(1), z.maximum(30)),
  }),
);

export const settingsSchema = lazy(() =>
  z.object({
    apiBaseUrl: serviceUrl(),
    veniceSiteUrl: serviceUrl(),
    baseRpcUrl: serviceUrl(),
    /**
     * Origins the user allowed as custom endpoints (options page, warned, with a host permission).
     * Listing one here is not enough: getSettings also asks the browser for the permission.
     */
    customOrigins: z._default(
      z
        .array(z.string().check(z.refine(isCustomOrigin, 'Not an origin')))
        .check(z.maxLength(MAX_CUSTOM_ORIGINS)),
      [],
    ),
    /** Idle minutes before the vault locks itself; 0 = only when the browser closes. */
    autoLockMinutes: z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60)),
    /** Vault entry id of the ADMIN key used to manage keys. */
    managementKeyId: z.nullable(z.string()),
    /** Vault entry id of the key whose balance the badge shows. */
    badgeKeyId: z.nullable(z.string()),
    badge: badgeSettingsSchema(),
    wallet: z.object({
      metamaskExtensionId: z.string().check(z.regex(/^[a-p]{32}$/, 'Not a Chrome extension id')),
    }),
    perApp: perAppSettingsSchema(),
    /** Days before a listed key expires that a reminder is shown (once per key); 0 = never. */
    expiryReminderDays: z._default(
      z.number().check(z.int(), z.minimum(0), z.maximum(90)),
      DEFAULT_EXPIRY_REMINDER_DAYS,
    ),
    forecastNotice: forecastNoticeSchema(),
  }),
);

export type Settings = z.infer<ReturnType<typeof settingsSchema>>;
export type BadgeSettings = z.infer<ReturnType<typeof badgeSettingsSchema>>;
export type PerAppSettings = z.infer<ReturnType<typeof perAppSettingsSchema>>;

/** The suggested per-app defaults: $5 a month, 90 days, any model. */
export const DEFAULT_PER_APP: PerAppSettings = {
  usdCap: 5,
  diemCap: null,
  limitPeriod: 'MONTH',
  expiryDays: 90,
  modelPrivacy: 'ALL',
};
export type ForecastNoticeSettings = z.infer<ReturnType<typeof forecastNoticeSchema>>;

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: DEFAULT_API_BASE_URL,
  veniceSiteUrl: DEFAULT_VENICE_SITE_URL,
  baseRpcUrl: DEFAULT_BASE_RPC_URL,
  customOrigins: [],
  autoLockMinutes: 15,
  managementKeyId: null,
  badgeKeyId: null,
  badge: { currency: 'auto', warnAt: 5, criticalAt: 1, periodMinutes: 5, notifyLow: true },
  wallet: { metamaskExtensionId: METAMASK_IDS.stable },
  perApp: DEFAULT_PER_APP,
  expiryReminderDays: DEFAULT_EXPIRY_REMINDER_DAYS,
  // Off by default: a notification nobody asked for is noise, and the same forecast is already in
  // the popup, the usage view and the badge tooltip. Three days leave time to raise a cap or top up.
  forecastNotice: { enabled: false, daysBefore: 3 },
};

const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isServiceUrl = (v: unknown): v is string => typeof v === 'string' && checkServiceUrl(v).ok;
const isIdOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const BADGE_CURRENCIES: readonly unknown[] = ['auto', 'USD', 'DIEM', 'BUNDLED_CREDITS'];
const isCapOrNull = (v: unknown): v is number | null =>
  v === null || (isNonNegative(v) && (v as number) <= CONSUMPTION_LIMIT_MAX);

function perAppIfPlainlyValid(v: unknown): PerAppSettings | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as { [K in keyof PerAppSettings]?: unknown };
  if (
    !isCapOrNull(p.usdCap) ||
    !isCapOrNull(p.diemCap) ||
    !(LIMIT_PERIODS as readonly unknown[]).includes(p.limitPeriod) ||
    !(p.expiryDays === null || isInt(p.expiryDays, 1, PER_APP_EXPIRY_DAYS_MAX)) ||
    !(MODEL_PRIVACY_VALUES as readonly unknown[]).includes(p.modelPrivacy)
  )
    return null;
  return {
    usdCap: p.usdCap,
    diemCap: p.diemCap,
    limitPeriod: p.limitPeriod as PerAppSettings['limitPeriod'],
    expiryDays: p.expiryDays,
    modelPrivacy: p.modelPrivacy as PerAppSettings['modelPrivacy'],
  };
}

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
  const forecast = v.forecastNotice as { [K in keyof ForecastNoticeSettings]?: unknown } | null | undefined;
  const customOrigins = v.customOrigins === undefined ? [] : v.customOrigins;
  const perApp = perAppIfPlainlyValid(v.perApp);
  if (perApp === null) return null;
  const expiryReminderDays =
    v.expiryReminderDays === undefined ? DEFAULT_EXPIRY_REMINDER_DAYS : v.expiryReminderDays;
  if (!isInt(expiryReminderDays, 0, 90)) return null;
  if (
    !Array.isArray(customOrigins) ||
    customOrigins.length > MAX_CUSTOM_ORIGINS ||
    !customOrigins.every(isCustomOrigin)
  )
    return null;
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
    !/^[a-p]{32}$/.test(wallet.metamaskExtensionId) ||
    typeof forecast !== 'object' ||
    forecast === null ||
    typeof forecast.enabled !== 'boolean' ||
    !isInt(forecast.daysBefore, 1, 30)
  )
    return null;
  return {
    apiBaseUrl: v.apiBaseUrl,
    veniceSiteUrl: v.veniceSiteUrl,
    baseRpcUrl: v.baseRpcUrl,
    customOrigins: [...customOrigins],
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
    perApp,
    expiryReminderDays,
    forecastNotice: { enabled: forecast.enabled, daysBefore: forecast.daysBefore },
  };
}

export const settingsPatchSchema = lazy(() =>
  // customOrigins changes only through lib/settings (useCustomEndpoint), which checks the permission.
  z.extend(
    z.partial(
      z.omit(settingsSchema(), { badge: true, wallet: true, customOrigins: true, forecastNotice: true }),
    ),
    {
      badge: z.optional(z.partial(badgeSettingsSchema())),
      wallet: z.optional(z.partial(settingsSchema().shape.wallet)),
      perApp: z.optional(z.partial(perAppSettingsSchema())),
      forecastNotice: z.optional(z.partial(forecastNoticeSchema())),
    },
  ),
);
export type SettingsPatch = z.infer<ReturnType<typeof settingsPatchSchema>>;

/** What is stored, with anything missing filled in from the defaults (fields added since). */
function withDefaults(raw: unknown): { [K in keyof Settings]?: unknown } {
  const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Settings>;
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    badge: { ...DEFAULT_SETTINGS.badge, ...(stored.badge ?? {}) },
    wallet: { ...DEFAULT_SETTINGS.wallet, ...(stored.wallet ?? {}) },
    // Settings stored before issue 17 have no per-app defaults: they get the suggested ones.
    perApp: { ...DEFAULT_SETTINGS.perApp, ...(stored.perApp ?? {}) },
    // Settings stored before this field existed open with it off.
    forecastNotice: { ...DEFAULT_SETTINGS.forecastNotice, ...(stored.forecastNotice ?? {}) },
  };
}

export function checkSettings(raw: unknown): { ok: true; value: Settings } | { ok: false; reason: string } {
  const merged = withDefaults(raw);
  const quick = settingsIfPlainlyValid(merged);
  if (quick) return { ok: true, value: quick };
  const parsed = settingsSchema().safeParse(merged);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'settings'))];
  return { ok: false, reason: `${fields.join(', ')}: not valid, set back to the default` };
}

/** Keeps what is valid field by field; the defaults for the rest. */
export function repairSettings(raw: unknown): Settings {
  const merged = withDefaults(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(settingsSchema().shape) as (keyof Settings)[]) {
    const field = settingsSchema().shape[key].safeParse(merged[key]);
    if (field.success) out[key] = field.data;
  }
  return out as Settings;
}

export const settingsItem = defineStoredItem<Settings>({
  key: `local:${STORAGE_KEYS.local.settings}`,
  version: 1,
  check: checkSettings,
  repair: repairSettings,
  fallback: DEFAULT_SETTINGS,
  kind: 'record',
});

export interface EndpointNotice {
  text: string;
  at: number;
}

/**
 * Why an endpoint read from storage was put back to Venice's (shown on the options page until
 * dismissed). Not secret: origins and field names only.
 */
export const endpointNoticeItem = defineStoredItem<EndpointNotice | null>({
  key: `local:${STORAGE_KEYS.local.endpointNotice}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const n = obj(raw, 'notice');
      return { text: str(n.text, 'text'), at: num(n.at, 'at') };
    }),
  fallback: null,
  // A notice can be said again: a damaged one is dropped.
  kind: 'cache',
});
