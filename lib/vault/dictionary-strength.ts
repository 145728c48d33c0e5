/**
 * The dictionary-aware passphrase estimate for the pages where a passphrase is chosen (options
 * page, wallet window). zxcvbn-ts with its common and English dictionaries is large, so it is
 * only ever loaded with `import()` from here (never in the popup, never at a page's start).
 *
 * It tightens the quick estimate in ./strength.ts, never loosens it: a passphrase must pass
 * both, and the lower of the two estimates counts. zxcvbn knows what character classes do not:
 * "Summer2024!!" is a word, a year and two symbols, found after ~10^8 guesses.
 */
import { estimatePassphrase, type PassphraseStrength, type StrengthLabel } from './strength';

/** zxcvbn's guesses below 10^12 (≈ 40 bits) are refused: a fast offline attack finds them. */
export const MIN_GUESSES_LOG10 = 12;

export type StrengthEstimate = (passphrase: string) => PassphraseStrength;

const LABELS: readonly StrengthLabel[] = ['Too weak', 'Fair', 'Good', 'Strong'];

let loading: Promise<StrengthEstimate> | null = null;

/** Loads zxcvbn and its dictionaries once; resolves with the combined estimate. */
export function loadDictionaryEstimate(): Promise<StrengthEstimate> {
  loading ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (passphrase: string) => combine(passphrase, (text) => zxcvbn.check(text));
  })();
  loading.catch(() => {
    loading = null; // a failed chunk load may work next time
  });
  return loading;
}

interface ZxcvbnLike {
  guessesLog10: number;
  feedback: { warning: string | null; suggestions: string[] };
}

/** The quick estimate's verdict, then zxcvbn's; the weaker of the two wins. */
export function combine(passphrase: string, check: (text: string) => ZxcvbnLike): PassphraseStrength {
  const quick = estimatePassphrase(passphrase);
  if (passphrase.length === 0) return quick;
  // zxcvbn's cost grows fast with length; past 100 characters the quick estimate is enough.
  const result = check(passphrase.normalize('NFC').slice(0, 100));
  const dictionaryBits = Math.round(result.guessesLog10 * Math.log2(10));
  const bits = Math.min(quick.bits, dictionaryBits);
  if (!quick.acceptable) return { ...quick, bits };
  if (result.guessesLog10 < MIN_GUESSES_LOG10) {
    const why =
      result.feedback.warning ??
      'It follows a pattern password crackers try early (a word, a year, a few symbols).';
    const hint = result.feedback.suggestions[0] ?? 'Add a few unrelated words.';
    return { score: 0, label: 'Too weak', bits, acceptable: false, reason: `${why} ${hint}` };
  }
  // On zxcvbn's scale (log2 of guesses, lower than the quick estimate's) a 4-word passphrase is ~65.
  const score: PassphraseStrength['score'] = bits < 55 ? 1 : bits < 70 ? 2 : 3;
  return {
    score,
    label: LABELS[score] as StrengthLabel,
    bits,
    acceptable: true,
    reason: score === 1 ? 'Acceptable; a longer passphrase would be stronger.' : null,
  };
}
