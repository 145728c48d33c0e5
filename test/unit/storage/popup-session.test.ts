/** The popup's screen and drafts (popup.route, popup.createDraft, popup.editDraft): what a load does with damage. */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultKeySettings } from '@/lib/keys/key-settings-draft';
import { popupCreateDraftItem, popupEditDraftItem, popupRouteItem } from '@/lib/storage/popup-session';
import { collectStorageProblems } from '../support/storage-problems';

const { problems } = collectStorageProblems();

describe('popup.route', () => {
  it('a screen this popup does not have opens the list, and the stored value stays as it was', async () => {
    await fakeBrowser.storage.session.set({ 'popup.route': { name: 'settings' } });
    expect(await popupRouteItem.getValue()).toBeNull();
    expect(problems).toEqual([
      { key: 'session:popup.route', reason: 'route.name: not a screen of this popup', dropped: false },
    ]);
    expect(await fakeBrowser.storage.session.get('popup.route')).toEqual({
      'popup.route': { name: 'settings' },
    });
  });

  it('a key screen without its key id is refused; each screen with what it needs loads', async () => {
    await fakeBrowser.storage.session.set({ 'popup.route': { name: 'detail' } });
    expect(await popupRouteItem.getValue()).toBeNull();
    expect(problems.map((p) => p.reason)).toEqual(['route.id: not a string']);
    for (const route of [
      { name: 'list' },
      { name: 'revoke', id: 'k1', from: 'detail' },
      { name: 'rotate', id: 'k1', rotationId: 'r1' },
      { name: 'usage', days: 30 },
    ]) {
      await popupRouteItem.setValue(route as never);
      expect(await popupRouteItem.getValue()).toEqual(route);
    }
  });
});

describe('popup.createDraft and popup.editDraft', () => {
  it('a draft saved before a field existed gets the blank form’s value for it', async () => {
    await fakeBrowser.storage.session.set({
      'popup.createDraft': { requestId: 'req-1', draft: { apiKeyType: 'ADMIN', description: 'old' } },
    });
    expect(await popupCreateDraftItem.getValue()).toEqual({
      requestId: 'req-1',
      draft: { ...defaultKeySettings(), apiKeyType: 'ADMIN', description: 'old' },
      submittedAt: null,
    });
    expect(problems).toEqual([]);
  });

  it('an edit draft without the key’s original settings is refused and reported by path', async () => {
    await fakeBrowser.storage.session.set({
      'popup.editDraft': { id: 'k1', draft: { ...defaultKeySettings(), description: 'x' } },
    });
    expect(await popupEditDraftItem.getValue()).toBeNull();
    expect(problems.map((p) => p.reason)).toEqual(['editDraft.original: not an object']);
  });
});
