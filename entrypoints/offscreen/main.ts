/**
 * The offscreen document's one job: hold the clipboard-clear timer, which must outlive the
 * page that copied (a popup closes the moment the user clicks away to paste) and cannot live
 * in the service worker (stopped after 30 s idle, timers and all). The background creates this
 * document on a copy and closes it once the clear has run.
 */
import { browser } from 'wxt/browser';
import {
  createClearTimer,
  OFFSCREEN_CLEAR_KIND,
  OFFSCREEN_KEEP_KIND,
  OFFSCREEN_NOW_KIND,
} from '@/lib/clipboard-protocol';

const timer = createClearTimer(document, (notice) => {
  void browser.runtime.sendMessage(notice).catch(() => undefined);
});

browser.runtime.onMessage.addListener((message: unknown, sender) => {
  // Only the background (no tab, this extension) gives orders here.
  if (sender.id !== browser.runtime.id || sender.tab !== undefined) return undefined;
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as { kind?: unknown; id?: unknown; delayMs?: unknown };
  if (typeof m.id !== 'string' && m.kind !== OFFSCREEN_NOW_KIND) return undefined;
  if (m.kind === OFFSCREEN_CLEAR_KIND && typeof m.delayMs === 'number') {
    timer.schedule(m.id as string, Math.max(0, m.delayMs));
    return Promise.resolve(true);
  }
  if (m.kind === OFFSCREEN_KEEP_KIND) return Promise.resolve(timer.keep(m.id as string));
  if (m.kind === OFFSCREEN_NOW_KIND) {
    timer.runNow();
    return Promise.resolve(true);
  }
  return undefined;
});
