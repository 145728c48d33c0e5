// @ts-check
/**
 * The test thread of the warm pool (warm-pool.ts): vitest's own threads worker, except that a
 * "stop" leaves the thread listening, so the next Stryker run (the next mutant) starts in it
 * instead of in a new thread that imports vitest, viem, zod and the rest again.
 *
 * Each run still sees the project's code fresh: before a run, every module the runner evaluated
 * (the project's sources, the inlined deps, the mocks) is marked unevaluated, as vitest's
 * `isolate` does between files, so no module state of one mutant reaches the next. Only the
 * packages Node imported natively (node_modules) stay loaded, as they already do between files
 * of one run with `isolate: false`.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { init, runBaseTests, setupEnvironment } from 'vitest/worker';

if (isMainThread || !parentPort) throw new Error('warm-thread.mjs runs in a worker thread of the warm pool');
const port = parentPort;

/** vitest's own modules keep their state, as in vitest's resetModules. */
const vitestOwn = [/\/vitest\/dist\//, /vitest-virtual-\w+\/dist/, /@vitest\/dist/];

/** @type {((message: unknown) => void) | undefined} */
let control;
/** Each start makes a new RPC channel on the port; a stop removes the previous run's. */
const rpcListeners = new Set();

init({
  post: (response) => port.postMessage(response),
  on: (callback) => {
    // init() registers its request handler first; every later listener belongs to one run's RPC.
    if (control === undefined) control = callback;
    else rpcListeners.add(callback);
    port.on('message', callback);
  },
  off: (callback) => {
    rpcListeners.delete(callback);
    port.off('message', callback);
  },
  teardown: () => {
    for (const listener of rpcListeners) port.off('message', listener);
    rpcListeners.clear();
  },
  runTests: (state, traces) => runBaseTests('run', state, traces),
  collectTests: (state, traces) => runBaseTests('collect', state, traces),
  setup: setupEnvironment,
  // Called once per run, after the run's test files are invalidated and before its setup files.
  onModuleRunner: (runner) => {
    const mocker = /** @type {{ mocker?: { reset(): void } }} */ (runner).mocker;
    mocker?.reset();
    for (const [id, node] of runner.evaluatedModules.idToModuleMap) {
      if (vitestOwn.some((own) => own.test(id))) continue;
      node.promise = undefined;
      node.exports = undefined;
      node.evaluated = false;
      node.importers.clear();
    }
  },
});
