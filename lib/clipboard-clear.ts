/**
 * Background: owns the clearing of copied secrets, so it does not depend on the page that
 * copied staying open. The page writes the clipboard itself (it has the focus and the click),
 * then asks for the clear here with a random id.
 *
 * - Chrome: an offscreen document (reason CLIPBOARD) holds the timer and writes '' at the end;
 *   the service worker cannot (stopped after 30 s idle, timers and all).
 * - Firefox: no offscreen API, but its background (an event page) has a document: it tries to
 *   clear itself, but an idle event page may be suspended first, so the page promises nothing.
 * - Anywhere else the answer is `unsupported`, and the page says so instead of promising.
 *
 * What is cleared: the extension cannot read the clipboard (no `clipboardRead`, a power we do
 * not want), so the clear cannot compare the clipboard with the secret. Instead the copying
 * page, while it is open, watches `clipboardchange` and tells us when the user copied
 * something else (`clipboard.keep`); otherwise the clipboard is emptied at the deadline even if
 * it holds something newer copied while the page was closed. Only the newest copy is pending.
 */

import { browser } from 'wxt/browser';
import { AppError } from '@/lib/errors';
import { method } from '@/lib/messaging/define';
import { createQueue } from '@/lib/queue';
import { clipboardLastClearedItem, clipboardPendingItem } from '@/lib/storage/clipboard';
import { CLIPBOARD_CLEAR_MS } from '@/lib/vault/constants';
import { z } from '@/lib/zod';
import {
  type ClipboardCleared,
  createClearTimer,
  isClipboardCleared,
  isKeepOutcome,
  type KeepOutcome,
  OFFSCREEN_CLEAR_KIND,
  OFFSCREEN_KEEP_KIND,
  OFFSCREEN_NOW_KIND,
} from './clipboard-protocol';

const OFFSCREEN_PATH = '/offscreen.html';
const DEV_BUILD = import.meta.env.MODE === 'development';

export type ClearSchedule = { scheduled: true; clearsInMs: number } | { scheduled: false; reason: string };

const pendingItem = clipboardPendingItem;
const lastClearedItem = clipboardLastClearedItem;

interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  hasDocument?: () => Promise<boolean>;
}

function offscreenApi(): OffscreenApi | null {
  const c = (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome;
  return c?.offscreen?.createDocument ? c.offscreen : null;
}

/** Firefox's MV2 background page has a document; a service worker does not. */
const ownTimer =
  typeof document !== 'undefined' && offscreenApi() === null
    ? createClearTimer(document, (notice) => {
        void onCleared(notice);
        void browser.runtime.sendMessage(notice).catch(() => undefined);
      })
    : null;

const steps = createQueue();
const serialized = <T>(task: () => Promise<T>): Promise<T> => steps.run(task);

async function hasOffscreen(api: OffscreenApi): Promise<boolean> {
  if (api.hasDocument) return api.hasDocument();
  const contexts = await (
    browser.runtime as unknown as {
      getContexts(f: { contextTypes: string[] }): Promise<unknown[]>;
    }
  ).getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  return contexts.length > 0;
}

async function ensureOffscreen(api: OffscreenApi): Promise<void> {
  if (await hasOffscreen(api)) return;
  await api.createDocument({
    url: browser.runtime.getURL(OFFSCREEN_PATH),
    reasons: ['CLIPBOARD'],
    justification: 'Takes a copied API key off the clipboard after 30 seconds.',
  });
}

/** Schedules the clear of the copy `id`; replaces any earlier pending clear. */
export function scheduleClipboardClear(id: string): Promise<ClearSchedule> {
  return serialized(async () => {
    const delayMs = CLIPBOARD_CLEAR_MS;
    if (ownTimer) {
      await pendingItem.setValue(id);
      ownTimer.schedule(id, delayMs);
      // An event page may be suspended when idle, timer and all: try, but promise nothing.
      return {
        scheduled: false,
        reason:
          'This browser may stop the extension’s background before 30 s pass, so clear the clipboard yourself when you are done (the extension will try).',
      };
    }
    const api = offscreenApi();
    if (!api)
      return {
        scheduled: false,
        reason: 'This browser does not let the extension clear the clipboard later: clear it yourself.',
      };
    await ensureOffscreen(api);
    await pendingItem.setValue(id);
    await browser.runtime.sendMessage({ kind: OFFSCREEN_CLEAR_KIND, id, delayMs });
    return { scheduled: true, clearsInMs: delayMs };
  });
}

/**
 * The copying page saw the clipboard change after `id`: leave the clipboard alone, and say what
 * became of the copy. The change may have been the clear's own write, reported before the
 * "cleared" notice: then the answer is `cleared`, so the page does not say "left alone".
 */
export function keepClipboard(id: string): Promise<{ outcome: KeepOutcome }> {
  return serialized(async () => {
    if ((await pendingItem.getValue()) !== id) {
      const last = await lastClearedItem.getValue();
      const outcome: KeepOutcome = last?.id === id ? (last.ok ? 'cleared' : 'failed') : 'unknown';
      return { outcome };
    }
    await pendingItem.setValue(null);
    if (ownTimer) return { outcome: ownTimer.keep(id) };
    const api = offscreenApi();
    if (!api || !(await hasOffscreen(api))) return { outcome: 'unknown' };
    const answer: unknown = await browser.runtime
      .sendMessage({ kind: OFFSCREEN_KEEP_KIND, id })
      .catch(() => undefined);
    await api.closeDocument().catch(() => undefined);
    return { outcome: isKeepOutcome(answer) ? answer : 'unknown' };
  });
}

/** A clear ran: close the offscreen document unless a newer copy is waiting. */
function onCleared(notice: ClipboardCleared): Promise<void> {
  return serialized(async () => {
    await lastClearedItem.setValue({ id: notice.id, ok: notice.ok });
    if ((await pendingItem.getValue()) !== notice.id) return;
    await pendingItem.setValue(null);
    const api = offscreenApi();
    if (api && (await hasOffscreen(api))) await api.closeDocument().catch(() => undefined);
  });
}

/** Development build only: runs the pending clear now, so tests need not wait 30 s. */
async function clearNowForTests(): Promise<{ pending: boolean }> {
  if (!DEV_BUILD) throw new AppError('extension.dev_only');
  return serialized(async () => {
    const pending = (await pendingItem.getValue()) !== null;
    if (ownTimer) ownTimer.runNow();
    else if (pending) await browser.runtime.sendMessage({ kind: OFFSCREEN_NOW_KIND });
    return { pending };
  });
}

export function registerClipboard(): void {
  browser.runtime.onMessage.addListener((message, sender) => {
    if (!isClipboardCleared(message) || sender.id !== browser.runtime.id) return undefined;
    void onCleared(message);
    return undefined;
  });
}

const copyId = () => z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9-]{16,64}$/, 'Not a copy id')) });

export const clipboardApi = {
  /** A page copied a secret: clear it in 30 s whatever happens to the page. */
  'clipboard.scheduleClear': method(copyId, ({ id }) => scheduleClipboardClear(id)),
  /** The copying page saw the user copy something else. */
  'clipboard.keep': method(copyId, ({ id }) => keepClipboard(id)),
  /** Development build only (tests): the pending clear runs now. */
  'clipboard.clearNow': method(() => clearNowForTests()),
};
