/**
 * Which addresses the extension may call, and with what: pure rules, no storage and no browser
 * API, so the options page can check a URL as it is typed and the background holds stored
 * settings to the same rule (lib/settings/service.ts).
 */
import type { Settings } from '@/lib/storage/settings-item';

export const DEFAULT_API_BASE_URL = 'https://api.venice.ai/api/v1';
export const DEFAULT_VENICE_SITE_URL = 'https://venice.ai/';
export const DEFAULT_BASE_RPC_URL = 'https://mainnet.base.org';
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
