import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  checkExpiryReminders,
  dueReminders,
  EXPIRY_NOTIFICATION_PREFIX,
  expiresInWords,
} from '@/lib/keys/expiry';
import { expiryNotifiedItem } from '@/lib/storage/expiry-notified';
import { makeKey } from './fakes';

beforeEach(() => {
  fakeBrowser.reset();
});

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (d: number) => new Date(NOW + d * DAY).toISOString();

describe('dueReminders', () => {
  it('picks keys expiring within the threshold, not later ones, expired ones or keys without expiry', () => {
    const soon = makeKey({ expiresAt: inDays(3) });
    const edge = makeKey({ expiresAt: inDays(7) });
    const later = makeKey({ expiresAt: inDays(7.01) });
    const past = makeKey({ expiresAt: inDays(-1) });
    const never = makeKey({ expiresAt: null });
    const unreadable = makeKey({ expiresAt: 'soon-ish' });
    expect(dueReminders([soon, edge, later, past, never, unreadable], {}, 7, NOW).map((k) => k.id)).toEqual([
      soon.id,
      edge.id,
    ]);
  });

  it('reminds once per key per threshold, and again when the threshold or the expiry changed', () => {
    const key = makeKey({ expiresAt: inDays(3) });
    const seen = { [key.id]: { days: 7, expiresAt: key.expiresAt as string, at: NOW } };
    expect(dueReminders([key], seen, 7, NOW)).toEqual([]);
    expect(dueReminders([key], seen, 5, NOW)).toEqual([key]);
    expect(dueReminders([{ ...key, expiresAt: inDays(4) }], seen, 7, NOW)).toHaveLength(1);
  });

  it('0 days turns reminders off', () => {
    expect(dueReminders([makeKey({ expiresAt: inDays(1) })], {}, 0, NOW)).toEqual([]);
  });
});

describe('expiresInWords', () => {
  it('says days, or hours on the last day', () => {
    expect(expiresInWords(inDays(3.4), NOW)).toBe('in 3 d');
    expect(expiresInWords(inDays(2.9999), NOW)).toBe('in 3 d');
    expect(expiresInWords(inDays(0.25), NOW)).toBe('in 6 h');
  });
});

describe('checkExpiryReminders', () => {
  it('notifies each due key once, records it without secrets, and forgets keys no longer listed', async () => {
    const soon = makeKey({ description: 'Production backend', expiresAt: inDays(3) });
    const calm = makeKey({ expiresAt: inDays(30) });
    const shown: { id: string; title: string; message: string }[] = [];
    let keys = [soon, calm];
    const deps = {
      now: () => NOW,
      listedKeys: async () => keys,
      reminderDays: async () => 7,
      notify: async (id: string, title: string, message: string) => {
        shown.push({ id, title, message });
      },
    };
    expect(await checkExpiryReminders(deps)).toEqual([soon.id]);
    expect(shown).toEqual([
      {
        id: `${EXPIRY_NOTIFICATION_PREFIX}${soon.id}`,
        title: `Venice key expires in 3 d: Production backend …${soon.last6Chars}`,
        message: `It stops working on ${inDays(3).slice(0, 16).replace('T', ' ')} UTC. Click to rotate it.`,
      },
    ]);
    expect(await expiryNotifiedItem.getValue()).toEqual({
      [soon.id]: { days: 7, expiresAt: soon.expiresAt, at: NOW },
    });
    // The next tick says nothing again.
    expect(await checkExpiryReminders(deps)).toEqual([]);
    expect(shown).toHaveLength(1);
    keys = [calm];
    await checkExpiryReminders(deps);
    expect(await expiryNotifiedItem.getValue()).toEqual({});
  });

  it('a blocked notification is not recorded, so the next tick tries again', async () => {
    const soon = makeKey({ expiresAt: inDays(2) });
    let blocked = true;
    const deps = {
      now: () => NOW,
      listedKeys: async () => [soon],
      reminderDays: async () => 7,
      notify: async () => {
        if (blocked) throw new Error('blocked');
      },
    };
    expect(await checkExpiryReminders(deps)).toEqual([]);
    blocked = false;
    expect(await checkExpiryReminders(deps)).toEqual([soon.id]);
  });
});
