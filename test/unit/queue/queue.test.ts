import { describe, expect, it } from 'vitest';
import { createQueue } from '@/lib/queue';

/** A promise with its resolve/reject exposed, so a test decides when each task ends. */
function gate<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-queued microtask and promise callback run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('createQueue', () => {
  it('starts a task only after the one before it has finished', async () => {
    const queue = createQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.run(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = queue.run(() => {
      log.push('b');
      return 'b';
    });
    await settle();
    expect(log).toEqual(['a start']);
    first.resolve();
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('a read-modify-write through it never loses a concurrent change', async () => {
    const queue = createQueue();
    let stored = 0;
    const read = async () => {
      await settle();
      return stored;
    };
    await Promise.all(
      Array.from({ length: 5 }, () =>
        queue.run(async () => {
          stored = (await read()) + 1;
        }),
      ),
    );
    expect(stored).toBe(5);
  });

  it('a failed task rejects its own promise and the next task still runs', async () => {
    const queue = createQueue();
    const failing = queue.run(async () => {
      throw new Error('boom');
    });
    const thrown = queue.run(() => {
      throw new Error('sync boom');
    });
    const after = queue.run(async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync boom');
    expect(await after).toBe('ran');
  });

  it('does not start a task synchronously, even on an idle queue', async () => {
    const queue = createQueue();
    let ran = false;
    const done = queue.run(() => {
      ran = true;
    });
    expect(ran).toBe(false);
    await done;
    expect(ran).toBe(true);
  });

  it('two queues do not wait for each other', async () => {
    const one = createQueue();
    const two = createQueue();
    const blocked = gate();
    void one.run(() => blocked.promise);
    expect(await two.run(async () => 'free')).toBe('free');
    blocked.resolve();
  });
});
