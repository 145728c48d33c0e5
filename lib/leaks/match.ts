/**
 * Finding Venice key secrets in text a user selected or a page shows, and telling which are this
 * account's. Pure: no browser, no storage; the caller passes the cached key list, the vault's
 * secret digests and a SHA-256 function.
 *
 * Why not one regular expression: keys are pasted into chats and issues, where a terminal wraps
 * them, a Markdown quote puts `> ` before each line and inline code puts backticks around each
 * piece. A pattern that allows all that between any two characters backtracks badly on hostile
 * text (a page is hostile text). This is one left-to-right scan: every character is looked at a
 * bounded number of times, which `ScanStats` counts so a test can hold it to that.
 *
 * A line break inside a key is ambiguous: `KEY_abc⏎echo done` is either a key followed by a
 * command or a wrapped key. So a candidate carries every reading (its one-line form, then with
 * one more line joined, …) and the matcher takes the reading that is a known key; a reading
 * that is nobody's is reported in its one-line form.
 */

export type LeakKeyType = 'ADMIN' | 'INFERENCE';

export const KEY_PREFIXES: Readonly<Record<LeakKeyType, string>> = {
  ADMIN: 'VENICE_ADMIN_KEY_',
  INFERENCE: 'VENICE_INFERENCE_KEY_',
};
/** What every prefix starts with; a body that reaches it again holds the start of the next key. */
const COMMON = 'VENICE_';
const PREFIX_LIST: readonly [LeakKeyType, string][] = [
  ['ADMIN', KEY_PREFIXES.ADMIN],
  ['INFERENCE', KEY_PREFIXES.INFERENCE],
];

/** The shortest body (after the prefix) and longest whole key we take for a key (as the vault's paste check). */
export const KEY_BODY_MIN = 16;
export const KEY_TOTAL_MAX = 256;
/** Line breaks a key may be wrapped across (a 60-character key in a 16-column terminal). */
export const MAX_JOINS = 4;
/** Candidates kept from one text; beyond it they are only counted. */
export const MAX_CANDIDATES = 1000;

export interface KeyCandidate {
  type: LeakKeyType;
  /**
   * The key's possible readings, shortest first: the first stops at the first line break after
   * the body starts, each next one joins one more wrapped line. Each is a whole key, prefix included.
   */
  readings: string[];
  /**
   * Per reading: true when it joined across a space rather than a line break. Chrome's selection
   * text has spaces where the line breaks were, so such a reading may be a wrapped key; but
   * `KEY_abc and` is more often a key and a word, so it is used only when it is a known key.
   */
  soft: boolean[];
  /** Where the prefix starts in the text (UTF-16 index). */
  start: number;
}

export interface FindResult {
  candidates: KeyCandidate[];
  /** Candidates past MAX_CANDIDATES, counted, not kept. */
  dropped: number;
}

/** How much work a scan did; tests hold `steps` to a small multiple of the text's length. */
export interface ScanStats {
  steps: number;
}

/** Character codes the scanner compares against. */
const Ch = { Tab: 9, LF: 10, CR: 13, Space: 32, Gt: 62, Backtick: 96, Dot: 46 } as const;

/** Characters of a key's body: base64url and the few others a pasted key may hold (as lib/venice/validation). */
function isBodyChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 95 || // _
    c === 45 || // -
    c === 46 || // .
    c === 126 || // ~
    c === 43 || // +
    c === 47 || // /
    c === 61 // =
  );
}

/** A character that, just before `VENICE_`, makes it part of a longer word (`MY_VENICE_ADMIN_KEY_…`). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Invisible characters a page can slip into a key to break naive matching; skipped inside one. */
function isInvisible(c: number): boolean {
  return c === 0x00ad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
}

/**
 * At `i`, a break that a wrapped key may continue across: closing backticks and spaces, at most
 * one line break, then indentation, `>` quote markers and opening backticks. Returns the index
 * after it, or -1. A line break alone counts, and so does a run of spaces: Chrome's
 * `selectionText` turns every line break of a selection into a space (crbug.com/116429). A blank
 * line (a second break) is a paragraph's end, not a wrap.
 */
function skipWrap(text: string, i: number, stats: ScanStats, crossed: { newline: boolean }): number {
  const n = text.length;
  let j = i;
  while (
    j < n &&
    (text.charCodeAt(j) === Ch.Backtick || text.charCodeAt(j) === Ch.Space || text.charCodeAt(j) === Ch.Tab)
  )
    j++;
  if (j < n && text.charCodeAt(j) === Ch.CR && text.charCodeAt(j + 1) === Ch.LF) j++;
  crossed.newline = j < n && text.charCodeAt(j) === Ch.LF;
  if (crossed.newline) j++;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.Gt && c !== Ch.Backtick) break;
    j++;
  }
  stats.steps += j - i + 1;
  return j > i ? j : -1;
}

/** The reading shown for a key nobody has: the first that did not join across a space; null: none. */
export function reportedReading(candidate: KeyCandidate): string | null {
  const at = candidate.soft.indexOf(false);
  return at < 0 ? null : (candidate.readings[at] as string);
}

