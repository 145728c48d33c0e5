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
async function openPopup(
  route: unknown,
  { early = false, storageLibrary = true } = {},
): Promise<{ root: HTMLElement; rowsEverShown: () => boolean }> {
  // The cache of the management key the settings name (another key's list is never painted).
  await fakeBrowser.storage.local.set({
    [STORAGE_KEYS.local.keyCache]: golden['keys.cache'],
    [STORAGE_KEYS.local.settings]: golden.settings,
  });
  await fakeBrowser.storage.session.set({ [STORAGE_KEYS.session.popupRoute]: route });
  // As in Chromium: popup-cache.js started the list cache read before the page's modules ran, so
  // it is in before the screen the user left (storage.session) is.
  const listCache = fakeBrowser.storage.local.get([STORAGE_KEYS.local.keyCache, STORAGE_KEYS.local.settings]);
  (globalThis as { vkcListCache?: unknown }).vkcListCache = listCache;
  // `early`: popup-cache.js also started reading the screen left, beside the list cache.
  if (early)
    (globalThis as { vkcRoute?: unknown }).vkcRoute = fakeBrowser.storage.session.get(
      STORAGE_KEYS.session.popupRoute,
    );
  const sessionGet = fakeBrowser.storage.session.get.bind(fakeBrowser.storage.session);
  vi.spyOn(fakeBrowser.storage.session, 'get').mockImplementation(async (keys) => {
    await listCache;
    await new Promise((next) => setTimeout(next, 0));
    return sessionGet(keys);
  });
  vi.resetModules();
  // `storageLibrary: false`: the chunk with the checked session items never arrives (a slow load).
  if (!storageLibrary) vi.doMock('@/lib/storage/popup-session', () => new Promise(() => undefined));
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

describe('the popup reopened on the screen the user left', () => {
  let root: HTMLElement | undefined;

  beforeEach(() => {
    fakeBrowser.reset();
    // The background never answers here: what is drawn comes from storage.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => new Promise(() => undefined));
  });

  afterEach(() => {
    vi.doUnmock('@/lib/storage/popup-session');
    (globalThis as { vkcRoute?: unknown }).vkcRoute = undefined;
    if (root) render(null, root);
    root?.remove();
  });

  it('on the usage view: draws it without building the cached key list first', {
    timeout: 60_000,
  }, async () => {
    const opened = await openPopup({ name: 'usage', days: 7 });
    root = opened.root;
    await vi.waitFor(() => expect(root?.querySelector('h2')?.textContent).toBe('Account usage'), {
      timeout: 15_000,
    });
    expect(opened.rowsEverShown()).toBe(false);
    // The page tools' code starts loading with the page: let it finish before the test ends.
    await import('@/entrypoints/popup/views/PageTools');
  });

  // The window saved; a window the view does not offer (the early read is not checked) gives the default.
  for (const [days, shown] of [
    [90, '90 days'],
    [12, '30 days'],
  ] as const)
    it(`on the usage view of ${days} days, read early by popup-cache.js: draws it on ${shown} without waiting for the storage library`, {
      timeout: 60_000,
    }, async () => {
      const opened = await openPopup({ name: 'usage', days }, { early: true, storageLibrary: false });
      root = opened.root;
      await vi.waitFor(() => expect(root?.querySelector('h2')?.textContent).toBe('Account usage'), {
        timeout: 15_000,
      });
      expect(
        root.querySelector<HTMLInputElement>('input[type=radio]:checked')?.parentElement?.textContent,
      ).toBe(shown);
      expect(opened.rowsEverShown()).toBe(false);
      await import('@/entrypoints/popup/views/PageTools');
    });

  it('with no screen saved, read early: paints the cached list without waiting for the storage library', {
    timeout: 60_000,
  }, async () => {
    const opened = await openPopup(undefined, { early: true, storageLibrary: false });
    root = opened.root;
    await vi.waitFor(() => expect(opened.rowsEverShown()).toBe(true), { timeout: 15_000 });
    // Painted, the popup preloads its other views 50 ms later: let those loads finish before the test ends.
    await new Promise((next) => setTimeout(next, 100));
    await Promise.all(
      [
        'KeyDetail',
        'CreateKey',
        'EditKey',
        'BreachLog',
        'RevokeConfirm',
        'MintStatus',
        'Notice',
        'LockNow',
        'PageTools',
      ].map((view) => import(`@/entrypoints/popup/views/${view}.tsx`)),
    );
  });

  it('on another screen, read early: waits for the checked read, never shows the list meanwhile', {
    timeout: 60_000,
  }, async () => {
    const opened = await openPopup({ name: 'detail', id: 'k1' }, { early: true, storageLibrary: false });
    root = opened.root;
    // Give the early read every chance to (wrongly) decide.
    await fakeBrowser.storage.session.get(STORAGE_KEYS.session.popupRoute);
    await new Promise((next) => setTimeout(next, 50));
    expect(opened.rowsEverShown()).toBe(false);
    expect(root.querySelector('h2')).toBeNull();
    await import('@/entrypoints/popup/views/PageTools');
  });
});
