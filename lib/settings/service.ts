/**
 * The settings domain's service: settings read back from storage are held to the same rules as
 * settings the user saves (lib/settings/endpoints.ts), and every change is checked before it is
 * stored. Background only.
 */
import { browser } from 'wxt/browser';
import { AppError } from '@/lib/errors';
import {
  DEFAULT_SETTINGS,
  endpointNoticeItem,
  type Settings,
  type SettingsPatch,
  settingsItem,
  settingsSchema,
} from '@/lib/storage/settings-item';
import { DEV_BUILD, ENDPOINT_FIELDS, ENDPOINT_NAMES, endpointTrust } from './endpoints';

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

/**
 * Settings that do not pass their schema keep what is valid field by field, with the defaults for
 * the rest; what is stored stays as it was until the user's next change, and the problem is
 * reported (lib/storage/item.ts).
 */
function readSettings(): Promise<Settings> {
  return settingsItem.getValue();
}

export async function updateSettings(patch: SettingsPatch & { customOrigins?: string[] }): Promise<Settings> {
  const current = await getSettings();
  const next: Settings = {
    ...current,
    ...patch,
    badge: { ...current.badge, ...(patch.badge ?? {}) },
    wallet: { ...current.wallet, ...(patch.wallet ?? {}) },
    perApp: { ...current.perApp, ...(patch.perApp ?? {}) },
    forecastNotice: { ...current.forecastNotice, ...(patch.forecastNotice ?? {}) },
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
