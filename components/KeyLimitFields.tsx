/**
 * The fields a key's settings (KeySettingsForm) and the per-app defaults (options page) share: a
 * spending cap, the limit period and model privacy. One definition, so the two forms offer the
 * same choices with the same labels and input modes; each form keeps its own layout and order.
 */
import type { ComponentChildren } from 'preact';
import { LIMIT_PERIOD_LABELS, MODEL_PRIVACY_LABELS } from '@/lib/keys/key-settings';
import type { LimitPeriod, ModelPrivacy } from '@/lib/venice/types';

export interface CapFieldProps {
  /** The visible label, which names the input ("USD cap"). */
  label: ComponentChildren;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  size?: number;
  invalid?: boolean;
  /** The id of the message that explains an invalid value. */
  describedBy?: string;
}

/** A cap in USD or DIEM, typed as text (empty: no cap); parsed by `parseCap`. */
export function CapField({ label, value, onInput, placeholder, size, invalid, describedBy }: CapFieldProps) {
  return (
    <label>
      {label}{' '}
      <input
        type="text"
        inputMode="decimal"
        value={value}
        placeholder={placeholder}
        size={size}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}

interface ChoiceSelectProps<T extends string> {
  /** For a `<label for>` elsewhere in the form; not needed with `label`. */
  id?: string;
  /** A label wrapped around the select, which names it. */
  label?: ComponentChildren;
  value: T;
  onChange: (value: T) => void;
}

function choiceSelect<T extends string>(labels: Record<T, string>) {
  return function ChoiceSelect({ id, label, value, onChange }: ChoiceSelectProps<T>) {
    const options = (Object.keys(labels) as T[]).map((option) => (
      <option key={option} value={option}>
        {labels[option]}
      </option>
    ));
    const change = (e: { currentTarget: HTMLSelectElement }) => onChange(e.currentTarget.value as T);
    if (label === undefined)
      return (
        <select id={id} value={value} onChange={change}>
          {options}
        </select>
      );
    return (
      <label>
        {label}{' '}
        <select id={id} value={value} onChange={change}>
          {options}
        </select>
      </label>
    );
  };
}

/** Day, month or year: the period the caps apply to. */
export const LimitPeriodSelect = choiceSelect<LimitPeriod>(LIMIT_PERIOD_LABELS);

/** Which models the key may call. */
export const ModelPrivacySelect = choiceSelect<ModelPrivacy>(MODEL_PRIVACY_LABELS);
