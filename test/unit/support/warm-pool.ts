/**
 * A vitest pool for `npm run test:mutation` that keeps its one test thread between runs.
 *
 * Stryker runs vitest once per mutant. With vitest's threads pool every run starts a new thread
 * that imports vitest and the tests' packages (viem, zod, fast-check, ...) before the first test:
 * ~0.3 s of every mutant's run on a quiet machine, against milliseconds of tests. This pool hands
 * each run the same thread (warm-thread.mjs), which refreshes the project's modules per run and
 * keeps only the natively imported packages. Stryker's runner forces `pool: 'threads'`, so the
 * plugin sets the pool on the resolved project, after the command line is applied.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Plugin } from 'vite';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

const NAME = 'warm-threads';
const entry = fileURLToPath(new URL('./warm-thread.mjs', import.meta.url));

/** The thread, shared by the runs of this process (Stryker gives each runner process one worker). */
let shared: Worker | undefined;

function spawn(options: PoolOptions): Worker {
  const thread = new Worker(entry, { env: options.env, execArgv: options.execArgv });
  // A thread that outlives its run must not keep the runner process alive at its end.
  thread.unref();
  thread.once('exit', () => {
    if (shared === thread) shared = undefined;
  });
  return thread;
}

type Listener = (arg: unknown) => void;

class WarmThread implements PoolWorker {
  readonly name = NAME;
  private thread: Worker | undefined;
  /** What this run attached to the shared thread; its stop detaches them, the thread stays. */
  private readonly attached: [string, Listener][] = [];

  constructor(private readonly options: PoolOptions) {}

  async start(): Promise<void> {
    shared ??= spawn(this.options);
    this.thread = shared;
  }

  async stop(): Promise<void> {
    for (const [event, listener] of this.attached) this.thread?.off(event, listener);
    this.attached.length = 0;
    this.thread = undefined;
  }

  on(event: string, listener: Listener): void {
    this.current().on(event, listener);
    this.attached.push([event, listener]);
  }

  off(event: string, listener: Listener): void {
    this.current().off(event, listener);
    const index = this.attached.findIndex(([e, l]) => e === event && l === listener);
    if (index !== -1) this.attached.splice(index, 1);
  }

  send(message: WorkerRequest): void {
    this.current().postMessage(message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  private current(): Worker {
    if (!this.thread) throw new Error('The warm test thread is not started');
    return this.thread;
  }
}

const warmThreads: PoolRunnerInitializer = {
  name: NAME,
  createPoolWorker: (options) => new WarmThread(options),
};

export function warmPool(): Plugin {
  return {
    name: 'mutation:warm-pool',
    configureVitest({ project }) {
      project.config.pool = NAME;
      project.config.poolRunner = warmThreads;
    },
  };
}
