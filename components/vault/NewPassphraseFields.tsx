import './vault.css';
import { signal } from '@preact/signals';
import { useEffect, useId } from 'preact/hooks';
import type { StrengthEstimate } from '@/lib/vault/dictionary-strength';
import { estimatePassphrase, type PassphraseStrength } from '@/lib/vault/strength';
import { StrengthMeter } from './StrengthMeter';

export interface NewPassphrase {
  first: string;
  second: string;
}

export interface NewPassphraseCheck {
  strength: PassphraseStrength;
  matches: boolean;
  /** Why it cannot be used yet, or null when it can. */
  problem: string | null;
}

/**
 * The dictionary-aware estimate (zxcvbn), loaded on demand by the first NewPassphraseFields
 * shown; 'failed' falls back to the quick estimate (the background applies that one anyway).
 */
const dictionary = signal<StrengthEstimate | 'loading' | 'failed' | null>(null);

export const CHECKING_DICTIONARIES = 'Checking it against lists of common passwords…';

/** Starts loading the dictionaries (once); the pages that choose a passphrase call it on mount. */
export function loadPassphraseDictionaries(): void {
  if (dictionary.value !== null && dictionary.value !== 'failed') return;
  dictionary.value = 'loading';
  import('@/lib/vault/dictionary-strength')
    .then((m) => m.loadDictionaryEstimate())
    .then(
      (estimate) => {
        dictionary.value = estimate;
      },
      () => {
        dictionary.value = 'failed';
      },
    );
}

export function checkNewPassphrase(value: NewPassphrase): NewPassphraseCheck {
  const loaded = dictionary.value;
  const strength = typeof loaded === 'function' ? loaded(value.first) : estimatePassphrase(value.first);
  const matches = value.first === value.second;
  let problem: string | null = null;
  if (!strength.acceptable) problem = strength.reason;
  else if (loaded === 'loading' || loaded === null) problem = CHECKING_DICTIONARIES;
  else if (!matches) problem = 'The two passphrases do not match.';
  return { strength, matches, problem };
}

/** A new passphrase typed twice, with a strength meter. Props in, events out. */
export function NewPassphraseFields({
  value,
  onChange,
  label = 'New passphrase',
}: {
  value: NewPassphrase;
  onChange: (next: NewPassphrase) => void;
  label?: string;
}) {
  const meterId = useId();
  useEffect(loadPassphraseDictionaries, []);
  const check = checkNewPassphrase(value);
  return (
    <div class="new-passphrase">
      <label>
        {label}
        <input
          type="password"
          autoComplete="new-password"
          value={value.first}
          aria-describedby={meterId}
          onInput={(e) => onChange({ ...value, first: e.currentTarget.value })}
        />
      </label>
      <StrengthMeter strength={check.strength} id={meterId} />
      <label>
        Repeat the {label.toLowerCase()}
        <input
          type="password"
          autoComplete="new-password"
          value={value.second}
          aria-invalid={value.second !== '' && !check.matches ? true : undefined}
          onInput={(e) => onChange({ ...value, second: e.currentTarget.value })}
        />
      </label>
      {value.second !== '' && !check.matches && <p class="error">The two passphrases do not match.</p>}
    </div>
  );
}
