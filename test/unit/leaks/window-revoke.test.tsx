// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeakCheckResult } from '@/lib/leaks/service';
import type { StoredKeyMeta } from '@/lib/vault/types';
import type { ApiKey } from '@/lib/venice/types';
import { renderRoot, waitForRender } from '../support/render-root';

vi.mock('@/lib/messaging/client', async () => (await import('../support/fake-background')).client());
const { background } = await import('../support/fake-background');

const { App } = await import('@/entrypoints/leak/App');

const ADMIN_SECRET_LAST6 = 'Adm001';

const adminKey: ApiKey = {
  id: 'k-admin',
  apiKeyType: 'ADMIN',
  description: 'Admin key',
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  last6Chars: ADMIN_SECRET_LAST6,
  consumptionLimits: { usd: null, diem: null },
  limitPeriod: 'EPOCH',
  trailingSevenDays: null,
  currentPeriodUsage: null,
  modelPrivacy: null,
} as ApiKey;

const adminEntry: StoredKeyMeta = {
  entryId: 'e-admin',
  label: 'Admin',
  type: 'ADMIN',
  last6: ADMIN_SECRET_LAST6,
  source: 'pasted',
  addedAt: '2026-11-01T00:00:00.000Z',
  veniceKeyId: 'k-admin',
  verified: true,
};

function result(over: Partial<LeakCheckResult> = {}): LeakCheckResult {
  return {
    source: { kind: 'selection' },
    matches: [
      {
        type: 'ADMIN',
        masked: `VENICE_ADMIN_KEY_…${ADMIN_SECRET_LAST6}`,
        last6: ADMIN_SECRET_LAST6,
        occurrences: 1,
        live: [adminKey],
        vault: null,
        site: null,
      },
    ],
    dropped: 0,
    truncated: false,
    access: { state: 'ready', entryId: 'e-admin', label: 'Admin', last6: ADMIN_SECRET_LAST6 },
    vault: 'unlocked',
    listFetchedAt: 1,
    listProblem: null,
    unreadableKeys: 0,
    now: 2,
    ...over,
  };
}

/** The same key, matched by no listed key (and none in the vault). */
function unlisted(over: Partial<LeakCheckResult>): LeakCheckResult {
  const base = result(over);
  return { ...base, matches: base.matches.map((m) => ({ ...m, live: [] })) };
}

beforeEach(() => {
  background.reset({
    'leaks.redeem': () => result(),
    'vault.listKeys': () => [adminEntry],
    'keys.revoke': () => ({ alreadyGone: false, vaultCopy: null }),
  });
  location.hash = '#ticket-1';
});
const root = renderRoot();
const waitFor = <T,>(find: () => T | null | undefined | false) => waitForRender(root(), find);

const button = (name: string) =>
  [...root().querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
const dialogNamed = (name: string) =>
  [...root().querySelectorAll('[role="alertdialog"]')].find(
    (d) => root().querySelector(`[id="${d.getAttribute('aria-labelledby')}"]`)?.textContent === name,
  );
const revokes = () => background.calls.filter((c) => c.method === 'keys.revoke');

async function openFirstConfirmAndConfirm() {
  render(<App />, root());
  (await waitFor(() => button('Revoke'))).click();
  await waitFor(() => dialogNamed('Revoke this key?'));
  (await waitFor(() => button('Revoke Admin key now'))).click();
}

describe('leak window: revoking the extension’s own key asks a second time', () => {
  it('the management and badge key: says what stops working, and Keep the key revokes nothing', async () => {
    background.answers['settings.get'] = () => ({ managementKeyId: 'e-admin', badgeKeyId: 'e-admin' });
    await openFirstConfirmAndConfirm();
    const second = await waitFor(() => dialogNamed('Revoke the extension’s own key?'));
    expect(second.textContent).toContain(
      'is the key this extension manages your keys with, and the key on the toolbar badge',
    );
    expect(second.textContent).toContain('can no longer list, create, edit or revoke keys');
    expect(second.textContent).toContain('the toolbar badge stops showing a balance');
    // Focus moves to the safe choice once the dialog is painted (an effect).
    await waitFor(() => document.activeElement?.textContent === 'Keep the key');
    expect(revokes()).toHaveLength(0);

    button('Keep the key')?.click();
    await waitFor(() => button('Revoke'));
    expect(dialogNamed('Revoke the extension’s own key?')).toBeUndefined();
    expect(revokes()).toHaveLength(0);
  });

  it('the badge key alone: the explicit Revoke anyway revokes it', async () => {
    background.answers['settings.get'] = () => ({ managementKeyId: 'e-other', badgeKeyId: 'e-admin' });
    await openFirstConfirmAndConfirm();
    const second = await waitFor(() => dialogNamed('Revoke the extension’s own key?'));
    expect(second.textContent).toContain('is the key on the toolbar badge');
    expect(second.textContent).not.toContain('manages your keys with');
    expect(revokes()).toHaveLength(0);
    button(`Yes, revoke Admin key …${ADMIN_SECRET_LAST6} and lose that access`)?.click();
    await waitFor(() => root().textContent?.includes('Revoked Admin key.'));
    expect(revokes()).toEqual([{ method: 'keys.revoke', input: { id: 'k-admin' } }]);
  });

  it('a key the extension does not use is revoked after the one confirm', async () => {
    background.answers['settings.get'] = () => ({ managementKeyId: 'e-other', badgeKeyId: null });
    await openFirstConfirmAndConfirm();
    await waitFor(() => root().textContent?.includes('Revoked Admin key.'));
    expect(dialogNamed('Revoke the extension’s own key?')).toBeUndefined();
    expect(revokes()).toHaveLength(1);
  });

  it('when the check fails, it asks rather than risk cutting the extension off', async () => {
    // No answer for settings.get: the check throws.
    await openFirstConfirmAndConfirm();
    const second = await waitFor(() => dialogNamed('Revoke the extension’s own key?'));
    expect(second.textContent).toContain('possibly a key this extension itself uses (it could not check)');
    expect(revokes()).toHaveLength(0);
  });
});

describe('leak window: a key no listed key matches', () => {
  const heading = () => root().querySelector('h2')?.textContent;

  it('with the account’s current list: not this account’s, and nothing to revoke', async () => {
    background.answers['leaks.redeem'] = () => unlisted({});
    render(<App />, root());
    await waitFor(() => heading());
    expect(heading()).toBe('This looks like a Venice key but is not one of this account’s');
    expect(button('Revoke')).toBeUndefined();
  });

  it('when the list could not be fetched: says so and why, and calls it nobody’s', async () => {
    background.answers['leaks.redeem'] = () =>
      unlisted({ listProblem: 'Could not reach Venice. Try again in a moment.' });
    render(<App />, root());
    await waitFor(() => heading());
    expect(heading()).toBe(
      'A Venice key, not compared with this account’s keys: the list could not be fetched',
    );
    expect(root().querySelector('[role="alert"]')?.textContent).toBe(
      'Venice’s key list could not be fetched: Could not reach Venice. Try again in a moment. Treat this key as live until a check against the list says otherwise, and check again once Venice answers.',
    );
    expect(root().textContent).not.toContain('not one of this account’s');
  });

  it('when Venice listed keys the extension could not read: says the key may be one of them', async () => {
    background.answers['leaks.redeem'] = () => unlisted({ unreadableKeys: 2 });
    render(<App />, root());
    await waitFor(() => heading());
    expect(root().textContent).toContain(
      'Venice listed 2 keys this extension could not read: this key may be one of them.',
    );
  });
});
