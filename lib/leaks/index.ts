/**
 * The leak check's background wiring: the service with its real dependencies, the
 * "Check this Venice key" context-menu item, and the small window that shows the result.
 */
import { browser } from 'wxt/browser';
import { readProvenance } from '@/lib/apps/provenance';
import { AppError } from '@/lib/errors';
import { getKeyService } from '@/lib/keys';
import { defineMenuItem } from '@/lib/menus/registry';
import { leaksHeldItem } from '@/lib/storage/leaks-held';
import { getStoredSecret, getVaultStatus, listStoredKeys } from '@/lib/vault';
import { readPageText } from './page-text';
import { createLeakService, type LeakService, MAX_TEXT_CHARS, sha256Hex } from './service';

let service: LeakService | null = null;

export function getLeakService(): LeakService {
  service ??= createLeakService({
    overview: () => getKeyService().overview(),
    refresh: () => getKeyService().refresh(),
    vault: { getVaultStatus, listStoredKeys, getStoredSecret },
    session: {
      get: () => leaksHeldItem.getValue(),
      set: (value) => leaksHeldItem.setValue(value),
    },
    provenance: readProvenance,
    sha256: sha256Hex,
    now: () => Date.now(),
    newTicket: () => crypto.randomUUID(),
  });
  return service;
}

const LEAK_WINDOW = { width: 480, height: 600 };

/** Opens the result window for a held selection. */
export async function openLeakWindow(ticket: string): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`/leak.html#${encodeURIComponent(ticket)}`),
    type: 'popup',
    focused: true,
    ...LEAK_WINDOW,
  });
}

export const leakCheckMenuItem = defineMenuItem({
  id: 'vkc-check-leak',
  title: 'Check this Venice key',
  contexts: ['selection'],
  async onClick(info) {
    // Chrome passes the selection only in `info`: it is held in memory for the window, never logged.
    const ticket = await getLeakService().hold(info.selectionText ?? '');
    await openLeakWindow(ticket);
  },
});

/**
 * "Scan this page for my keys": the popup's tab only, when the user asks. The popup's click
 * grants `activeTab` for that tab, which lets `executeScript` read it once; no standing host
 * permission. The page's text is held like a selection and shown in the leak window.
 */
export async function scanTab(tabId: number): Promise<void> {
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({
      target: { tabId },
      func: readPageText,
      args: [MAX_TEXT_CHARS],
    });
  } catch {
    throw new AppError('leaks.scan_refused');
  }
  const read = results[0]?.result as ReturnType<typeof readPageText> | null | undefined;
  if (!read?.ok) throw new AppError('leaks.scan_failed');
  const ticket = await getLeakService().hold(read.text, {
    kind: 'page',
    origin: read.origin,
    title: read.title,
  });
  await openLeakWindow(ticket);
}
