/**
 * The list's shell (the popup's markup of the list, painted by popup-cache.js before the popup's
 * modules run) goes with the list cache's record in memory and is stored apart (`keys.shell`), so
 * that popup-cache.js reads only it first: kept only for the cache it was drawn from, written only
 * when it changed, and removed before the list whenever the list is cleared or replaced.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyService } from '@/lib/keys/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import { KEY_CACHE_KEY, KEY_SHELL_KEY } from '@/lib/storage/keys';
import { makeKey, setup } from './fakes';

const SHELL =
  '<main class="popup"><section class="key-list"><ul><li>first …abcdef</li></ul></section></main>';

beforeEach(() => {
  fakeBrowser.reset();
});

/** A service with a refreshed list of one key and its shell saved. */
async function withShell() {
  const t = setup();
  t.venice.keys = [makeKey({ description: 'first' })];
  const service = createKeyService(t.deps);
  const fresh = await service.refresh();
  expect(await service.saveShell(fresh.list.fetchedAt as number, SHELL)).toBe(true);
  expect((await readKeyCache()).shell).toBe(SHELL);
  return { t, service, fetchedAt: fresh.list.fetchedAt as number };
}

type Write = { list: number } | { shell: string | undefined };

/** Every write of the list and of its shell, in order, as storage saw them; the list's own record never holds markup. */
function cacheWrites(): Write[] {
  const seen: Write[] = [];
  fakeBrowser.storage.local.onChanged.addListener((changes) => {
    const shell = changes[KEY_SHELL_KEY];
    if (shell) seen.push({ shell: (shell.newValue as { shell?: string } | undefined)?.shell });
    const list = changes[KEY_CACHE_KEY];
    if (!list) return;
    const next = list.newValue as { keys: unknown[]; shell?: string } | undefined;
    expect(next?.shell).toBeUndefined();
    seen.push({ list: next?.keys.length ?? 0 });
  });
  return seen;
}

describe("the list's shell, stored apart from the list", () => {
  it('is kept only for the cache it was drawn from, and only while the vault is open', async () => {
    const { t, service, fetchedAt } = await withShell();
    // Drawn from an older list: the cache has moved on, nothing is saved.
    t.advance(1_000);
    const newer = await service.refresh();
    expect(await service.saveShell(fetchedAt, '<main>older</main>')).toBe(false);
    expect((await readKeyCache()).shell).toBe(SHELL);
    // The same markup again: no write.
    const writes = cacheWrites();
    expect(await service.saveShell(newer.list.fetchedAt as number, SHELL)).toBe(false);
    expect(writes).toEqual([]);
    t.vault.status = 'locked';
    expect(await service.saveShell(newer.list.fetchedAt as number, '<main>locked</main>')).toBe(false);
    expect((await readKeyCache()).shell).toBe(SHELL);
  });

  it('a refresh of the same list keeps its shell, and does not write the markup again', async () => {
    const { t, service } = await withShell();
    t.advance(1_000);
    const writes = cacheWrites();
    await service.refresh();
    expect((await readKeyCache()).shell).toBe(SHELL);
    expect(writes).toEqual([{ list: 1 }]);
  });

  it('a refresh for another management key removes the shell before it writes the new list', async () => {
    const { t, service } = await withShell();
    const other = t.vault.addSynthetic('Other admin', 'ADMIN');
    t.settings.managementKeyId = other.entryId;
    const writes = cacheWrites();
    await service.refresh();
    const cache = await readKeyCache();
    expect(cache.ownerEntryId).toBe(other.entryId);
    expect(cache.shell).toBeUndefined();
    expect(writes).toEqual([{ shell: undefined }, { list: 1 }]);
    expect(await fakeBrowser.storage.local.get(KEY_SHELL_KEY)).toEqual({});
  });

  it('a vault reset forgets the shell, then the list', async () => {
    const { t, service } = await withShell();
    t.vault.status = 'none';
    t.vault.entries = [];
    const writes = cacheWrites();
    await service.dropOrphanCache();
    const cache = await readKeyCache();
    expect(cache.keys).toEqual([]);
    expect(cache.ownerEntryId).toBeNull();
    expect(cache.shell).toBeUndefined();
    expect(writes).toEqual([{ shell: undefined }, { list: 0 }]);
    expect(await fakeBrowser.storage.local.get(KEY_SHELL_KEY)).toEqual({});
  });

  it('a shell stored for another management key is never joined to this list', async () => {
    const { t } = await withShell();
    await fakeBrowser.storage.local.set({ [KEY_SHELL_KEY]: { ownerEntryId: 'someone-else', shell: SHELL } });
    expect((await readKeyCache()).shell).toBeUndefined();
    expect((await readKeyCache()).ownerEntryId).toBe(t.admin.entryId);
  });

  it('a shell an earlier version kept inside the list is read from there, and moves out at the next write', async () => {
    const { t, service } = await withShell();
    const { [KEY_CACHE_KEY]: list } = await fakeBrowser.storage.local.get(KEY_CACHE_KEY);
    await fakeBrowser.storage.local.remove(KEY_SHELL_KEY);
    await fakeBrowser.storage.local.set({ [KEY_CACHE_KEY]: { ...(list as object), shell: SHELL } });
    expect((await readKeyCache()).shell).toBe(SHELL);
    t.advance(1_000);
    await service.refresh();
    const stored = await fakeBrowser.storage.local.get([KEY_CACHE_KEY, KEY_SHELL_KEY]);
    expect((stored[KEY_CACHE_KEY] as { shell?: string }).shell).toBeUndefined();
    expect(stored[KEY_SHELL_KEY]).toEqual({ ownerEntryId: t.admin.entryId, shell: SHELL });
  });

  it('removing the management key from the vault forgets its list and shell; removing another key does not', async () => {
    const { t, service } = await withShell();
    const other = t.vault.addSynthetic('Spare', 'INFERENCE');
    t.vault.entries = t.vault.entries.filter((e) => e.entryId !== other.entryId);
    await service.dropOrphanCache();
    expect((await readKeyCache()).shell).toBe(SHELL);

    t.vault.entries = t.vault.entries.filter((e) => e.entryId !== t.admin.entryId);
    const writes = cacheWrites();
    await service.dropOrphanCache();
    expect((await readKeyCache()).shell).toBeUndefined();
    expect(writes).toEqual([{ shell: undefined }, { list: 0 }]);
  });

  it('a locked vault cannot say which keys it holds: the list and shell stay (the locked popup shows them read-only)', async () => {
    const { t, service } = await withShell();
    t.vault.status = 'locked';
    await service.dropOrphanCache();
    expect((await readKeyCache()).shell).toBe(SHELL);
  });
});
