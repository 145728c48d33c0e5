import { options, render } from 'preact';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * An element in the document to render into, fresh for each test and unmounted and removed
 * after it (so one test's effects and timers never reach the next). Call it where the hooks
 * belong: its `afterEach` runs before those registered earlier, so a test's fake timers are
 * still in place while the tree unmounts.
 */
export function renderRoot(): () => HTMLElement {
  let root: HTMLElement | null = null;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    if (!root) return;
    render(null, root);
    root.remove();
    root = null;
  });
  return () => {
    if (!root) throw new Error('renderRoot(): the root exists only inside a test');
    return root;
  };
}

/** Counts how often a component function ran (each run is a render of it). */
export function countRenders(component: unknown): { count: () => number; stop: () => void } {
  let count = 0;
  const previous = options.diffed;
  options.diffed = (vnode) => {
    if (vnode.type === component) count++;
    previous?.(vnode);
  };
  return { count: () => count, stop: () => (options.diffed = previous) };
}

/**
 * Waits until `find` returns something: a page renders after its calls resolve. The timeout is a
 * ceiling for a loaded machine, not a measure: it returns as soon as the thing is there, and
 * otherwise fails with what the page shows.
 */
export function waitForRender<T>(root: HTMLElement, find: () => T | null | undefined | false): Promise<T> {
  return vi.waitFor(
    () => {
      const found = find();
      if (!found) throw new Error(`not found; the page shows: ${root.textContent}`);
      return found;
    },
    { timeout: 15_000, interval: 5 },
  );
}
