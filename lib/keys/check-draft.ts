import { KeySettingsInvalidError } from './errors';
import { hasErrors, type KeySettingsDraft, validateKeySettings } from './key-settings';

/** The form's own rules, checked again in the background: a page's check is a courtesy, not a guard. */
export function checkDraft(
  draft: KeySettingsDraft,
  mode: 'create' | 'edit',
  now: number,
  original?: KeySettingsDraft,
): void {
  const errors = validateKeySettings(draft, mode, { now, ...(original ? { original } : {}) });
  if (hasErrors(errors)) throw new KeySettingsInvalidError(errors as Record<string, string>);
}
