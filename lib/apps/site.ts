/**
 * Per-app keys (issue 17): which pages a key may be filled into, what the key is called, and what
 * it starts with. Pure: no browser, no zod (the confirm window and the popup import it).
 */
import type { KeySettingsDraft } from '@/lib/keys/key-settings';
import type { PerAppSettings } from '@/lib/storage/settings-item';
import { DESCRIPTION_MAX } from '@/lib/venice/validation';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

export type SiteCheck =
  | { ok: true; origin: string; host: string }
  | { ok: false; code: 'apps.no_address' | 'apps.insecure_page' | 'apps.not_a_web_page'; reason: string };

/**
 * A key may go only to an https page; the development build also to a page on this machine over
 * plain http (the e2e tests' own pages), as lib/settings/endpoints's DEV_BUILD rule allows for the
 * simulator. Anything else, the extension's own pages included, is refused with the reason.
 */
export function checkFillSite(url: string | undefined | null, dev: boolean): SiteCheck {
  if (!url)
    return {
      ok: false,
      code: 'apps.no_address',
      reason: 'The extension cannot see this tab’s address. Reload the page and try again from the field.',
    };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return {
      ok: false,
      code: 'apps.no_address',
      reason: 'This tab has no address a key could be filled into.',
    };
  }
  if (u.protocol === 'https:') return { ok: true, origin: u.origin, host: u.host };
  if (u.protocol === 'http:') {
    if (dev && LOOPBACK_HOSTS.has(u.hostname)) return { ok: true, origin: u.origin, host: u.host };
    return {
      ok: false,
      code: 'apps.insecure_page',
      reason: `${u.host} is not a secure page (http://). Anyone on the network could read a key filled in here, so none was made. Open the site over https:// and try again.`,
    };
  }
  if (u.protocol === 'chrome-extension:' || u.protocol === 'moz-extension:')
    return {
      ok: false,
      code: 'apps.not_a_web_page',
      reason:
        'Keys are filled into web pages, not into extension pages. Open the app’s site and use Fill there.',
    };
  return {
    ok: false,
    code: 'apps.not_a_web_page',
    reason: 'Keys are filled only into web pages (https://). This page is not one.',
  };
}

/**
 * The key's name: the site's host, as Venice allows it (64 characters). A longer host keeps its
 * end, where the registrable domain is, behind an ellipsis.
 */
export function keyNameForSite(host: string): string {
  const chars = [...host];
  if (chars.length <= DESCRIPTION_MAX) return host;
  return `…${chars.slice(chars.length - (DESCRIPTION_MAX - 1)).join('')}`;
}

/** YYYY-MM-DD of the UTC day `days` after `now`. */
function utcDayAfter(now: number, days: number): string {
  return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}

/** The confirm window's starting form: an INFERENCE key named after the site, with the defaults. */
export function perAppDraft(defaults: PerAppSettings, host: string, now: number): KeySettingsDraft {
  return {
    apiKeyType: 'INFERENCE',
    description: keyNameForSite(host),
    expiryMode: defaults.expiryDays === null ? 'none' : 'date',
    expiryDate: defaults.expiryDays === null ? '' : utcDayAfter(now, defaults.expiryDays),
    expiryTime: '',
    usdCap: defaults.usdCap === null ? '' : String(defaults.usdCap),
    diemCap: defaults.diemCap === null ? '' : String(defaults.diemCap),
    limitPeriod: defaults.limitPeriod,
    modelPrivacy: defaults.modelPrivacy,
  };
}

/** The host of an origin (`https://app.example.com` → `app.example.com`), or the text as it is. */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** What a field the user pointed at may be: only these take a key. */
export type FieldKind = 'text' | 'password' | 'search' | 'textarea';
