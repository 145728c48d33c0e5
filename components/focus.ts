/**
 * Focus management shared by the pages: a dialog keeps Tab inside itself, closes on Escape,
 * and gives focus back to where the user was.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (el) => !el.hasAttribute('inert') && el.getClientRects().length > 0,
  );
}

/**
 * Tab and Shift+Tab cycle inside `root`; Escape calls `onEscape`. For a modal (`hold`), focus
 * that lands outside (a click elsewhere, a screen reader's virtual cursor) is brought back.
 */
export function useFocusTrap(
  root: RefObject<HTMLElement | null>,
  onEscape?: () => void,
  { hold = true }: { hold?: boolean } = {},
): void {
  useEffect(() => {
    const node = root.current;
    if (!node) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && onEscape) {
        event.preventDefault();
        event.stopPropagation();
        onEscape();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = tabbables(node);
      if (items.length === 0) {
        event.preventDefault();
        return;
      }
      const first = items[0] as HTMLElement;
      const last = items[items.length - 1] as HTMLElement;
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !node.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !node.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    };
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof Node && !node.contains(event.target)) tabbables(node)[0]?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    if (hold) document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [root, onEscape, hold]);
}

/** Escape anywhere on the page calls `onEscape` (a form that closes, keeping its draft). */
export function useEscape(onEscape: (() => void) | undefined): void {
  useEffect(() => {
    if (!onEscape) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onEscape();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onEscape]);
}
