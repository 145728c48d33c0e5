import { useState } from 'preact/hooks';

/**
 * A form over stored settings. Each field shows the stored value (and follows it when it changes
 * anywhere: another page, the popup, the background) until the user edits that field; an edit
 * is never overwritten by a change from elsewhere. Saving sends only `changed`, so a form never
 * writes back a stale copy of a value it did not touch.
 */
export function useEdits<T extends object>(stored: T) {
  const [edits, setEdits] = useState<Partial<T>>({});
  const value = { ...stored, ...edits } as T;
  const changed = (Object.keys(edits) as (keyof T)[]).filter((k) => !Object.is(edits[k], stored[k]));

  function set<K extends keyof T>(field: K, next: T[K]): void {
    setEdits((current) => ({ ...current, [field]: next }));
  }

  /** After a save: the fields sent are stored now, so they show the stored value again. */
  function settle(sent: Partial<T>): void {
    setEdits((current) => {
      const next = { ...current };
      for (const field of Object.keys(sent) as (keyof T)[])
        if (Object.is(next[field], sent[field])) delete next[field];
      return next;
    });
  }

  return { value, changed, set, settle };
}