/** Strips what ends a sentence, not a key: `…KEY_abc.` */
function trimEnd(reading: string): string {
  let end = reading.length;
  while (end > 0 && reading.charCodeAt(end - 1) === Ch.Dot) end--;
  return end === reading.length ? reading : reading.slice(0, end);
}

/**
 * Matches `expected` at `i`, allowing invisible characters and wraps between its characters.
 * Returns the index after it, or -1.
 */
function matchLiteral(
  text: string,
  i: number,
  expected: string,
  stats: ScanStats,
  joins: { n: number; newline: boolean; soft: boolean },
): number {
  let j = i;
  for (let k = 0; k < expected.length; ) {
    stats.steps++;
    if (j >= text.length) return -1;
    const c = text.charCodeAt(j);
    if (c === expected.charCodeAt(k)) {
      j++;
      k++;
      continue;
    }
    if (isInvisible(c)) {
      j++;
      continue;
    }
    const after = joins.n < MAX_JOINS ? skipWrap(text, j, stats, joins) : -1;
    if (after < 0) return -1;
    if (!joins.newline) joins.soft = true;
    joins.n++;
    j = after;
  }
  return j;
}

/**
 * Every key-shaped string in `text`, in order. Linear in the text's length (see `ScanStats`).
 * Refused: look-alike prefixes (lower case, `KEYS_`, a missing underscore, `VENICE_API_KEY_`…),
 * a prefix glued to a word before it, a body under KEY_BODY_MIN or a key over KEY_TOTAL_MAX.
 */
export function findKeyCandidates(text: string, stats: ScanStats = { steps: 0 }): FindResult {
  const candidates: KeyCandidate[] = [];
  let dropped = 0;
  const n = text.length;
  let i = 0;
  let bodyEnd = -1;
  while (i < n) {
    stats.steps++;
    // Every `V`, not every `VENICE_`: a terminal may wrap the prefix itself.
    const at = text.indexOf('V', i);
    if (at < 0) {
      stats.steps += n - i;
      break;
    }
    stats.steps += at - i;
    // A key's body ends where the next key's prefix starts (`…KEY_abcVENICE_ADMIN_KEY_…`):
    // that prefix is glued to a word, yet it is a key.
    const found = readCandidate(text, at, stats, at === bodyEnd);
    if (found.candidate) bodyEnd = found.resume;
    if (found.candidate) {
      if (candidates.length < MAX_CANDIDATES) candidates.push(found.candidate);
      else dropped++;
    }
    i = found.resume;
  }
  return { candidates, dropped };
}

function readCandidate(
  text: string,
  at: number,
  stats: ScanStats,
  afterKey: boolean,
): { candidate: KeyCandidate | null; resume: number } {
  const next = at + 1;
  if (!afterKey && at > 0 && isWordChar(text.charCodeAt(at - 1))) return { candidate: null, resume: next };
  let type: LeakKeyType | null = null;
  let j = -1;
  const joins = { n: 0, newline: false, soft: false };
  for (const [t, prefix] of PREFIX_LIST) {
    joins.n = 0;
    joins.soft = false;
    j = matchLiteral(text, at, prefix, stats, joins);
    if (j >= 0) {
      type = t;
      break;
    }
  }
  if (type === null) return { candidate: null, resume: next };

  const prefix = KEY_PREFIXES[type];
  const readings: string[] = [];
  /** Per reading: whether it joined across a space only (a guess, never reported unless it is a known key). */
  const soft: boolean[] = [];
  let body = '';
  let resume = j;
  const n = text.length;
  while (j < n) {
    stats.steps++;
    const c = text.charCodeAt(j);
    if (isBodyChar(c)) {
      // Another key starts here (two keys wrapped together, or glued): this one ends.
      if (c === 86 && text.startsWith(COMMON, j)) break;
      body += text[j];
      j++;
      resume = j;
      if (prefix.length + body.length > KEY_TOTAL_MAX) break;
      continue;
    }
    if (isInvisible(c)) {
      j++;
      continue;
    }
    if (body.length === 0) break;
    const after = joins.n < MAX_JOINS ? skipWrap(text, j, stats, joins) : -1;
    if (after < 0 || after >= n || !isBodyChar(text.charCodeAt(after)) || text.startsWith(COMMON, after))
      break;
    readings.push(prefix + body);
    soft.push(joins.soft);
    if (!joins.newline) joins.soft = true;
    joins.n++;
    j = after;
  }
  if (prefix.length + body.length > KEY_TOTAL_MAX) {
    // Not a key: a long token with a key's prefix. Skip the rest of the token in one go.
    while (resume < n && isBodyChar(text.charCodeAt(resume)) && !text.startsWith(COMMON, resume)) {
      stats.steps++;
      resume++;
    }
    if (readings.length === 0) return { candidate: null, resume };
  } else if (body.length > 0) {
    readings.push(prefix + body);
    soft.push(joins.soft);
  }

  const kept: string[] = [];
  const keptSoft: boolean[] = [];
  readings.forEach((r, k) => {
    const t = trimEnd(r);
    if (t.length - prefix.length < KEY_BODY_MIN) return;
    kept.push(t);
    keptSoft.push(soft[k] as boolean);
  });
  if (kept.length === 0) return { candidate: null, resume };
  return { candidate: { type, readings: kept, soft: keptSoft, start: at }, resume };
}

