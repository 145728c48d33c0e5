/**
 * Copying a secret, and taking it off the clipboard again after 30 s.
 *
 * "Clear it only if it still holds that secret" needs to know what is on the clipboard.
 * Reading it needs the `clipboardRead` permission ("Read data you copy and paste"), a broader
 * power than this problem deserves, so the extension does not ask for it. What the copying page
 * does (options page, popup, wallet window: plain browser APIs only, so any of them can load it):
 * 1. If clipboard reading happens to be granted (permission state "granted": a policy, another
 *    browser), it compares and clears only a clipboard that still holds the secret.
 * 2. Otherwise it watches the `clipboardchange` event (Chromium 140+): once the clipboard has
 *    changed after our own write (the user copied something else), it is left alone.
 * 3. Otherwise, at 30 s, it writes an empty string. If the page is not focused, change events
 *    may still be pending, so a newer copy made elsewhere could be cleared too; we accept that
 *    nuisance rather than leave a key on the clipboard.
 * The timer lives in the page that copied: closing it within the 30 s leaves the secret on the
 * clipboard (each page's copy message says so). A background clear would need an offscreen document,
 * which cannot read the clipboard either and would clear unconditionally.
 */
import { CLIPBOARD_CLEAR_MS } from '@/lib/vault/constants';

export type ClearOutcome = 'cleared' | 'left-alone' | 'failed';

/** Our own write fires one `clipboardchange`; changes after this grace period are someone else's. */
const OWN_EVENT_GRACE_MS = 250;

async function canReadClipboard(): Promise<boolean> {
  try {
    const state = await navigator.permissions.query({ name: 'clipboard-read' as PermissionName });
    return state.state === 'granted';
  } catch {
    return false;
  }
}

/** Writes '' even without focus: execCommand('copy') works in extension pages with clipboardWrite. */
async function writeEmpty(): Promise<boolean> {
  try {
    await navigator.clipboard.writeText('');
    return true;
  } catch {
    const setEmpty = (event: ClipboardEvent) => {
      event.clipboardData?.setData('text/plain', '');
      event.preventDefault();
    };
    document.addEventListener('copy', setEmpty);
    try {
      return document.execCommand('copy');
    } finally {
      document.removeEventListener('copy', setEmpty);
    }
  }
}

export interface CopyHandle {
  /** Settles when the 30 s are over and the clipboard was dealt with. */
  done: Promise<ClearOutcome>;
  /** Stops the countdown (e.g. a newer copy took over). */
  cancel(): void;
}

/** Puts the secret on the clipboard and schedules its removal. Throws if the write fails. */
export async function copySecret(secret: string, clearAfterMs = CLIPBOARD_CLEAR_MS): Promise<CopyHandle> {
  await navigator.clipboard.writeText(secret);
  const writtenAt = performance.now();
  let changedElsewhere = false;
  const onChange = () => {
    if (performance.now() - writtenAt > OWN_EVENT_GRACE_MS) changedElsewhere = true;
  };
  const clipboard = navigator.clipboard as Clipboard & EventTarget;
  clipboard.addEventListener?.('clipboardchange', onChange);

  let cancel: () => void = () => undefined;
  const done = new Promise<ClearOutcome>((resolve) => {
    const timer = setTimeout(async () => {
      clipboard.removeEventListener?.('clipboardchange', onChange);
      try {
        if (await canReadClipboard()) {
          const current = await navigator.clipboard.readText();
          if (current !== secret) return resolve('left-alone');
        } else if (changedElsewhere) {
          return resolve('left-alone');
        }
        resolve((await writeEmpty()) ? 'cleared' : 'failed');
      } catch {
        resolve('failed');
      }
    }, clearAfterMs);
    cancel = () => {
      clearTimeout(timer);
      clipboard.removeEventListener?.('clipboardchange', onChange);
      resolve('left-alone');
    };
  });
  return { done, cancel };
}
