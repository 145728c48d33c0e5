/**
 * A value built on first use, then kept. The background's zod schemas are built this way:
 * building them all when the worker starts cost more than the worker's whole cold-start
 * budget (`npm run bench`), and most messages need only one or two of them.
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}

/** A schema, or a function that builds it on first use. */
export type Deferred<T extends object> = T | (() => T);

export function resolveDeferred<T extends object>(ref: Deferred<T>): T {
  return typeof ref === 'function' ? (ref as () => T)() : ref;
}
