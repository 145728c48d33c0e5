/** Values the options page and the background share (nothing heavy: UI pages import this). */

/** What the user types to confirm wiping the vault. */
export const RESET_CONFIRMATION = 'delete my vault';

/** The auto-lock choices offered, in minutes; 0 = only when the browser closes. */
export const AUTO_LOCK_CHOICES = [5, 15, 30, 60, 240, 0] as const;

/** Longest label for a stored key. */
export const LABEL_MAX = 80;

/** How long a copied secret may stay on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000;
