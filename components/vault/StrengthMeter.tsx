import type { PassphraseStrength } from '@/lib/vault/strength';

/** A bar and a sentence: how strong the passphrase is, and why it is refused if it is. */
export function StrengthMeter({ strength, id }: { strength: PassphraseStrength; id?: string }) {
  return (
    <div class={`strength strength-${strength.score}`} id={id}>
      <meter
        min={0}
        max={3}
        low={1}
        high={2}
        optimum={3}
        value={strength.score}
        aria-label="Passphrase strength"
        aria-valuetext={strength.label}
      />
      <span class="strength-label">
        Strength: <strong>{strength.label}</strong>
        {strength.reason ? ` — ${strength.reason}` : ''}
      </span>
    </div>
  );
}
