/**
 * The background wiring of rotation and expiry reminders: the badge's alarm runs the reminder
 * check from the cached list, and a click on a reminder opens the popup on that key's rotation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BADGE_ALARM } from '@/lib/badge/updater';
import { registerRotation } from '@/lib/keys/rotation-api';
import { EMPTY_KEY_CACHE, writeKeyCache } from '@/lib/storage/key-cache';
import { makeKey } from './fakes';

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('registerRotation', () => {
  it('clicking an expiry reminder opens the popup on that key, in a window, and clears the reminder', async () => {
    const opened = vi.spyOn(browser.windows, 'create');
    registerRotation();
    await browser.notifications.create('vkc-expiry:key-42', {
      type: 'basic',
      iconUrl: '',
      title: 'Venice key expires in 3 d',
      message: '',
    });
    await fakeBrowser.notifications.onClicked.trigger('vkc-expiry:key-42');
    await vi.waitFor(() => expect(opened).toHaveBeenCalledTimes(1));
    expect(opened.mock.calls[0]?.[0]).toMatchObject({
      url: browser.runtime.getURL('/popup.html?rotate=key-42'),
      type: 'popup',
    });
    await vi.waitFor(async () => expect(await browser.notifications.getAll()).toEqual({}));
  });

  it('a click on another notification (the low balance one) opens nothing', async () => {
    const opened = vi.spyOn(browser.windows, 'create');
    registerRotation();
    await fakeBrowser.notifications.onClicked.trigger('vkc-badge-low-balance');
    await Promise.resolve();
    expect(opened).not.toHaveBeenCalled();
  });

  it("the badge's periodic alarm shows the reminders due, from the cached list", async () => {
    const soon = makeKey({
      description: 'expiring',
      expiresAt: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString(),
    });
    await writeKeyCache({ ...EMPTY_KEY_CACHE, ownerEntryId: 'entry-1', keys: [soon, makeKey()] });
    registerRotation();
    await fakeBrowser.alarms.onAlarm.trigger({ name: BADGE_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(async () =>
      expect(Object.keys(await browser.notifications.getAll())).toEqual([`vkc-expiry:${soon.id}`]),
    );
  });
});
