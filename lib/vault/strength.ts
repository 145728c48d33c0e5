/**
 * A small, dependency-free passphrase strength estimate, shared by the options page (the
 * meter, as the user types) and the background (which refuses weak passphrases whatever the
 * page says). It is deliberately conservative and explains itself: every refusal has a reason.
 *
 * The estimate: characters drawn from the classes present give a pool; the length counts
 * minus runs, repeats and keyboard/alphabet sequences; well-known passwords inside the
 * passphrase count as a few bits instead of their length. Good enough to refuse
 * "password1234" and "aaaaaaaaaaaa" and accept four random words; not a cracking model.
 */

export const MIN_PASSPHRASE_LENGTH = 12;
/** Below this estimate a passphrase is refused. */
export const MIN_ACCEPTED_BITS = 50;

export type StrengthLabel = 'Too weak' | 'Fair' | 'Good' | 'Strong';

export interface PassphraseStrength {
  /** 0 = refused, 1 fair, 2 good, 3 strong. */
  score: 0 | 1 | 2 | 3;
  label: StrengthLabel;
  /** Rough entropy estimate in bits. */
  bits: number;
  acceptable: boolean;
  /** Why it is refused (or what would make it stronger); null when nothing to say. */
  reason: string | null;
}

/** A few of the most used passwords and words; lower case. */
const COMMON = [
  'password',
  'passw0rd',
  'passphrase',
  'qwerty',
  'qwertz',
  'azerty',
  'letmein',
  'iloveyou',
  'welcome',
  'admin',
  'administrator',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'master',
  'shadow',
  'superman',
  'trustno1',
  'secret',
  'changeme',
  'default',
  'venice',
  'veniceai',
  'apikey',
  'login',
  'abc123',
  'test',
];

const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function poolSize(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[ ]/.test(text)) pool += 1;
  if (/[!-/:-@[-`{-~]/.test(text)) pool += 32;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any character outside printable ASCII
  if (/[^\x00-\x7f]/.test(text)) pool += 100;
  return Math.max(pool, 1);
}

/**
 * Characters that add (almost) nothing: the 3rd+ of a run, steps of an ascending/descending
 * sequence, and the rest of a chunk seen before.
 */
function predictableCount(text: string): number {
  const lower = text.toLowerCase();
  let predictable = 0;
  for (let i = 2; i < lower.length; i++) {
    const a = lower[i - 2] as string;
    const b = lower[i - 1] as string;
    const c = lower[i] as string;
    if (a === b && b === c) {
      predictable++;
      continue;
    }
    const inSequence = SEQUENCES.some((seq) => {
      const forward = seq.includes(a + b + c);
      const backward = seq.includes(c + b + a);
      return forward || backward;
    });
    if (inSequence) {
      predictable++;
      continue;
    }
    // A repeated chunk ("hellohello"): the trigram ending here already appeared earlier.
    if (lower.slice(0, i - 2).includes(a + b + c)) predictable++;
  }
  return predictable;
}

export function estimatePassphrase(passphrase: string): PassphraseStrength {
  const text = passphrase.normalize('NFC');
  const length = [...text].length;
  const lower = text.toLowerCase();

  const commonFound = COMMON.filter((word) => lower.includes(word));
  let effective = length - predictableCount(text);
  // A common word is worth ~10 bits, not its length.
  let bonusBits = 0;
  for (const word of commonFound) {
    effective -= word.length;
    bonusBits += 10;
  }
  const distinct = new Set(lower).size;
  // Few distinct characters cap the estimate however long the text is.
  effective = Math.min(Math.max(effective, 0), distinct * 3);
  const bits = Math.round(effective * Math.log2(poolSize(text)) + bonusBits);

  let reason: string | null = null;
  if (length === 0) reason = 'Type a passphrase.';
  else if (length < MIN_PASSPHRASE_LENGTH)
    reason = `Use at least ${MIN_PASSPHRASE_LENGTH} characters (this one has ${length}).`;
  else if (distinct <= 3) reason = 'It repeats the same few characters.';
  else if (commonFound.length > 0 && bits < MIN_ACCEPTED_BITS)
    reason = `It is built on a well-known password (“${commonFound[0]}”).`;
  else if (bits < MIN_ACCEPTED_BITS)
    reason = 'It is too predictable. Add a few unrelated words, or mix in digits and symbols.';

  const acceptable = reason === null;
  const score: PassphraseStrength['score'] = !acceptable ? 0 : bits < 65 ? 1 : bits < 85 ? 2 : 3;
  const label: StrengthLabel = (['Too weak', 'Fair', 'Good', 'Strong'] as const)[score];
  if (acceptable && score === 1) reason = 'Acceptable; a longer passphrase would be stronger.';
  return { score, label, bits, acceptable, reason };
}
