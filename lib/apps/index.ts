/**
 * Per-app keys' background surface: the service with its real dependencies (the key service's
 * create-then-save, the vault, chrome.scripting in the one frame the user pointed at).
 */
import { browser } from 'wxt/browser';
import { getKeyService } from '@/lib/keys';
import { DEV_BUILD } from '@/lib/settings/endpoints';
import { getSettings } from '@/lib/settings/service';
import { fillRequestsItem } from '@/lib/storage/fill-requests';
import { readRotations } from '@/lib/storage/rotations';
import { getStoredSecret, listStoredKeys } from '@/lib/vault';
import { readProvenance, recordProvenance } from './provenance';
import { type AppsService, createAppsService } from './service';

/** Rotation states in which the old key is on its way out (a cancelled rotation keeps it). */
const RETIRING: ReadonlySet<string> = new Set(['created', 'scheduled', 'revoking', 'revoke_failed']);

const WINDOW_SIZE = { width: 460, height: 680 };

let service: AppsService | null = null;

export function getAppsService(): AppsService {
  service ??= createAppsService({
    dev: DEV_BUILD,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    getTab: async (tabId) => {
      const tab = await browser.tabs.get(tabId);
      return { ...(tab.id === undefined ? {} : { id: tab.id }), url: tab.url, title: tab.title };
    },
    runInFrame: async (tabId, frameId, func, arg) => {
      const results = await browser.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        func: func as (...args: unknown[]) => unknown,
        ...(arg === undefined ? {} : { args: [arg] }),
      });
      return (results[0]?.result ?? null) as never;
    },
    runInAllFrames: async (tabId, func) => {
      const results = await browser.scripting.executeScript({
        target: { tabId, allFrames: true },
        func: func as () => unknown,
      });
      return results.map((r) => ({ frameId: r.frameId, result: (r.result ?? null) as never }));
    },
    openWindow: async (requestId) => {
      await browser.windows.create({
        url: browser.runtime.getURL(`/fill.html?request=${encodeURIComponent(requestId)}`),
        type: 'popup',
        focused: true,
        ...WINDOW_SIZE,
      });
    },
    getPerAppDefaults: async () => (await getSettings()).perApp,
    keys: {
      create: (requestId, draft) => getKeyService().create(requestId, draft),
      overview: () => getKeyService().overview(),
      refresh: () => getKeyService().refresh(),
    },
    vault: { listStoredKeys, getStoredSecret },
    provenance: { read: readProvenance, record: recordProvenance },
    retiringKeyIds: async () =>
      new Set(
        Object.values(await readRotations())
          .filter((r) => r.created !== null && RETIRING.has(r.state))
          .map((r) => r.old.id),
      ),
    requests: {
      get: () => fillRequestsItem.getValue(),
      set: (value) => fillRequestsItem.setValue(value),
    },
  });
  return service;
}
