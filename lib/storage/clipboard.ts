/**
 * The clipboard clear's stored items (`session`). Ids only, never what was copied; either may be
 * dropped when damaged (the next copy starts a new clear).
 */
import { bool, checked, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** The id of the newest copy whose clear is pending (so a stale "cleared" does not close a fresh timer). */
export const clipboardPendingItem = defineStoredItem<string | null>({
  key: `session:${STORAGE_KEYS.session.clipboardPending}`,
  version: 1,
  check: (raw) => checked(() => str(raw, 'id')),
  fallback: null,
  kind: 'cache',
});

/** The last copy whose clear ran, and how it went: answers a `keep` that crossed the "cleared" notice. */
export const clipboardLastClearedItem = defineStoredItem<{ id: string; ok: boolean } | null>({
  key: `session:${STORAGE_KEYS.session.clipboardLastCleared}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const last = obj(raw, 'last');
      return { id: str(last.id, 'id'), ok: bool(last.ok, 'ok') };
    }),
  fallback: null,
  kind: 'cache',
});
