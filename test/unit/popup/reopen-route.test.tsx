// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import golden from '@/test/fixtures/golden/storage-local.v1.json';

/**
 * The popup module starts its reads as it loads, so each test sets storage up first, then loads
 * a fresh copy of it.
 */
async function openPopup(route: unknown): Promise<{ root: HTMLElement; rowsEverShown: () => boolean }> {
  await fakeBrowser.storage.local.set({ [STORAGE_KEYS.local.keyCache]: golden['keys.cache'] });
  await fakeBrowser.storage.session.set({ [STORAGE_KEYS.session.popupRoute]: route });
  // As in Chromium: popup-cache.js started the list cache read before the page's modules ran, so
  // it is in before the screen the user left (storage.session) is.
  const listCache = fakeBrowser.storage.local.get(STORAGE_KEYS.local.keyCache);
  (globalThis as { vkcListCache?: unknown }).vkcListCache = listCache;
  const sessionGet = fakeBrowser.storage.session.get.bind(fakeBrowser.storage.session);
  vi.spyOn(fakeBrowser.storage.session, 'get').mockImplementation(async (keys) => {
    await listCache;
    await new Promise((next) => setTimeout(next, 0));
    return sessionGet(keys);
  });
  const localGet = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
  vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation((keys) => {
    if (keys === STORAGE_KEYS.local.usageCache) order.push('usage cache read');
    return localGet(keys);
  });
  vi.resetModules();
  vi.doMock('@/entrypoints/popup/views/Usage', async (original) => {
    order.push('usage view code');
    return original();
  });
  const { App } = await import('@/entrypoints/popup/App');
  const root = document.createElement('div');
  document.body.append(root);
  let rows = false;
  new MutationObserver(() => {
    rows ||= root.querySelector('.key-row') !== null;
  }).observe(root, { childList: true, subtree: true });
  render(<App />, root);
  return { root, rowsEverShown: () => rows || root.querySelector('.key-row') !== null };
}

/** What happened, in order: the usage cache read and the loading of the usage view's code. */
let order: string[] = [];

describe('the popup reopened on the screen the user left', () => {
  let root: HTMLElement | undefined;

  beforeEach(() => {
    order = [];
    fakeBrowser.reset();
    // The background never answers here: what is drawn comes from storage.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => new Promise(() => undefined));
  });

  afterEach(() => {
    vi.doUnmock('@/entrypoints/popup/views/Usage');
    if (root) render(null, root);
    root?.remove();
  });

  it('on the usage view: draws it without building the cached key list first, its cache read beside its code', {
    timeout: 60_000,
  }, async () => {
    const opened = await openPopup({ name: 'usage', days: 7 });
    root = opened.root;
    await vi.waitFor(() => expect(root?.querySelector('h2')?.textContent).toBe('Account usage'), {
      timeout: 15_000,
    });
    expect(opened.rowsEverShown()).toBe(false);
    // The usage cache was asked for before the view's code was even loaded, not after it.
    expect(order.indexOf('usage cache read')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('usage cache read')).toBeLessThan(order.indexOf('usage view code'));
    // The page tools' code starts loading with the page: let it finish before the test ends.
    await import('@/entrypoints/popup/views/PageTools');
  });
});