// ---- matching against the account ------------------------------------------------------

/** The slice of a listed key (GET /api_keys) the matcher reads. */
export interface ListedKeyRef {
  id: string;
  apiKeyType: string;
  last6Chars: string;
}

/** One vault secret as the background hands it to the matcher: its digest, never the secret. */
export interface VaultDigest {
  entryId: string;
  label: string;
  type: LeakKeyType;
  veniceKeyId?: string | undefined;
  /** Lowercase hex SHA-256 of the secret's UTF-8 bytes. */
  sha256: string;
  /** The secret's length and last 6 characters, to hash only readings that could match. */
  length: number;
  last6: string;
}

export interface LeakMatch<K extends ListedKeyRef = ListedKeyRef> {
  type: LeakKeyType;
  /** The prefix, an ellipsis and the last 6 characters: never more of the secret. */
  masked: string;
  last6: string;
  /** How many times the same key appears in the text. */
  occurrences: number;
  /** Listed keys of this account with the same type and last 6 characters (usually one or none). */
  live: K[];
  /** The vault entry whose secret is exactly this string. */
  vault: { entryId: string; label: string } | null;
}

export interface MatchInput<K extends ListedKeyRef> {
  candidates: readonly KeyCandidate[];
  keys: readonly K[];
  vault: readonly VaultDigest[];
  sha256: (text: string) => Promise<string>;
}

export function maskKey(type: LeakKeyType, key: string): string {
  return `${KEY_PREFIXES[type]}…${key.slice(-6)}`;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Each distinct key among the candidates, with the account's listed keys it matches (type and
 * last 6 characters) and the vault entry whose secret it is (same SHA-256). A reading is hashed
 * only when a vault secret has its length and last 6, so a page full of candidates costs no
 * hashing. Of a candidate's readings, the first that is in the vault wins, then the first that
 * is listed, else the one-line reading.
 */
export async function matchCandidates<K extends ListedKeyRef>(input: MatchInput<K>): Promise<LeakMatch<K>[]> {
  const listed = new Map<string, K[]>();
  for (const key of input.keys) {
    const id = `${key.apiKeyType}:${key.last6Chars}`;
    const at = listed.get(id);
    if (at) at.push(key);
    else listed.set(id, [key]);
  }
  const vaultByShape = new Map<string, VaultDigest[]>();
  for (const d of input.vault) {
    const id = `${d.type}:${d.length}:${d.last6}`;
    const at = vaultByShape.get(id);
    if (at) at.push(d);
    else vaultByShape.set(id, [d]);
  }

  const byKey = new Map<string, LeakMatch<K>>();
  for (const candidate of input.candidates) {
    let chosen: { reading: string; vault: VaultDigest | null; live: K[] } | null = null;
    let firstListed: { reading: string; live: K[] } | null = null;
    for (const reading of candidate.readings) {
      const last6 = reading.slice(-6);
      const shaped = vaultByShape.get(`${candidate.type}:${reading.length}:${last6}`);
      if (shaped) {
        const digest = await input.sha256(reading);
        const hit = shaped.find((d) => constantTimeEqual(d.sha256, digest));
        if (hit) {
          chosen = { reading, vault: hit, live: listed.get(`${candidate.type}:${last6}`) ?? [] };
          break;
        }
      }
      const live = listed.get(`${candidate.type}:${last6}`);
      if (live && !firstListed) firstListed = { reading, live };
    }
    if (!chosen && !firstListed) {
      const shown = reportedReading(candidate);
      if (shown === null) continue;
      chosen = { reading: shown, vault: null, live: [] };
    }
    chosen ??= {
      reading: (firstListed as { reading: string }).reading,
      vault: null,
      live: (firstListed as { live: K[] }).live,
    };

    // The vault entry knows its Venice id: of several listed keys with these last 6, that one.
    let live = chosen.live;
    const knownId = chosen.vault?.veniceKeyId;
    if (knownId && live.some((k) => k.id === knownId)) live = live.filter((k) => k.id === knownId);

    // Distinct keys are told apart by their digest-free identity: type, length and last 6, plus
    // the vault entry when there is one. Never by the reading itself, which is kept nowhere.
    const identity = `${candidate.type}:${chosen.reading.length}:${chosen.reading.slice(-6)}:${chosen.vault?.entryId ?? ''}`;
    const seen = byKey.get(identity);
    if (seen) {
      seen.occurrences++;
      continue;
    }
    byKey.set(identity, {
      type: candidate.type,
      masked: maskKey(candidate.type, chosen.reading),
      last6: chosen.reading.slice(-6),
      occurrences: 1,
      live,
      vault: chosen.vault ? { entryId: chosen.vault.entryId, label: chosen.vault.label } : null,
    });
  }
  return [...byKey.values()];
}
