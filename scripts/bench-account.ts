/**
 * The bench's and the diagnostic scripts' account setup, through the background's own API from a
 * harness page: the extension pointed at the simulator, a vault, and an ADMIN key made the
 * management key with its list fetched. `npm run bench`, scripts/usage-ab.ts and
 * scripts/popup-moments.ts use it, so that they measure the same state.
 */
import type { Page } from '@playwright/test';
import type { Simulator } from '../test/simulator';

/** A call to the background, answered or thrown with its code and message. */
export type Rpc = <T = unknown>(method: string, input?: unknown) => Promise<T>;

/** Calls the background from `page` (an extension page: the harness). */
export function rpcFrom(page: () => Promise<Page> | Page): Rpc {
  return async <T>(method: string, input?: unknown): Promise<T> => {
    const res = (await (
      await page()
    ).evaluate(([m, i]) => chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: m, input: i }), [
      method,
      input,
    ] as const)) as { ok: boolean; value?: T; error?: { code: string; message: string } };
    if (!res?.ok) throw new Error(`${method}: ${res?.error?.code}: ${res?.error?.message}`);
    return res.value as T;
  };
}

/** Sends the extension's Venice, site and RPC calls to the simulator. */
export async function pointAtSimulator(call: Rpc, sim: Simulator): Promise<void> {
  await call('settings.update', {
    apiBaseUrl: sim.apiBase,
    veniceSiteUrl: sim.siteUrl,
    baseRpcUrl: sim.rpcUrl,
  });
}

/** Adds `adminKey` to the (unlocked) vault as the management key and fetches its list; its entry id. */
export async function manageWith(call: Rpc, label: string, adminKey: string): Promise<string> {
  const { key } = await call<{ key: { entryId: string } }>('vault.addKey', { label, secret: adminKey });
  await call('settings.update', { managementKeyId: key.entryId });
  await call('keys.refresh');
  return key.entryId;
}

/**
 * Resolves once the cache writes the worker had queued are done: a popup closed just after its
 * live render may still have its shell's save on the way, which would land after a cache cleared
 * from outside the worker (and leave a shell with no list, or a list in a "cold" open). A shell
 * save for a list that does not exist goes through the same queue and changes nothing.
 */
export async function cacheWritesSettled(call: Rpc): Promise<void> {
  await call('keys.saveShell', { fetchedAt: -1, html: '<main></main>' });
}
