/**
 * The list's shell (the popup's markup of the list, painted by popup-cache.js before the popup's
 * modules run) lives in the list cache's record: kept only for the cache it was drawn from, and
 * gone in the same write as the list whenever the list is cleared or replaced.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyService } from '@/lib/keys/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import { KEY_CACHE_KEY } from '@/lib/storage/keys';
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

/** Every write of the cache, as storage saw it: the list and its shell always change together. */
function cacheWrites(): { keys: number; shell: string | undefined }[] {
  const seen: { keys: number; shell: string | undefined }[] = [];
  fakeBrowser.storage.local.onChanged.addListener((changes) => {
    const change = changes[KEY_CACHE_KEY];
    if (!change) return;
    const next = change.newValue as { keys: unknown[]; shell?: string } | undefined;
    seen.push({ keys: next?.keys.length ?? 0, shell: next?.shell });
  });
  return seen;
}

describe("the list's shell in the cache record", () => {
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

  it('a refresh for another management key replaces the list and its shell in one write', async () => {
    const { t, service } = await withShell();
    const other = t.vault.addSynthetic('Other admin', 'ADMIN');
    t.settings.managementKeyId = other.entryId;
    const writes = cacheWrites();
    await service.refresh();
    const cache = await readKeyCache();
    expect(cache.ownerEntryId).toBe(other.entryId);
    expect(cache.shell).toBeUndefined();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.shell).toBeUndefined();
  });

  it('a vault reset forgets the list and its shell in one write', async () => {
    const { t, service } = await withShell();
    t.vault.status = 'none';
    t.vault.entries = [];
    const writes = cacheWrites();
    await service.dropOrphanCache();
    const cache = await readKeyCache();
    expect(cache.keys).toEqual([]);
    expect(cache.ownerEntryId).toBeNull();
    expect(cache.shell).toBeUndefined();
    expect(writes).toEqual([{ keys: 0, shell: undefined }]);
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
    expect(writes).toEqual([{ keys: 0, shell: undefined }]);
  });

  it('a locked vault cannot say which keys it holds: the list and shell stay (the locked popup shows them read-only)', async () => {
    const { t, service } = await withShell();
    t.vault.status = 'locked';
    await service.dropOrphanCache();
    expect((await readKeyCache()).shell).toBe(SHELL);
  });
});
