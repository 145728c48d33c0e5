/**
 * What the key service remembers for a while and then forgets: the create records (an hour, so
 * a reopened page can ask how its create ended) and the keys revoked in this worker (a minute,
 * so a list Venice sent just before the revoke landed does not bring the row back).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyService } from '@/lib/keys/service';
import { CREATE_RECORD_TTL_MS, createRecordsItem } from '@/lib/storage/key-cache';
import { draft, makeKey, setup } from './fakes';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('create records', () => {
  it('a finished create is answered for an hour, to the millisecond, and forgotten after', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    await service.create('req-first001', draft());
    t.advance(CREATE_RECORD_TTL_MS);
    await service.create('req-second01', draft());
    expect((await service.createOutcome('req-first001')).state).toBe('done');
    t.advance(1);
    await service.create('req-third001', draft());
    expect(await service.createOutcome('req-first001')).toEqual({ state: 'unknown' });
    expect(Object.keys(await createRecordsItem.getValue()).sort()).toEqual(['req-second01', 'req-third001']);
  });

  it('a pending create is aged by when it started, a failed one by when it failed', async () => {
    const t = setup();
    const now = t.deps.now();
    await createRecordsItem.setValue({
      'req-pendold1': { state: 'pending', startedAt: now - CREATE_RECORD_TTL_MS - 1 },
      'req-pendnew1': { state: 'pending', startedAt: now - 1_000 },
      'req-failold1': {
        state: 'failed',
        finishedAt: now - CREATE_RECORD_TTL_MS - 1,
        error: { code: 'venice.network', message: 'x', retryable: true },
      },
    });
    await createKeyService(t.deps).create('req-fresh001', draft());
    expect(Object.keys(await createRecordsItem.getValue()).sort()).toEqual(['req-fresh001', 'req-pendnew1']);
  });
});

describe('recently revoked keys', () => {
  it('a list that still names a revoked key leaves it out for a minute, to the millisecond, then shows it', async () => {
    const t = setup();
    const gone = makeKey({ description: 'revoked here' });
    t.venice.keys = [gone, makeKey({ description: 'kept' })];
    const service = createKeyService(t.deps);
    await service.refresh();
    await service.revoke(gone.id);
    // Venice's list was read just before the revoke landed: it still names the key.
    t.venice.keys.unshift({ ...gone });
    t.advance(60_000);
    expect((await service.refresh()).list.keys.map((k) => k.description)).toEqual(['kept']);
    t.advance(1);
    expect((await service.refresh()).list.keys.map((k) => k.description)).toEqual(['revoked here', 'kept']);
  });
});
