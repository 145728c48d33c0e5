import { useId } from 'preact/hooks';
import {
  DESCRIPTION_MAX,
  type ExpiryMode,
  type KeySettingsDraft,
  type KeySettingsErrors,
  type KeySettingsMode,
} from '@/lib/keys/key-settings';
import type { ApiKeyType } from '@/lib/venice/types';
import { CapField, LimitPeriodSelect, ModelPrivacySelect } from './KeyLimitFields';
import './KeySettingsForm.css';

/** The two caps, in form order, and the id suffix of each one's message. */
const CAPS = [
  { field: 'usdCap', label: 'USD cap', error: 'usd' },
  { field: 'diemCap', label: 'DIEM cap', error: 'diem' },
] as const;

export interface KeySettingsFormProps {
  value: KeySettingsDraft;
  /**
   * Every edit, with the whole next draft and the one field the user changed. A parent whose
   * value can change under the form (a late restore) applies just `field` to its latest state.
   */
  onChange: (next: KeySettingsDraft, field: keyof KeySettingsDraft) => void;
  mode: KeySettingsMode;
  /** Messages to show beside their fields (usually `validateKeySettings` after a submit attempt). */
  errors?: KeySettingsErrors;
  disabled?: boolean;
}

/**
 * A key's settings: type, description (live 64-character counter), expiry (none / date /
 * date and time, UTC), USD and DIEM caps, limit period and model privacy. Props in, events out;
 * the parent owns the <form>, the submit button and what happens on submit.
 */
export function KeySettingsForm({
  value,
  onChange,
  mode,
  errors = {},
  disabled = false,
}: KeySettingsFormProps) {
  const id = useId();
  const set = <K extends keyof KeySettingsDraft>(field: K, v: KeySettingsDraft[K]) =>
    onChange({ ...value, [field]: v }, field);
  const fieldId = (name: string) => `${id}-${name}`;
  const errorId = (name: string) => `${id}-${name}-error`;
  const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

  const length = value.description.length;
  const tooLong = length > DESCRIPTION_MAX;
  const hasCap = value.usdCap.trim() !== '' || value.diemCap.trim() !== '';

  return (
    <fieldset class="key-settings" disabled={disabled}>
      <legend class="visually-hidden">Key settings</legend>

      {mode === 'edit' ? (
        <p class="key-settings__row">
          <span class="key-settings__label">Type</span> <strong>{value.apiKeyType}</strong>{' '}
          <span class="muted">(cannot be changed)</span>
        </p>
      ) : (
        <fieldset class="key-settings__row key-settings__group">
          <legend class="key-settings__label">Type</legend>
          {(['INFERENCE', 'ADMIN'] as ApiKeyType[]).map((type) => (
            <label key={type} class="key-settings__choice">
              <input
                type="radio"
                name={fieldId('type')}
                value={type}
                checked={value.apiKeyType === type}
                onChange={() => set('apiKeyType', type)}
              />{' '}
              {type === 'INFERENCE' ? 'Inference (calls models)' : 'Admin (manages keys and billing)'}
            </label>
          ))}
        </fieldset>
      )}

      <div class="key-settings__row">
        <label class="key-settings__label" for={fieldId('description')}>
          Description{mode === 'mint' ? ' (optional)' : ''}
        </label>
        <input
          id={fieldId('description')}
          type="text"
          value={value.description}
          autoComplete="off"
          spellcheck={false}
          placeholder={mode === 'mint' ? 'Web3 API Key' : 'e.g. my-app production'}
          aria-invalid={tooLong || Boolean(errors.description)}
          aria-describedby={describedBy(
            fieldId('description-count'),
            errors.description && errorId('description'),
          )}
          onInput={(e) => set('description', e.currentTarget.value)}
        />
        <span
          id={fieldId('description-count')}
          class={tooLong ? 'key-settings__count error' : 'key-settings__count muted'}
        >
          {length}/{DESCRIPTION_MAX} characters
        </span>
        {errors.description && (
          <span id={errorId('description')} class="error" role="alert">
            {errors.description}
          </span>
        )}
      </div>

      <fieldset class="key-settings__row key-settings__group">
        <legend class="key-settings__label">Expiry (UTC)</legend>
        <div class="key-settings__choices">
          {(
            [
              ['none', 'No expiry'],
              ['date', 'Date only'],
              ['datetime', 'Date and time'],
            ] as [ExpiryMode, string][]
          ).map(([option, label]) => (
            <label key={option} class="key-settings__choice">
              <input
                type="radio"
                name={fieldId('expiry-mode')}
                value={option}
                checked={value.expiryMode === option}
                onChange={() => set('expiryMode', option)}
              />{' '}
              {label}
            </label>
          ))}
        </div>
        {value.expiryMode !== 'none' && (
          <div class="key-settings__inline">
            <label>
              Expiry date (UTC){' '}
              <input
                type="date"
                value={value.expiryDate}
                aria-invalid={Boolean(errors.expiry)}
                aria-describedby={describedBy(errors.expiry && errorId('expiry'))}
                onInput={(e) => set('expiryDate', e.currentTarget.value)}
              />
            </label>
            {value.expiryMode === 'datetime' && (
              <label>
                Expiry time (UTC){' '}
                <input
                  type="time"
                  value={value.expiryTime}
                  aria-invalid={Boolean(errors.expiry)}
                  aria-describedby={describedBy(errors.expiry && errorId('expiry'))}
                  onInput={(e) => set('expiryTime', e.currentTarget.value)}
                />
              </label>
            )}
          </div>
        )}
        {errors.expiry && (
          <span id={errorId('expiry')} class="error" role="alert">
            {errors.expiry}
          </span>
        )}
      </fieldset>

      <div class="key-settings__row key-settings__caps">
        {CAPS.map(({ field, label, error }) => (
          <CapField
            key={field}
            label={label}
            value={value[field]}
            placeholder="no cap"
            size={10}
            invalid={Boolean(errors[field])}
            describedBy={describedBy(errors[field] && errorId(error))}
            onInput={(v) => set(field, v)}
          />
        ))}
        {CAPS.map(
          ({ field, error }) =>
            errors[field] && (
              <span key={field} id={errorId(error)} class="error" role="alert">
                {errors[field]}
              </span>
            ),
        )}
        <span class="muted">Empty = no cap. The USD cap also covers bundled and earned credits.</span>
      </div>

      <div class="key-settings__row">
        <label class="key-settings__label" for={fieldId('period')}>
          Limit period
        </label>
        <LimitPeriodSelect
          id={fieldId('period')}
          value={value.limitPeriod}
          onChange={(v) => set('limitPeriod', v)}
        />
        {!hasCap && <span class="muted">Applies to the caps above.</span>}
      </div>

      <div class="key-settings__row">
        <label class="key-settings__label" for={fieldId('privacy')}>
          Model privacy
        </label>
        <ModelPrivacySelect
          id={fieldId('privacy')}
          value={value.modelPrivacy}
          onChange={(v) => set('modelPrivacy', v)}
        />
      </div>
    </fieldset>
  );
}
