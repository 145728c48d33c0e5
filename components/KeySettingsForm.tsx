import { useId } from 'preact/hooks';
import {
  DESCRIPTION_MAX,
  type ExpiryMode,
  type KeySettingsDraft,
  type KeySettingsErrors,
  type KeySettingsMode,
  LIMIT_PERIOD_LABELS,
  MODEL_PRIVACY_LABELS,
} from '@/lib/keys/key-settings';
import type { ApiKeyType, LimitPeriod, ModelPrivacy } from '@/lib/venice/types';
import './KeySettingsForm.css';

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
        <label>
          USD cap{' '}
          <input
            type="text"
            inputMode="decimal"
            value={value.usdCap}
            placeholder="no cap"
            size={10}
            aria-invalid={Boolean(errors.usdCap)}
            aria-describedby={describedBy(errors.usdCap && errorId('usd'))}
            onInput={(e) => set('usdCap', e.currentTarget.value)}
          />
        </label>
        <label>
          DIEM cap{' '}
          <input
            type="text"
            inputMode="decimal"
            value={value.diemCap}
            placeholder="no cap"
            size={10}
            aria-invalid={Boolean(errors.diemCap)}
            aria-describedby={describedBy(errors.diemCap && errorId('diem'))}
            onInput={(e) => set('diemCap', e.currentTarget.value)}
          />
        </label>
        {errors.usdCap && (
          <span id={errorId('usd')} class="error" role="alert">
            {errors.usdCap}
          </span>
        )}
        {errors.diemCap && (
          <span id={errorId('diem')} class="error" role="alert">
            {errors.diemCap}
          </span>
        )}
        <span class="muted">Empty = no cap. The USD cap also covers bundled and earned credits.</span>
      </div>

      <div class="key-settings__row">
        <label class="key-settings__label" for={fieldId('period')}>
          Limit period
        </label>
        <select
          id={fieldId('period')}
          value={value.limitPeriod}
          onChange={(e) => set('limitPeriod', e.currentTarget.value as LimitPeriod)}
        >
          {(Object.keys(LIMIT_PERIOD_LABELS) as LimitPeriod[]).map((p) => (
            <option key={p} value={p}>
              {LIMIT_PERIOD_LABELS[p]}
            </option>
          ))}
        </select>
        {!hasCap && <span class="muted">Applies to the caps above.</span>}
      </div>

      <div class="key-settings__row">
        <label class="key-settings__label" for={fieldId('privacy')}>
          Model privacy
        </label>
        <select
          id={fieldId('privacy')}
          value={value.modelPrivacy}
          onChange={(e) => set('modelPrivacy', e.currentTarget.value as ModelPrivacy)}
        >
          {(Object.keys(MODEL_PRIVACY_LABELS) as ModelPrivacy[]).map((p) => (
            <option key={p} value={p}>
              {MODEL_PRIVACY_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
