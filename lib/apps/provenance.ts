/**
 * Where each key went (issue 17): for a key minted for a site, the site's origin, the page's title
 * and the date; for any other key, a site the user tagged it with by hand. Not secret, so it lives
 * in `chrome.storage.local` beside the key cache, keyed by Venice key id (`keys.provenance`), and
 * survives a vault reset the way the key list does. Read defensively: an entry that does not fit
 * the shape is dropped on its own, never the whole map.
 */
import { createQueue } from '@/lib/queue';
import { defineStoredItem } from '@/lib/storage/item';
import { STORAGE_KEYS } from '@/lib/storage/keys';

export interface Provenance {
  /** `https://app.example.com` (scheme, host and port only). */
  origin: string;
  /** The page's title when the key was filled ('' for a hand tag). */
  title: string;
  /** ISO time the key was made for the site, or tagged. */
  at: string;
  /** filled: minted (or reused) for that page here; tagged: the user said so. */
  how: 'filled' | 'tagged';
}

export type ProvenanceMap = Record<string, Provenance>;

export const PROVENANCE_STORAGE_KEY = STORAGE_KEYS.local.keyProvenance;
export const TITLE_MAX = 200;
const ORIGIN_MAX = 300;
const KEY_ID_MAX = 128;
/** More entries than Venice's 500-key cap allows live keys, with room for revoked ones. */
export const PROVENANCE_MAX = 2000;

export const provenanceItem = defineStoredItem<ProvenanceMap>({
  key: `local:${STORAGE_KEYS.local.keyProvenance}`,
  version: 1,
  // Entry by entry (parseProvenance): one that does not fit costs only itself.
  check: (raw) =>
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? { ok: true, value: parseProvenance(raw) }
      : { ok: false, reason: 'not a map of key ids' },
  fallback: {},
  // Not rebuildable from Venice: a damaged one is left as stored, never replaced behind the user's back.
  kind: 'record',
});

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/** A page title as it may be stored and shown: one line, no invisible characters, bounded. */
export function cleanTitle(raw: string): string {
  const text = raw.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  return [...text].slice(0, TITLE_MAX).join('').trim();
}

/** An origin as stored: exactly `scheme://host[:port]` of an http(s) URL. */
export function isStorableOrigin(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > ORIGIN_MAX) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v;
  } catch {
    return false;
  }
}

function isProvenance(v: unknown): v is Provenance {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    isStorableOrigin(p.origin) &&
    typeof p.title === 'string' &&
    p.title.length <= TITLE_MAX * 2 &&
    typeof p.at === 'string' &&
    Number.isFinite(Date.parse(p.at)) &&
    (p.how === 'filled' || p.how === 'tagged')
  );
}

/** Every readable entry; one bad entry costs only itself. */
export function parseProvenance(raw: unknown): ProvenanceMap {
  const out: ProvenanceMap = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [id, value] of Object.entries(raw)) {
    if (id.length === 0 || id.length > KEY_ID_MAX || !isProvenance(value)) continue;
    out[id] = { origin: value.origin, title: value.title, at: value.at, how: value.how };
  }
  return out;
}

export async function readProvenance(): Promise<ProvenanceMap> {
  return parseProvenance(await provenanceItem.getValue());
}

const writes = createQueue();

/** Read-modify-write, one at a time (a fill and a hand tag may meet). */
function mutate(change: (map: ProvenanceMap) => void): Promise<ProvenanceMap> {
  return writes.run(async () => {
    const map = await readProvenance();
    change(map);
    const ids = Object.keys(map);
    if (ids.length > PROVENANCE_MAX) {
      // The oldest go first: the list shows recent apps, and Venice keeps at most 500 live keys.
      ids.sort((a, b) => Date.parse((map[a] as Provenance).at) - Date.parse((map[b] as Provenance).at));
      for (const id of ids.slice(0, ids.length - PROVENANCE_MAX)) delete map[id];
    }
    await provenanceItem.setValue(map);
    return map;
  });
}

export function recordProvenance(keyId: string, entry: Provenance): Promise<ProvenanceMap> {
  const clean: Provenance = { ...entry, title: cleanTitle(entry.title) };
  if (!isProvenance(clean) || keyId.length === 0 || keyId.length > KEY_ID_MAX)
    return Promise.reject(new Error('not a provenance entry'));
  return mutate((map) => {
    map[keyId] = clean;
  });
}

export function forgetProvenance(keyId: string): Promise<ProvenanceMap> {
  return mutate((map) => {
    delete map[keyId];
  });
}

/** The key ids that went to this origin, newest first. */
export function keysForOrigin(map: ProvenanceMap, origin: string): string[] {
  return Object.entries(map)
    .filter(([, p]) => p.origin === origin)
    .sort(([, a], [, b]) => Date.parse(b.at) - Date.parse(a.at))
    .map(([id]) => id);
}
