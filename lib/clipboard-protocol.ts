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
/** What a `keep` found: the clear called off, already run (well or not), or nothing known of the copy. */
export type KeepOutcome = 'kept' | 'cleared' | 'failed' | 'unknown';

export function isKeepOutcome(value: unknown): value is KeepOutcome {
  return value === 'kept' || value === 'cleared' || value === 'failed' || value === 'unknown';
}

export function createClearTimer(doc: Document, onCleared: (notice: ClipboardCleared) => void) {
  let pending: { id: string; timer: ReturnType<typeof setTimeout> } | null = null;
  let lastRun: { id: string; ok: boolean } | null = null;
  const run = (id: string) => {
    pending = null;
    let ok = false;
    try {
      ok = writeEmptyClipboard(doc);
    } catch {
      ok = false;
    }
    lastRun = { id, ok };
    onCleared({ kind: CLIPBOARD_CLEARED_KIND, id, ok });
  };
  return {
    schedule(id: string, delayMs: number) {
      if (pending) clearTimeout(pending.timer);
      pending = { id, timer: setTimeout(() => run(id), delayMs) };
    },
    /**
     * The user copied something else after `id`. Says what became of that copy: the clear was
     * called off (`kept`), or it had already run, since the clear's own write is a clipboard
     * change too and the copying page may report it before the "cleared" notice reaches it.
     */
    keep(id: string): KeepOutcome {
      if (pending?.id === id) {
        clearTimeout(pending.timer);
        pending = null;
        return 'kept';
      }
      if (lastRun?.id === id) return lastRun.ok ? 'cleared' : 'failed';
      return 'unknown';
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
