import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  cleanTitle,
  forgetProvenance,
  keysForOrigin,
  readProvenance,
  recordProvenance,
} from '@/lib/apps/provenance';
import { PROVENANCE_MAX, parseProvenance, provenanceItem } from '@/lib/storage/provenance';

const entry = (origin: string, at: string, how: 'filled' | 'tagged' = 'filled') => ({
  origin,
  title: 'T',
  at,
  how,
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('where keys went (keys.provenance)', () => {
  it('records, reads back and forgets an entry by Venice key id', async () => {
    await recordProvenance('k1', entry('https://app.example.com', '2026-11-29T16:00:00.000Z'));
    await recordProvenance('k2', entry('https://b.example', '2026-11-29T16:01:00.000Z', 'tagged'));
    expect(await readProvenance()).toEqual({
      k1: { origin: 'https://app.example.com', title: 'T', at: '2026-11-29T16:00:00.000Z', how: 'filled' },
      k2: { origin: 'https://b.example', title: 'T', at: '2026-11-29T16:01:00.000Z', how: 'tagged' },
    });
    await forgetProvenance('k1');
    expect(Object.keys(await readProvenance())).toEqual(['k2']);
  });

  it('keeps a page title on one line, without invisible characters, at most 200 characters', async () => {
    expect(cleanTitle('  Chat\n\u202E— settings\u200B  ')).toBe('Chat — settings');
    await recordProvenance('k', {
      ...entry('https://a.example', '2026-11-29T16:00:00.000Z'),
      title: 'x'.repeat(500),
    });
    expect((await readProvenance()).k?.title).toHaveLength(200);
  });

  it('refuses an entry that is not an origin, and never stores it', async () => {
    await expect(
      recordProvenance('k', entry('https://a.example/path', '2026-11-29T16:00:00.000Z')),
    ).rejects.toThrow();
    await expect(
      recordProvenance('k', entry('javascript:alert(1)', '2026-11-29T16:00:00.000Z')),
    ).rejects.toThrow();
    await expect(
      recordProvenance('', entry('https://a.example', '2026-11-29T16:00:00.000Z')),
    ).rejects.toThrow();
    expect(await readProvenance()).toEqual({});
  });

  it('drops only the entries that do not fit when reading junk', () => {
    expect(
      parseProvenance({
        good: entry('https://a.example', '2026-11-29T16:00:00.000Z'),
        badOrigin: entry('https://a.example/x', '2026-11-29T16:00:00.000Z'),
        badDate: entry('https://a.example', 'yesterday'),
        badHow: { ...entry('https://a.example', '2026-11-29T16:00:00.000Z'), how: 'guessed' },
        nothing: null,
      }),
    ).toEqual({ good: entry('https://a.example', '2026-11-29T16:00:00.000Z') });
    expect(parseProvenance([1, 2])).toEqual({});
    expect(parseProvenance('x')).toEqual({});
  });

  it('reads stored junk without throwing', async () => {
    await fakeBrowser.storage.local.set({ 'keys.provenance': 'junk' });
    expect(await readProvenance()).toEqual({});
  });

  it('keeps at most PROVENANCE_MAX entries, dropping the oldest', async () => {
    const many: Record<string, ReturnType<typeof entry>> = {};
    for (let i = 0; i < PROVENANCE_MAX; i++)
      many[`k${i}`] = entry('https://a.example', new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString());
    await provenanceItem.setValue(many);
    await recordProvenance('newest', entry('https://b.example', '2026-11-29T16:00:00.000Z'));
    const after = await readProvenance();
    expect(Object.keys(after)).toHaveLength(PROVENANCE_MAX);
    expect(after.k0).toBeUndefined();
    expect(after.k1).toBeDefined();
    expect(after.newest).toBeDefined();
  });

  it('lists the keys of one origin, newest first', () => {
    const map = {
      old: entry('https://a.example', '2026-11-01T00:00:00.000Z'),
      other: entry('https://b.example', '2026-11-20T00:00:00.000Z'),
      fresh: entry('https://a.example', '2026-11-28T00:00:00.000Z', 'tagged'),
    };
    expect(keysForOrigin(map, 'https://a.example')).toEqual(['fresh', 'old']);
    expect(keysForOrigin(map, 'https://c.example')).toEqual([]);
  });
});
