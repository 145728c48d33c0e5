// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import golden from '@/test/fixtures/golden/storage-local.v1.json';

// No screen saved, and another screen left (which waits for the checked read): reopen-route.test.tsx.
describe('the popup reopened with the list as the screen left', () => {
  let root: HTMLElement | undefined;

  afterEach(() => {
    vi.doUnmock('@/lib/storage/popup-session');
    if (root) render(null, root);
    root?.remove();
  });

  it('never paints the cached list of another management key (changed or removed since)', {
    timeout: 60_000,
  }, async () => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => new Promise(() => undefined));
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.local.keyCache]: golden['keys.cache'],
      [STORAGE_KEYS.local.settings]: {
        ...golden.settings,
        managementKeyId: 'e0000000-0000-4000-8000-000000000002',
      },
    });
    await fakeBrowser.storage.session.set({ [STORAGE_KEYS.session.popupRoute]: { name: 'list' } });
    const holder = globalThis as { vkcListCache?: unknown; vkcRoute?: unknown };
    const read = fakeBrowser.storage.local.get([STORAGE_KEYS.local.keyCache, STORAGE_KEYS.local.settings]);
    holder.vkcListCache = read;
    holder.vkcRoute = fakeBrowser.storage.session.get(STORAGE_KEYS.session.popupRoute);
    vi.resetModules();
    const { App } = await import('@/entrypoints/popup/App');
    root = document.createElement('div');
    document.body.append(root);
    render(<App />, root);
    const shown = root;
    // The read is in and the page tools' chunk too: the list would have been drawn by now.
    await read;
    await import('@/entrypoints/popup/views/PageTools');
    await new Promise((done) => setTimeout(done, 0));
    expect(shown.textContent).toContain('Loading…');
    expect(shown.querySelectorAll('.key-row')).toHaveLength(0);
  });

  it("paints the cached list without waiting for the stored items' chunk", { timeout: 60_000 }, async () => {
    fakeBrowser.reset();
    // The background never answers here: what is drawn comes from storage.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => new Promise(() => undefined));
    // The cache of the management key the settings name (another key's list is never painted).
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.local.keyCache]: golden['keys.cache'],
      [STORAGE_KEYS.local.settings]: golden.settings,
    });
    await fakeBrowser.storage.session.set({ [STORAGE_KEYS.session.popupRoute]: { name: 'list' } });
    // As popup-cache.js does in Chromium, before the page's modules run.
    const holder = globalThis as { vkcListCache?: unknown; vkcRoute?: unknown };
    holder.vkcListCache = fakeBrowser.storage.local.get([
      STORAGE_KEYS.local.keyCache,
      STORAGE_KEYS.local.settings,
    ]);
    holder.vkcRoute = fakeBrowser.storage.session.get(STORAGE_KEYS.session.popupRoute);
    // The stored items' chunk (lib/storage/popup-session.ts) never arrives here.
    vi.resetModules();
    vi.doMock('@/lib/storage/popup-session', () => new Promise(() => undefined));
    const { App } = await import('@/entrypoints/popup/App');
    root = document.createElement('div');
    document.body.append(root);
    render(<App />, root);
    const shown = root;
    const cachedKeys = (golden['keys.cache'] as { keys: unknown[] }).keys.length;
    await vi.waitFor(() => expect(shown.querySelectorAll('.key-row').length).toBe(cachedKeys), {
      timeout: 15_000,
    });
    // The page tools' code starts loading with the page, and the other views' right after the
    // list is painted (App.tsx): let them finish before the test ends, or they load after teardown.
    await Promise.all([
      import('@/entrypoints/popup/views/PageTools'),
      import('@/entrypoints/popup/views/KeyDetail'),
      import('@/entrypoints/popup/views/CreateKey'),
      import('@/entrypoints/popup/views/EditKey'),
      import('@/entrypoints/popup/views/BreachLog'),
      import('@/entrypoints/popup/views/RevokeConfirm'),
      import('@/entrypoints/popup/views/MintStatus'),
      import('@/entrypoints/popup/views/Notice'),
      import('@/entrypoints/popup/views/LockNow'),
    ]);
  });
});
