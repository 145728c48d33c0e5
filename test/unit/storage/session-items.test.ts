/** Fill requests (apps.requests) and held leak-check selections (leaks.held): what a load does with damage. */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fillRequestsItem } from '@/lib/storage/fill-requests';
import { leaksHeldItem } from '@/lib/storage/leaks-held';
import { collectStorageProblems } from '../support/storage-problems';

const { problems, warnings } = collectStorageProblems();

const waiting = {
  id: 'req-1',
  tabId: 4,
  frameId: 0,
  origin: 'https://app.example.com',
  host: 'app.example.com',
  topOrigin: null,
  title: 'App',
  createdAt: 10,
  refusal: null,
  outcome: null,
};

describe('apps.requests', () => {
  it('a damaged request is reported by id and field and left in storage; the readable ones are used', async () => {
    const stored = { 'req-1': waiting, 'req-2': { ...waiting, id: 'req-2', tabId: 'four' } };
    await fakeBrowser.storage.session.set({ 'apps.requests': stored });
    expect(await fillRequestsItem.getValue()).toEqual({ 'req-1': waiting });
    expect(problems).toEqual([
      {
        key: 'session:apps.requests',
        reason: 'req-2.tabId: not a finite number',
        dropped: false,
        repaired: true,
      },
    ]);
    expect(await fakeBrowser.storage.session.get('apps.requests')).toEqual({ 'apps.requests': stored });
  });

  it('an outcome without its key is not taken for a finished fill', async () => {
    const odd = { ...waiting, outcome: { vaultCopy: null, fill: { ok: true }, reused: false } };
    await fakeBrowser.storage.session.set({ 'apps.requests': { 'req-1': odd } });
    expect(await fillRequestsItem.getValue()).toEqual({});
    expect(problems.map((p) => p.reason)).toEqual(['req-1.outcome.key: not an object']);
  });
});

describe('leaks.held', () => {
  const secretLike = 'VENICE_INFERENCE_KEY_unit0synthetic0never0in0a0report0001';

  it('an entry without its text is left out, the others are used, and no report shows the held text', async () => {
    await fakeBrowser.storage.session.set({
      'leaks.held': {
        'ticket-1': { text: secretLike, at: 5, source: { kind: 'selection' } },
        'ticket-2': { at: 6, note: secretLike },
      },
    });
    expect(await leaksHeldItem.getValue()).toEqual({
      'ticket-1': { text: secretLike, at: 5, source: { kind: 'selection' } },
    });
    expect(problems.map((p) => p.reason)).toEqual(['ticket-2.text: not a string']);
    expect(JSON.stringify({ problems, warnings })).not.toContain('unit0synthetic');
  });

  it('an entry from before pages were checked (no source) is a selection, with no problem', async () => {
    await fakeBrowser.storage.session.set({ 'leaks.held': { 't-1': { text: 'x', at: 1 } } });
    expect(await leaksHeldItem.getValue()).toEqual({
      't-1': { text: 'x', at: 1, source: { kind: 'selection' } },
    });
    expect(problems).toEqual([]);
  });
});
