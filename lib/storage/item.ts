/**
 * One way to define a stored item: its key from the table (keys.ts), a version, the migrations
 * that bring older values up to it, and a check that every load passes through. WXT's
 * `storage.defineItem` does the versioning (the `<key>$` meta entry; a value without one is
 * version 1) and runs the migrations before the first read.
 *
 * What a check refuses depends on what the item is:
 * - a cache (`kind: 'cache'`) is dropped and refetched: nothing is lost, the problem is reported;
 * - anything else is never replaced behind the user's back: the load gives the fallback, the
 *   stored value stays as it is (to be recovered or overwritten by the user's next change), and
 *   the problem is reported.
 * A report names the key and the reason, never the value (a value could hold anything).
 */
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import type { LocalStorageKey, SessionStorageKey } from './keys';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };
export type Check<T> = (raw: unknown) => Checked<T>;

export type StoredItemKey = `local:${LocalStorageKey}` | `session:${SessionStorageKey}`;

export interface StoredItemSpec<T> {
  key: StoredItemKey;
  /** The version the code writes; a stored value below it goes through `migrations` first. */
  version: number;
  /** `migrations[n]` turns a version n-1 value into a version n value. */
  migrations?: Record<number, (old: unknown) => unknown>;
  check: Check<T>;
  fallback: T;
  kind: 'cache' | 'record';
  /**
   * A record only: what to use instead when the check fails, built from what is stored (keep
   * what is valid field by field). Used in memory, never written back; the problem is reported.
   */
  repair?: (raw: unknown) => T;
}

export interface StorageProblem {
  key: StoredItemKey;
  reason: string;
  /** True when the value was removed (caches only). */
  dropped: boolean;
  /** True when what is valid of it is used (the record's `repair`), rather than the fallback. */
  repaired?: boolean;
}

export interface Loaded<T> {
  value: T;
  problem: StorageProblem | null;
}

export interface StoredItem<T> {
  readonly key: StoredItemKey;
  readonly version: number;
  /** The stored value, checked (the fallback when nothing is stored). */
  load(): Promise<Loaded<T>>;
  /** `load()`'s value; a problem is reported. (WXT's names, so a caller reads the same either way.) */
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Calls back on every change, with both values checked (null when absent or not valid). */
  watch(callback: (next: T | null, previous: T | null) => void): () => void;
  /** Runs the migrations now (they also run before the first read). For tests and the golden fixtures. */
  migrate(): Promise<void>;
}

type WxtItem = WxtStorageItem<unknown, Record<string, unknown>>;

type ProblemListener = (problem: StorageProblem) => void;
const listeners = new Set<ProblemListener>();

/** Hears every problem a load reports (the default report is a console warning). */
export function onStorageProblem(listener: ProblemListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportStorageProblem(problem: StorageProblem): void {
  const what = problem.dropped
    ? 'dropped (it is rebuilt)'
    : problem.repaired
      ? 'left as it is; its valid fields and the defaults are used'
      : 'left as it is; the defaults are used';
  console.warn(`Stored ${problem.key} is not valid (${problem.reason}): ${what}.`);
  for (const listener of listeners) listener(problem);
}

export function defineStoredItem<T>(spec: StoredItemSpec<T>): StoredItem<T> {
  // Without migrations the item goes to storage directly. WXT's defineItem reads every item it
  // defines as it is defined (its init step, even without an init), so the worker's ~20 items
  // cost ~20 storage reads at every cold start, and its first answer waited behind them. A
  // version 1 value needs no meta: a value stored without one is version 1 to WXT, so the first
  // item that raises its version (and gets migrations) finds every older value and migrates it.
  const item: Pick<WxtItem, 'getValue' | 'setValue' | 'removeValue' | 'watch' | 'migrate'> = spec.migrations
    ? storage.defineItem<unknown>(spec.key, { version: spec.version, migrations: spec.migrations })
    : {
        getValue: () => storage.getItem<unknown>(spec.key),
        setValue: (value) => storage.setItem(spec.key, value),
        removeValue: () => storage.removeItem(spec.key),
        watch: (callback) => storage.watch<unknown>(spec.key, callback),
        // No migrations: nothing to run.
        migrate: async () => undefined,
      };
  // A copy each time: callers change what they load (a map they add to, then save), and a
  // shared fallback would carry one caller's change into every later load of an empty item.
  const fallback = (): T => structuredClone(spec.fallback);
  async function load(): Promise<Loaded<T>> {
    const raw = await item.getValue();
    if (raw === null || raw === undefined) return { value: fallback(), problem: null };
    const checked = spec.check(raw);
    if (checked.ok) return { value: checked.value, problem: null };
    const dropped = spec.kind === 'cache';
    if (dropped) await item.removeValue();
    const problem: StorageProblem = { key: spec.key, reason: checked.reason, dropped };
    if (!dropped && spec.repair) return { value: spec.repair(raw), problem: { ...problem, repaired: true } };
    return { value: fallback(), problem };
  }
  const checkedOrNull = (raw: unknown): T | null => {
    if (raw === null || raw === undefined) return null;
    const result = spec.check(raw);
    return result.ok ? result.value : null;
  };
  return {
    key: spec.key,
    version: spec.version,
    load,
    async getValue() {
      const { value, problem } = await load();
      if (problem) reportStorageProblem(problem);
      return value;
    },
    setValue: (value) => item.setValue(value),
    removeValue: () => item.removeValue(),
    watch: (callback) =>
      item.watch((next, previous) => callback(checkedOrNull(next), checkedOrNull(previous))),
    migrate: () => item.migrate(),
  };
}
