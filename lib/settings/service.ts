/**
 * The settings domain's service: settings read back from storage are held to the same rules as
 * settings the user saves (lib/settings/endpoints.ts), and every change is checked before it is
 * stored. Background only.
 *
 * `createSettingsService(deps)` takes the stored items, the build and the browser's permission
 * check as deps, so tests run it on fakes; `getSettingsService()` wires the real ones, and
 * `getSettings()` / `updateSettings()` are its two methods for the rest of the background.
 */
import { browser } from 'wxt/browser';
import { AppError } from '@/lib/errors';
import {
  DEFAULT_SETTINGS,
  type EndpointNotice,
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

/** A stored item as the settings service uses it (lib/storage/item.ts's StoredItem has more). */
interface Item<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

export interface SettingsServiceDeps {
  /** The settings in storage; its load fills what is missing or invalid with the defaults. */
  settings: Item<Settings>;
  /** The notice the options page shows after an endpoint was set back. */
  notice: Item<EndpointNotice | null>;
  /** The development build, which may also reach the simulator on 127.0.0.1. */
  dev: boolean;
  /** Whether the user granted this origin (an optional host permission). */
  granted(origin: string): Promise<boolean>;
  now(): number;
}

export type UpdateSettingsInput = SettingsPatch & { customOrigins?: string[] };

export function createSettingsService(deps: SettingsServiceDeps) {
  /**
   * Holds settings read back from storage to the same rule as settings the user saves: an
   * endpoint that is neither Venice's, nor the dev build's simulator, nor a custom origin the
   * user allowed (listed, and its host permission still granted) goes back to Venice's before
   * anything is sent to it, the repair is stored, and the options page says why.
   */
  async function enforceEndpoints(settings: Settings): Promise<Settings> {
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
      await deps.settings.setValue(out);
      const text = `Settings held an address this extension may not use, so nothing was sent to it. ${reasons.join(' ')}`;
      const previous = await deps.notice.getValue();
      if (previous?.text !== text) await deps.notice.setValue({ text, at: deps.now() });
    }
    return out;
  }

  /**
   * Reads the settings. Settings that do not pass their schema keep what is valid field by
   * field, with the defaults for the rest; what is stored stays as it was until the user's next
   * change, and the problem is reported (lib/storage/item.ts). Endpoints obey `enforceEndpoints`.
   */
  async function get(): Promise<Settings> {
    return enforceEndpoints(await deps.settings.getValue());
  }

  /** Applies a change (nested groups merged field by field), checked before anything is stored. */
  async function update(patch: UpdateSettingsInput): Promise<Settings> {
    const current = await get();
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
      const trust = endpointTrust(field, checked[field], checked.customOrigins, deps.dev);
      if (trust.kind === 'refused') throw new AppError('settings.endpoint_not_allowed', trust.reason);
    }
    await deps.settings.setValue(checked);
    return checked;
  }

  return { get, update, enforceEndpoints };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

let service: SettingsService | null = null;

/** The worker's (or page's) one settings service, on the real stored items. */
export function getSettingsService(): SettingsService {
  service ??= createSettingsService({
    settings: settingsItem,
    notice: endpointNoticeItem,
    dev: DEV_BUILD,
    granted: hostPermissionGranted,
    now: () => Date.now(),
  });
  return service;
}

/** The settings, endpoints enforced (see createSettingsService). */
export function getSettings(): Promise<Settings> {
  return getSettingsService().get();
}

export function updateSettings(patch: UpdateSettingsInput): Promise<Settings> {
  return getSettingsService().update(patch);
}
