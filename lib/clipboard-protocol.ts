/**
 * Messages between the background, the offscreen document that clears the clipboard, and the
 * page that copied. Nothing secret travels: a copy is named by a random id.
 */

/** Background → offscreen document: clear the clipboard after `delayMs` (replaces any earlier clear). */
export const OFFSCREEN_CLEAR_KIND = 'vkc/offscreen-clear';
/** Background → offscreen document: the user copied something else; leave the clipboard alone. */
export const OFFSCREEN_KEEP_KIND = 'vkc/offscreen-keep';
/** Background → offscreen document (development build only): run the pending clear now. */
export const OFFSCREEN_NOW_KIND = 'vkc/offscreen-now';
/** Offscreen document (or Firefox's background page) → everyone: the clear ran. */
export const CLIPBOARD_CLEARED_KIND = 'vkc/clipboard-cleared';

export interface OffscreenClear {
  kind: typeof OFFSCREEN_CLEAR_KIND;
  id: string;
  delayMs: number;
}

export interface ClipboardCleared {
  kind: typeof CLIPBOARD_CLEARED_KIND;
  id: string;
  ok: boolean;
}

export function isClipboardCleared(message: unknown): message is ClipboardCleared {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<ClipboardCleared>;
  return m.kind === CLIPBOARD_CLEARED_KIND && typeof m.id === 'string' && typeof m.ok === 'boolean';
}

/**
 * Puts an empty string on the clipboard from a document that has no focus (an offscreen
 * document, Firefox's background page): execCommand('copy') works there for an extension with
 * `clipboardWrite`; navigator.clipboard would refuse an unfocused document.
 */
export function writeEmptyClipboard(doc: Document): boolean {
  const setEmpty = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  doc.addEventListener('copy', setEmpty);
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', setEmpty);
  }
}

/**
 * One pending clear at a time (a newer copy replaces the older: the clipboard holds only the
 * newest anyway). Used by the offscreen document, and by Firefox's background page itself.
 */
export function createClearTimer(doc: Document, onCleared: (notice: ClipboardCleared) => void) {
  let pending: { id: string; timer: ReturnType<typeof setTimeout> } | null = null;
  const run = (id: string) => {
    pending = null;
    let ok = false;
    try {
      ok = writeEmptyClipboard(doc);
    } catch {
      ok = false;
    }
    onCleared({ kind: CLIPBOARD_CLEARED_KIND, id, ok });
  };
  return {
    schedule(id: string, delayMs: number) {
      if (pending) clearTimeout(pending.timer);
      pending = { id, timer: setTimeout(() => run(id), delayMs) };
    },
    keep(id: string) {
      if (pending?.id !== id) return;
      clearTimeout(pending.timer);
      pending = null;
    },
    runNow() {
      if (!pending) return;
      clearTimeout(pending.timer);
      run(pending.id);
    },
    get pendingId() {
      return pending?.id ?? null;
    },
  };
}
