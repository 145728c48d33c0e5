/**
 * Where each key went, as stored (`chrome.storage.local`, key `keys.provenance`; the rules are
 * lib/apps/provenance.ts): by Venice key id, the site's origin, the page's title, the date and
 * how. Not secret. Read defensively: an entry that does not fit the shape is dropped on its own,
 * never the whole map.
 */
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

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

export const TITLE_MAX = 200;
const ORIGIN_MAX = 300;
export const KEY_ID_MAX = 128;
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

export function isProvenance(v: unknown): v is Provenance {
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
