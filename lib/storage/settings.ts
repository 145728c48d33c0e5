import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { lazy } from '@/lib/lazy';
import { STORAGE_KEYS } from '@/lib/storage/keys';

export const DEFAULT_API_BASE_URL = 'https://api.venice.ai/api/v1';
export const DEFAULT_VENICE_SITE_URL = 'https://venice.ai/';
export const DEFAULT_BASE_RPC_URL = 'https://mainnet.base.org';
/** MetaMask's extension ids: stable (Chrome Web Store), beta, Flask. */
export const METAMASK_IDS = {
  stable: 'nkbihfbeogaeaoehlefnkodbefgpgknn',
  beta: 'pbbkamfgmaedccnfkmjcofcecjhfgldn',
  flask: 'ljfoeinjpaedjfecbmggjgodbgkmjkjk',
} as const;

/**
 * Which build this is. Vite replaces `import.meta.env.MODE` at build time, so in the production
 * bundle every `DEV_BUILD` branch is dead code: nothing in storage can turn it back on.
 */
export const DEV_BUILD = import.meta.env.MODE === 'development';

export type EndpointField = 'apiBaseUrl' | 'veniceSiteUrl' | 'baseRpcUrl';
export const ENDPOINT_FIELDS: readonly EndpointField[] = ['apiBaseUrl', 'veniceSiteUrl', 'baseRpcUrl'];
export const ENDPOINT_NAMES: Record<EndpointField, string> = {
  apiBaseUrl: 'API base URL',
  veniceSiteUrl: 'Venice site URL',
  baseRpcUrl: 'Base RPC URL',
};
/**
 * The one origin each endpoint may use without an opt-in. Only the API ever receives a key;
 * the site hosts the page wallet and the RPC answers the stake check.
 */
export const OFFICIAL_ORIGINS: Record<EndpointField, string> = {
  apiBaseUrl: 'https://api.venice.ai',
  veniceSiteUrl: 'https://venice.ai',
  baseRpcUrl: 'https://mainnet.base.org',
};
/** How many custom origins the user may allow at once (one per endpoint, and room to switch). */
export const MAX_CUSTOM_ORIGINS = 6;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * The shape of a URL the extension could call: https, or (development build only) plain http
 * to this machine. Whether it may be called is `endpointTrust`'s question.
 */
export function checkServiceUrl(
  raw: string,
  dev: boolean = DEV_BUILD,
): { ok: true; url: string; origin: string } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'That is not a URL.' };
  }
  if (u.username || u.password)
    return { ok: false, reason: 'The URL must not contain a user name or password.' };
  if (u.protocol === 'https:' || (dev && u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname)))
    return { ok: true, url: u.href.replace(/\/+$/, ''), origin: u.origin };
  return { ok: false, reason: 'The URL must start with https://.' };
}

/** An origin a user may allow as a custom endpoint (exactly `scheme://host[:port]`). */
export function isCustomOrigin(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const checked = checkServiceUrl(v);
  return checked.ok && checked.origin === v;
}

export type EndpointTrust =
  | { kind: 'official' }
  /** The development build's local simulator. */
  | { kind: 'simulator' }
  /** An origin the user allowed, warned, with a host permission (still to be checked). */
  | { kind: 'custom'; origin: string }
  | { kind: 'refused'; origin: string | null; reason: string };

/**
 * Who may receive what: each endpoint its official origin; the development build also the
 * simulator on http://127.0.0.1; anything else only an origin the user allowed as a custom
 * endpoint. The production bundle gets `dev: false` from the build itself.
 */
export function endpointTrust(
  field: EndpointField,
  url: string,
  customOrigins: readonly string[],
  dev: boolean = DEV_BUILD,
): EndpointTrust {
  const name = ENDPOINT_NAMES[field];
  const checked = checkServiceUrl(url, dev);
  if (!checked.ok) return { kind: 'refused', origin: null, reason: `${name}: ${checked.reason}` };
  const { origin } = checked;
  if (origin === OFFICIAL_ORIGINS[field]) return { kind: 'official' };
  if (dev && origin.startsWith('http://127.0.0.1') && new URL(origin).hostname === '127.0.0.1')
    return { kind: 'simulator' };
  if (customOrigins.includes(origin)) return { kind: 'custom', origin };
  return {
    kind: 'refused',
    origin,
    reason: `${name}: ${origin} is not ${OFFICIAL_ORIGINS[field]}. Another address can only be used as a custom endpoint you allow in Settings.`,
  };
}

