/**
 * Selections held for the leak-check window by one-time ticket (`chrome.storage.session`, key
 * `leaks.held`; lib/leaks), removed once read; memory only, minutes of data. The text may hold a
 * secret: it never leaves session storage, and a report names the ticket and the reason, never
 * the text. An entry that is not the shape written is left out, the others are used.
 */
import type { HeldText, LeakSource } from '@/lib/leaks/service';
import { checked, num, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

type Held = Record<string, HeldText>;

/** Where the text came from; anything but a readable page is a selection, as it was written before pages were. */
function source(v: unknown): LeakSource {
  const s = v as { kind?: unknown; origin?: unknown; title?: unknown } | null | undefined;
  return s?.kind === 'page' && typeof s.origin === 'string' && typeof s.title === 'string'
    ? { kind: 'page', origin: s.origin, title: s.title }
    : { kind: 'selection' };
}

function entry(v: unknown, path: string): HeldText {
  const e = obj(v, path);
  return { text: str(e.text, `${path}.text`), at: num(e.at, `${path}.at`), source: source(e.source) };
}

export const leaksHeldItem = defineStoredItem<Held>({
  key: `session:${STORAGE_KEYS.session.leaksHeld}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const out: Held = {};
      for (const [ticket, value] of Object.entries(obj(raw, 'held'))) out[ticket] = entry(value, ticket);
      return out;
    }),
  fallback: {},
  kind: 'record',
  repair: (raw) => {
    const out: Held = {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
    for (const [ticket, value] of Object.entries(raw)) {
      const one = checked(() => entry(value, ticket));
      if (one.ok) out[ticket] = one.value;
    }
    return out;
  },
});
