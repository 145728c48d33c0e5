/**
 * Where each key went (issue 17): for a key minted for a site, the site's origin, the page's title
 * and the date; for any other key, a site the user tagged it with by hand. Not secret, so it lives
 * in `chrome.storage.local` beside the key cache, keyed by Venice key id (`keys.provenance`), and
 * survives a vault reset the way the key list does. The stored shape and its item are
 * lib/storage/provenance.ts; here are the rules: what may be recorded, one write at a time.
 */
import { createQueue } from '@/lib/queue';
import {
  isProvenance,
  KEY_ID_MAX,
  PROVENANCE_MAX,
  type Provenance,
  type ProvenanceMap,
  parseProvenance,
  provenanceItem,
  TITLE_MAX,
} from '@/lib/storage/provenance';

export type { Provenance, ProvenanceMap };

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/** A page title as it may be stored and shown: one line, no invisible characters, bounded. */
export function cleanTitle(raw: string): string {
  const text = raw.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  return [...text].slice(0, TITLE_MAX).join('').trim();
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
