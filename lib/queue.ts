/**
 * Runs tasks one after another, each starting only when the one before has settled. The
 * background's read-modify-write of a storage item goes through one of these, so two changes
 * arriving together never both read the old value and the second write loses the first.
 *
 * A task that fails rejects its own promise only: the queue goes on with the next task.
 */
export interface Queue {
  run<T>(task: () => T | Promise<T>): Promise<T>;
}

export function createQueue(): Queue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => T | Promise<T>): Promise<T> {
      const next = tail.then(task);
      tail = next.catch(() => undefined);
      return next;
    },
  };
}
