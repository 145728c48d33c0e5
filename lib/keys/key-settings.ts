/**
 * The model behind `KeySettingsForm`: what the user is typing (kept as strings, so a half-typed
 * draft survives a closed popup exactly as it was), its validation, and the conversion into the
 * Venice request bodies. Pure: no browser, no zod (this ships in the popup bundle).
 */
import type {
  ApiKey,
  CreateApiKeyInput,
  LimitPeriod,
  ModelPrivacy,
  UpdateApiKeyInput,
} from '@/lib/venice/types';
import {
  DESCRIPTION_MAX,
  isApiKeyType,
  isLimitPeriod,
  isModelPrivacy,
  validateConsumptionLimit,
  validateDescription,
  validateExpiresAt,
} from '@/lib/venice/validation';
import { defaultKeySettings, type KeySettingsDraft } from './key-settings-draft';

export type { ExpiryMode, KeySettingsDraft } from './key-settings-draft';

/**
 * create: POST /api_keys. edit: PATCH (type is immutable). mint: the web3 flow, where the
 * description is optional (Venice names it "Web3 API Key").
 */
export type KeySettingsMode = 'create' | 'edit' | 'mint';

export type KeySettingsField = 'description' | 'expiry' | 'usdCap' | 'diemCap';
export type KeySettingsErrors = Partial<Record<KeySettingsField, string>>;

export { DESCRIPTION_MAX, defaultKeySettings };

/** The form's starting point when editing an existing key. */
export function keySettingsFromKey(key: ApiKey): KeySettingsDraft {
  const draft: KeySettingsDraft = {
    ...defaultKeySettings(),
    // A value Venice added later cannot be chosen in the form; the form's default stands in.
    // apiKeyType is never sent on edit, and a default left untouched is not sent either.
    apiKeyType: isApiKeyType(key.apiKeyType) ? key.apiKeyType : 'INFERENCE',
    description: key.description,
    usdCap: key.consumptionLimits.usd === null ? '' : String(key.consumptionLimits.usd),
    diemCap: key.consumptionLimits.diem === null ? '' : String(key.consumptionLimits.diem),
    limitPeriod: isLimitPeriod(key.limitPeriod) ? key.limitPeriod : 'EPOCH',
    modelPrivacy: isModelPrivacy(key.modelPrivacy) ? key.modelPrivacy : 'ALL',
  };
  if (key.expiresAt) {
    const ms = Date.parse(key.expiresAt);
    if (Number.isFinite(ms)) {
      const iso = new Date(ms).toISOString(); // 2026-01-31T12:34:56.000Z
      const time = iso.slice(11, 19);
      draft.expiryDate = iso.slice(0, 10);
      if (time === '00:00:00') draft.expiryMode = 'date';
      else {
        draft.expiryMode = 'datetime';
        draft.expiryTime = time.endsWith(':00') ? time.slice(0, 5) : time;
      }
    }
  }
  return draft;
}

/**
 * What of a key's settings the form cannot hold, so that a copy (a rotation's replacement) would
 * quietly loosen it: a type, limit period or model privacy Venice added after this version (the
 * form's default stands in), an expiry Venice sent unreadable (the copy would never expire).
 * Nothing when every setting copies as it is. `null` (Venice did not say) is Venice's default both
 * ways: the form's default is not sent, so Venice applies its own again.
 */
export function uncopiableSettings(key: ApiKey): string[] {
  const odd: string[] = [];
  if (!isApiKeyType(key.apiKeyType)) odd.push(`type “${key.apiKeyType}”`);
  if (key.limitPeriod !== null && !isLimitPeriod(key.limitPeriod))
    odd.push(`limit period “${key.limitPeriod}”`);
  if (key.modelPrivacy !== null && !isModelPrivacy(key.modelPrivacy))
    odd.push(`model privacy “${key.modelPrivacy}”`);
  if (key.expiresAt !== null && !Number.isFinite(Date.parse(key.expiresAt)))
    odd.push('expiry date (Venice sent one this extension cannot read)');
  return odd;
}

/** The draft's expiry as Venice takes it: '' (none), YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ. */
export function expiresAtOf(draft: KeySettingsDraft): string {
  if (draft.expiryMode === 'none') return '';
  const date = draft.expiryDate.trim();
  if (draft.expiryMode === 'date') return date;
  const time = draft.expiryTime.trim();
  const withSeconds = /^\d{2}:\d{2}$/.test(time) ? `${time}:00` : time;
  return `${date}T${withSeconds}Z`;
}

/** '' → null (no cap); otherwise a number in Venice's range, or an error message. */
export function parseCap(
  raw: string,
  currency: 'USD' | 'DIEM',
): { ok: true; value: number | null } | { ok: false; message: string } {
  const text = raw.trim().replace(/^\$/, '');
  if (text === '') return { ok: true, value: null };
  if (!/^\d+(\.\d+)?$/.test(text))
    return {
      ok: false,
      message: `The ${currency} cap must be a number like 25 or 12.5 (or empty for no cap).`,
    };
  const value = Number(text);
  const check = validateConsumptionLimit(value);
  if (!check.ok) return { ok: false, message: `${currency} cap: ${check.reason}` };
  return { ok: true, value };
}

