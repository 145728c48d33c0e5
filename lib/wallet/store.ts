/**
 * The mint flow's one copy: `chrome.storage.session` (memory only, trusted contexts only), so
 * it survives a stopped service worker and a closed popup or window, never a browser restart.
 * Every change goes through `applyEvent` (the pure transition) one at a time within a worker.
 */

import { browser } from 'wxt/browser';
import { createQueue } from '@/lib/queue';
import { mintFlowItem } from '@/lib/storage/mint';
import {
  idleFlow,
  interruptedFlow,
  MINT_CHANGED_KIND,
  type MintEvent,
  type MintFlow,
  transition,
} from './flow';

const flowItem = mintFlowItem;

/**
 * Identifies this worker's lifetime. A flow left in `minting` by another instance means the
 * worker that was posting was stopped before it could finish (see interruptedFlow).
 */
export const WORKER_INSTANCE: string = crypto.randomUUID();

/** Tells open pages (wallet window, popup) the new flow; nobody listening is fine. */
function announce(flow: MintFlow): void {
  void browser.runtime.sendMessage({ kind: MINT_CHANGED_KIND, flow }).catch(() => undefined);
}

async function save(flow: MintFlow): Promise<void> {
  await flowItem.setValue(flow);
  announce(flow);
}

/** Each flow change runs after every earlier one of this worker has finished. */
const changes = createQueue();
const serialized = <T>(task: () => Promise<T>): Promise<T> => changes.run(task);

async function load(now: number): Promise<MintFlow> {
  return (await flowItem.getValue()) ?? idleFlow(now);
}

/** The current flow; a flow orphaned mid-POST by a stopped worker is marked as such first. */
export function readFlow(now = Date.now()): Promise<MintFlow> {
  return serialized(async () => {
    const flow = await load(now);
    const interrupted = interruptedFlow(flow, WORKER_INSTANCE, now);
    if (!interrupted) return flow;
    await save(interrupted);
    return interrupted;
  });
}

/** Applies one event; throws MintStepError (nothing written) when it does not fit the step. */
export function applyEvent(event: MintEvent, now = Date.now()): Promise<MintFlow> {
  return serialized(async () => {
    const loaded = await load(now);
    const flow = interruptedFlow(loaded, WORKER_INSTANCE, now) ?? loaded;
    const next = transition(flow, event, now);
    if (next !== loaded) await save(next);
    return next;
  });
}
