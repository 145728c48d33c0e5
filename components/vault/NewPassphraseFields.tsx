import './vault.css';
import { useId } from 'preact/hooks';
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

export function checkNewPassphrase(value: NewPassphrase): NewPassphraseCheck {
  const strength = estimatePassphrase(value.first);
  const matches = value.first === value.second;
  let problem: string | null = null;
  if (!strength.acceptable) problem = strength.reason;
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
