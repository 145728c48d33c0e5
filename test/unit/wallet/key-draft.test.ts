/**
 * The wallet window's new-key settings as stored (session `wallet.keyDraft`): a reopened window
 * gets back what it can use of them, says when some could not be read, and leaves the stored
 * value as it was.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWalletState } from '@/entrypoints/wallet/state';
import { defaultKeySettings } from '@/lib/keys/key-settings-draft';
import { walletKeyDraftItem } from '@/lib/storage/wallet-draft';
import { collectStorageProblems } from '../support/storage-problems';

const { problems, warnings } = collectStorageProblems();

const typed = {
  ...defaultKeySettings(),
  description: 'Half-typed web3 key',
  usdCap: '7.5',
  limitPeriod: 'MONTH' as const,
};

describe('a reopened wallet window', () => {
  it('gets the key settings typed before back', async () => {
    await fakeBrowser.storage.session.set({ 'wallet.keyDraft': typed });
    const state = createWalletState();
    await state.restoreDraft();
    expect(state.draft.value).toEqual(typed);
    expect(state.problem.value).toBeNull();
    expect(problems).toEqual([]);
  });

  it('a damaged draft: the fields it can use are back, the rest blank, the problem said, the stored value kept', async () => {
    // A cap stored as a number (the form trims strings) and a key type the form has no option for.
    const damaged = { ...typed, usdCap: 7.5, apiKeyType: 'SUPERUSER' };
    await fakeBrowser.storage.session.set({ 'wallet.keyDraft': damaged });
    const state = createWalletState();
    await state.restoreDraft();
    expect(state.draft.value).toEqual({ ...typed, usdCap: '', apiKeyType: 'INFERENCE' });
    expect(state.problem.value).toBe(
      'Some of the key settings typed before could not be read (keyDraft.usdCap: not a string): the rest are back in the form.',
    );
    expect(problems).toEqual([
      {
        key: 'session:wallet.keyDraft',
        reason: 'keyDraft.usdCap: not a string',
        dropped: false,
        repaired: true,
      },
    ]);
    // The report names the field, never a value.
    expect(warnings.join('\n')).not.toContain('Half-typed');
    expect(await fakeBrowser.storage.session.get('wallet.keyDraft')).toEqual({ 'wallet.keyDraft': damaged });
  });

  it('a draft that is not a form at all: a blank form, and the window says so', async () => {
    await fakeBrowser.storage.session.set({ 'wallet.keyDraft': 'Half-typed web3 key' });
    const state = createWalletState();
    await state.restoreDraft();
    expect(state.draft.value).toEqual(defaultKeySettings());
    expect(state.problem.value).toBe(
      'Some of the key settings typed before could not be read (keyDraft: not an object): the form starts blank.',
    );
  });

  it('a field typed while the stored draft is being read keeps what was typed', async () => {
    await fakeBrowser.storage.session.set({ 'wallet.keyDraft': typed });
    const state = createWalletState();
    const restoring = state.restoreDraft();
    state.typeDraft('description', 'typed just now');
    await restoring;
    expect(state.draft.value).toEqual({ ...typed, description: 'typed just now' });
  });

  it('what is typed is stored as a version 1 draft that the item reads back', async () => {
    const state = createWalletState();
    state.typeDraft('diemCap', '3');
    await vi.waitFor(async () => expect((await walletKeyDraftItem.load()).value).not.toBeNull());
    expect(await walletKeyDraftItem.load()).toEqual({
      value: { ...defaultKeySettings(), diemCap: '3' },
      problem: null,
    });
  });
});