/**
 * Everything Venice would refuse, found before sending. `now` is injectable for tests. An expiry
 * that is unchanged while editing is not judged again (an old key may carry any past value).
 */
export function validateKeySettings(
  draft: KeySettingsDraft,
  mode: KeySettingsMode,
  options: { original?: KeySettingsDraft; now?: number } = {},
): KeySettingsErrors {
  const errors: KeySettingsErrors = {};
  const description = validateDescription(draft.description);
  if (!description.ok) errors.description = description.reason;
  else if (mode !== 'mint' && draft.description.trim() === '')
    errors.description = 'Give the key a description, so you can recognise it later.';

  const expiryChanged = !options.original || expiresAtOf(options.original) !== expiresAtOf(draft);
  if (draft.expiryMode !== 'none' && expiryChanged) {
    const expiresAt = expiresAtOf(draft);
    if (draft.expiryDate.trim() === '') errors.expiry = 'Choose an expiry date, or “No expiry”.';
    else if (draft.expiryMode === 'datetime' && draft.expiryTime.trim() === '')
      errors.expiry = 'Choose an expiry time (UTC), or “Date only”.';
    else {
      const check = validateExpiresAt(expiresAt);
      if (!check.ok) errors.expiry = check.reason;
      else if (Date.parse(expiresAt) <= (options.now ?? Date.now()))
        errors.expiry = 'The expiry is in the past. Choose a later date (times are UTC).';
    }
  }
  const usd = parseCap(draft.usdCap, 'USD');
  if (!usd.ok) errors.usdCap = usd.message;
  const diem = parseCap(draft.diemCap, 'DIEM');
  if (!diem.ok) errors.diemCap = diem.message;
  return errors;
}

export function hasErrors(errors: KeySettingsErrors): boolean {
  return Object.values(errors).some((m) => typeof m === 'string' && m.length > 0);
}

function capValue(raw: string): number | null {
  const parsed = parseCap(raw, 'USD');
  if (!parsed.ok) throw new Error('validate the draft before converting it');
  return parsed.value;
}

/**
 * POST /api_keys body from a valid draft. Optional fields are sent only when they say something
 * (FACTS §6.4: modelPrivacy only when the user chose one other than the default).
 */
export function toCreateInput(draft: KeySettingsDraft): CreateApiKeyInput {
  const input: CreateApiKeyInput = {
    apiKeyType: draft.apiKeyType,
    description: draft.description.trim(),
    limitPeriod: draft.limitPeriod,
  };
  const expiresAt = expiresAtOf(draft);
  if (expiresAt !== '') input.expiresAt = expiresAt;
  const usd = capValue(draft.usdCap);
  const diem = capValue(draft.diemCap);
  if (usd !== null || diem !== null) {
    input.consumptionLimit = {};
    if (usd !== null) input.consumptionLimit.usd = usd;
    if (diem !== null) input.consumptionLimit.diem = diem;
  }
  if (draft.modelPrivacy !== 'ALL') input.modelPrivacy = draft.modelPrivacy;
  return input;
}

/** Same instant? ('' = none; a date alone means that day's 00:00 UTC). */
function sameExpiry(a: string, b: string): boolean {
  if (a === '' || b === '') return a === b;
  return Date.parse(a) === Date.parse(b);
}

/**
 * PATCH /api_keys body holding only what changed between `original` and `draft`, or null when
 * nothing did. Removing an expiry sends `null`; removing a cap sends that cap as `null`.
 */
export function toUpdateInput(
  id: string,
  original: KeySettingsDraft,
  draft: KeySettingsDraft,
): UpdateApiKeyInput | null {
  const patch: UpdateApiKeyInput = { id };
  let changed = false;
  if (draft.description.trim() !== original.description.trim()) {
    patch.description = draft.description.trim();
    changed = true;
  }
  const before = expiresAtOf(original);
  const after = expiresAtOf(draft);
  if (!sameExpiry(before, after)) {
    patch.expiresAt = after === '' ? null : after;
    changed = true;
  }
  const usdBefore = capValue(original.usdCap);
  const usdAfter = capValue(draft.usdCap);
  const diemBefore = capValue(original.diemCap);
  const diemAfter = capValue(draft.diemCap);
  if (usdBefore !== usdAfter || diemBefore !== diemAfter) {
    patch.consumptionLimit = {};
    if (usdBefore !== usdAfter) patch.consumptionLimit.usd = usdAfter;
    if (diemBefore !== diemAfter) patch.consumptionLimit.diem = diemAfter;
    changed = true;
  }
  if (draft.limitPeriod !== original.limitPeriod) {
    patch.limitPeriod = draft.limitPeriod;
    changed = true;
  }
  if (draft.modelPrivacy !== original.modelPrivacy) {
    patch.modelPrivacy = draft.modelPrivacy;
    changed = true;
  }
  return changed ? patch : null;
}

export const LIMIT_PERIOD_LABELS: Record<LimitPeriod, string> = {
  EPOCH: 'Daily (resets 00:00 UTC)',
  MONTH: 'Monthly (resets on the 1st, 00:00 UTC)',
  LIFETIME: 'Lifetime (never resets)',
};

export const MODEL_PRIVACY_LABELS: Record<ModelPrivacy, string> = {
  ALL: 'All models',
  PRIVATE_TEXT: 'Private text models only',
  PRIVATE_ONLY: 'Private models only',
};