/** The endpoints of these settings that are custom (not Venice's, not the dev simulator). */
export function customEndpointsOf(
  settings: Pick<Settings, EndpointField | 'customOrigins'>,
  dev: boolean = DEV_BUILD,
): { field: EndpointField; name: string; origin: string }[] {
  const out: { field: EndpointField; name: string; origin: string }[] = [];
  for (const field of ENDPOINT_FIELDS) {
    const trust = endpointTrust(field, settings[field], settings.customOrigins, dev);
    if (trust.kind === 'custom') out.push({ field, name: ENDPOINT_NAMES[field], origin: trust.origin });
  }
  return out;
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
    /**
     * Origins the user allowed as custom endpoints (options page, warned, with a host permission).
     * Listing one here is not enough: getSettings also asks the browser for the permission.
     */
    customOrigins: z
      .array(z.string().refine(isCustomOrigin, 'Not an origin'))
      .max(MAX_CUSTOM_ORIGINS)
      .default([]),
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
  customOrigins: [],
  autoLockMinutes: 15,
  managementKeyId: null,
  badgeKeyId: null,
  badge: { currency: 'auto', warnAt: 5, criticalAt: 1, periodMinutes: 5, notifyLow: true },
  wallet: { metamaskExtensionId: METAMASK_IDS.stable },
};

export const settingsItem = storage.defineItem<Settings>(`local:${STORAGE_KEYS.local.settings}`, {
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
  const customOrigins = v.customOrigins === undefined ? [] : v.customOrigins;
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
    !/^[a-p]{32}$/.test(wallet.metamaskExtensionId)
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
  };
}

/**
 * Why an endpoint read from storage was put back to Venice's (shown on the options page until
 * dismissed). Not secret: origins and field names only.
 */
export const endpointNoticeItem = storage.defineItem<{ text: string; at: number } | null>(
  `local:${STORAGE_KEYS.local.endpointNotice}`,
  { fallback: null },
);

/** Asks the browser whether the user granted this origin (an optional host permission). */
export async function hostPermissionGranted(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [`${origin}/*`] });
  } catch {
    return false;
  }
}

export interface EndpointDeps {
  dev: boolean;
  granted: (origin: string) => Promise<boolean>;
}

/**
 * Holds settings read back from storage to the same rule as settings the user saves: an
 * endpoint that is neither Venice's, nor the dev build's simulator, nor a custom origin the
 * user allowed (listed, and its host permission still granted) goes back to Venice's before
 * anything is sent to it, the repair is stored, and the options page says why.
 */
export async function enforceEndpoints(
  settings: Settings,
  deps: EndpointDeps = { dev: DEV_BUILD, granted: hostPermissionGranted },
): Promise<Settings> {
  let out = settings;
  const reasons: string[] = [];
  for (const field of ENDPOINT_FIELDS) {
    const trust = endpointTrust(field, settings[field], settings.customOrigins, deps.dev);
    if (trust.kind === 'official' || trust.kind === 'simulator') continue;
    let reason: string;
    if (trust.kind === 'custom') {
      if (await deps.granted(trust.origin)) continue;
      reason = `${ENDPOINT_NAMES[field]}: access to the custom endpoint ${trust.origin} is no longer granted.`;
    } else reason = trust.reason;
    out = { ...out, [field]: DEFAULT_SETTINGS[field] };
    reasons.push(`${reason} It was set back to ${DEFAULT_SETTINGS[field]}.`);
  }
  if (reasons.length > 0) {
    // Stored repaired, so the notice is said once and a dismissed notice stays dismissed.
    await settingsItem.setValue(out);
    const text = `Settings held an address this extension may not use, so nothing was sent to it. ${reasons.join(' ')}`;
    const previous = await endpointNoticeItem.getValue();
    if (previous?.text !== text) await endpointNoticeItem.setValue({ text, at: Date.now() });
  }
  return out;
}

/** Reads the settings, repairing anything missing or invalid with the defaults; endpoints obey `enforceEndpoints`. */
export async function getSettings(): Promise<Settings> {
  return enforceEndpoints(await readSettings());
}

async function readSettings(): Promise<Settings> {
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
  // customOrigins changes only through lib/settings (useCustomEndpoint), which checks the permission.
  settingsSchema().omit({ badge: true, wallet: true, customOrigins: true }).partial().extend({
    badge: badgeSettingsSchema().partial().optional(),
    wallet: settingsSchema().shape.wallet.partial().optional(),
  }),
);
export type SettingsPatch = z.infer<ReturnType<typeof settingsPatchSchema>>;

export async function updateSettings(patch: SettingsPatch & { customOrigins?: string[] }): Promise<Settings> {
  const current = await getSettings();
  const next: Settings = {
    ...current,
    ...patch,
    badge: { ...current.badge, ...(patch.badge ?? {}) },
    wallet: { ...current.wallet, ...(patch.wallet ?? {}) },
  } as Settings;
  const checked = settingsSchema().parse(next);
  // The last guard before storage: the callers check permissions and give reasons first.
  for (const field of ENDPOINT_FIELDS) {
    const trust = endpointTrust(field, checked[field], checked.customOrigins);
    if (trust.kind === 'refused') throw new AppError('endpoint_not_allowed', trust.reason);
  }
  await settingsItem.setValue(checked);
  return checked;
}
