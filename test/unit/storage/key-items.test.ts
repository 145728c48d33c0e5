/** The key domain's stored items (rotations, expiry reminders shown): what a load does with damage. */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { expiryNotifiedItem } from '@/lib/storage/expiry-notified';
import { readRotations, rotationsItem } from '@/lib/storage/rotations';
import { collectStorageProblems } from '../support/storage-problems';

const { problems } = collectStorageProblems();

const scheduled = {
  id: 'rot-1',
  startedAt: 1,
  old: { id: 'key-old', description: 'Old', last6: 'AAAAAA', type: 'INFERENCE' },
  created: { id: 'key-new', description: 'New', last6: 'BBBBBB', type: 'INFERENCE', entryId: 'e-1' },
  roles: { badge: true, management: false },
  badgeMoved: true,
  managementMoved: false,
  state: 'scheduled',
  revokeAt: 99,
  error: null,
  attempts: 0,
  updatedAt: 2,
};

describe('keys.rotations', () => {
  it('a damaged rotation is reported by id, left in storage, and the readable ones are still used', async () => {
    const stored = {
      'rot-1': scheduled,
      'rot-2': { ...scheduled, id: 'rot-2', state: 'teleported' },
    };
    await fakeBrowser.storage.local.set({ 'keys.rotations': stored });
    expect(await readRotations()).toEqual({ 'rot-1': scheduled });
    expect(problems).toEqual([
      {
        key: 'local:keys.rotations',
        reason: 'rotations.rot-2: not a rotation this version can read',
        dropped: false,
        repaired: true,
      },
    ]);
    expect(await fakeBrowser.storage.local.get('keys.rotations')).toEqual({ 'keys.rotations': stored });
  });

  it('a record filed under another id is not taken for that one', async () => {
    await fakeBrowser.storage.local.set({ 'keys.rotations': { 'rot-9': scheduled } });
    expect(await readRotations()).toEqual({});
    expect(problems.map((p) => p.reason)).toEqual(['rotations.rot-9: not a rotation this version can read']);
  });

  it('something that is not a map at all gives no rotations, and is kept as it was', async () => {
    await fakeBrowser.storage.local.set({ 'keys.rotations': ['rot-1'] });
    expect(await rotationsItem.getValue()).toEqual({});
    expect(problems.map((p) => p.reason)).toEqual(['rotations: not a map of rotation ids']);
    expect(await fakeBrowser.storage.local.get('keys.rotations')).toEqual({ 'keys.rotations': ['rot-1'] });
  });

  it('fields a first record lacked read as their defaults, with no problem', async () => {
    const { attempts: _a, updatedAt: _u, roles: _r, ...older } = scheduled;
    await fakeBrowser.storage.local.set({ 'keys.rotations': { 'rot-1': older } });
    expect((await readRotations())['rot-1']).toMatchObject({
      attempts: 0,
      updatedAt: 0,
      roles: { badge: false, management: false },
    });
    expect(problems).toEqual([]);
  });
});

describe('keys.expiryNotified', () => {
  it('loads as stored when whole', async () => {
    const stored = { 'key-1': { days: 7, expiresAt: '2026-12-08T00:00:00.000Z', at: 5 } };
    await fakeBrowser.storage.local.set({ 'keys.expiryNotified': stored });
    expect(await expiryNotifiedItem.getValue()).toEqual(stored);
    expect(problems).toEqual([]);
  });

  it('a damaged record of reminders is dropped (a reminder may show twice) and reported by path', async () => {
    await fakeBrowser.storage.local.set({
      'keys.expiryNotified': { 'key-1': { days: '7', expiresAt: '2026-12-08T00:00:00.000Z', at: 5 } },
    });
    expect(await expiryNotifiedItem.getValue()).toEqual({});
    expect(problems).toEqual([
      { key: 'local:keys.expiryNotified', reason: 'key-1.days: not a finite number', dropped: true },
    ]);
    expect(await fakeBrowser.storage.local.get('keys.expiryNotified')).toEqual({});
  });
});
