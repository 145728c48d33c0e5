/**
 * Copying a secret, and taking it off the clipboard again after 30 s.
 *
 * The page writes the clipboard (it has the focus and the user's click); the background owns
 * the clear (lib/clipboard-clear.ts: an offscreen document in Chrome, the background page in
 * Firefox), so closing the popup or leaving the view never cancels it. The extension cannot
 * read the clipboard (no `clipboardRead`), so "clear only if it still holds the secret" is done
 * the best way left: while this page is open it watches `clipboardchange` (Chromium 140+), and
 * once the user copies something else it tells the background to leave the clipboard alone.
 * After the page closed, the clear empties the clipboard at the deadline whatever it holds.
 */
import { browser } from 'wxt/browser';
import { call } from '@/lib/messaging/client';
import { isClipboardCleared } from './clipboard-protocol';

export type ClearOutcome = 'cleared' | 'left-alone' | 'failed';

/**
 * Our own write fires a `clipboardchange` too. It is told apart by order, not by time: on a busy
 * machine it arrived more than 250 ms after the write, was taken for the user's, and the secret
 * was left on the clipboard. So the first event after the write is ours, however late, and
 * further events within this window of it are the same write reported again.
 */
const OWN_EVENT_BURST_MS = 250;

export interface CopyHandle {
  /** ms until the background clears the clipboard, or null when this browser cannot (say so). */
  clearsInMs: number | null;
  /** Why the clipboard will not be cleared, when clearsInMs is null. */
  unsupportedReason: string | null;
  /** Settles when the clear ran (or was dropped because the user copied something else). */
  done: Promise<ClearOutcome>;
  /**
   * Stops following this copy (a newer copy took over, the view went away). It does NOT stop
   * the clear: the secret still leaves the clipboard on time.
   */
  cancel(): void;
}

function newCopyId(): string {
  return crypto.randomUUID();
}

/** Puts the secret on the clipboard and has the background clear it. Throws if the write fails. */
export async function copySecret(secret: string): Promise<CopyHandle> {
  const id = newCopyId();

  let settle: (outcome: ClearOutcome) => void = () => undefined;
  const done = new Promise<ClearOutcome>((resolve) => {
    settle = resolve;
  });
  const clipboard = navigator.clipboard as Clipboard & EventTarget;
  const onMessage = (message: unknown) => {
    if (isClipboardCleared(message) && message.id === id) {
      stop();
      settle(message.ok ? 'cleared' : 'failed');
    }
    return undefined;
  };
  let ownEventAt: number | null = null;
  const onChange = () => {
    const at = performance.now();
    if (ownEventAt === null) {
      ownEventAt = at;
      return;
    }
    if (at - ownEventAt <= OWN_EVENT_BURST_MS) return;
    // Someone wrote the clipboard: the user, or the clear itself. The background tells which;
    // until it answers, a "cleared" notice may still arrive and settle this first.
    clipboard.removeEventListener?.('clipboardchange', onChange);
    void call('clipboard.keep', { id })
      .then(({ outcome }) => outcome)
      .catch(() => 'unknown' as const)
      .then((outcome) => {
        stop();
        settle(outcome === 'cleared' ? 'cleared' : outcome === 'failed' ? 'failed' : 'left-alone');
      });
  };
  const stop = () => {
    clipboard.removeEventListener?.('clipboardchange', onChange);
    browser.runtime.onMessage.removeListener(onMessage);
  };
  browser.runtime.onMessage.addListener(onMessage);
  // Listening before the write, so our own write's event is the first one, whenever it comes.
  clipboard.addEventListener?.('clipboardchange', onChange);
  try {
    await navigator.clipboard.writeText(secret);
  } catch (err) {
    stop();
    throw err;
  }

  let schedule: Awaited<ReturnType<typeof scheduleClear>>;
  try {
    schedule = await scheduleClear(id);
  } catch {
    schedule = { scheduled: false, reason: 'The extension could not arrange the clear: clear it yourself.' };
  }
  // Not scheduled (or not promised): `done` settles only if a clear does run after all.
  return {
    clearsInMs: schedule.scheduled ? schedule.clearsInMs : null,
    unsupportedReason: schedule.scheduled ? null : schedule.reason,
    done,
    cancel() {
      stop();
      settle('left-alone');
    },
  };
}

function scheduleClear(id: string) {
  return call('clipboard.scheduleClear', { id });
}
