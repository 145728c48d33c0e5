import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { serializeError } from '@/lib/errors';
import { keySettingsFromKey } from '@/lib/keys/key-settings';
import { createKeyService } from '@/lib/keys/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import {
  VeniceAdminRequiredError,
  VeniceAuthError,
  VeniceKeyLimitError,
  VeniceNetworkError,
  VeniceNotFoundError,
  VeniceRateLimitError,
  VeniceServerError,
} from '@/lib/venice/errors';
import type { ApiKey } from '@/lib/venice/types';
import { draft, errorOf, gate, makeKey, setup } from './fakes';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the list cache (stale-while-revalidate)', () => {
  it('answers from the cache without the network, then refresh fills it', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'first' }), makeKey({ description: 'second' })];
    const service = createKeyService(t.deps);

    const cold = await service.overview();
    expect(cold.access.state).toBe('ready');
    expect(cold.list.keys).toEqual([]);
    expect(cold.list.fetchedAt).toBeNull();
    expect(t.venice.calls).toEqual([]);

    const fresh = await service.refresh();
    expect(fresh.list.keys.map((k) => k.description)).toEqual(['first', 'second']);
    expect(fresh.balance?.value.balances.usd).toBe(42);

    t.advance(5_000);
    const warm = await createKeyService(t.deps).overview();
    expect(warm.list.keys).toHaveLength(2);
    expect(warm.now - (warm.list.fetchedAt ?? 0)).toBe(5_000);
  });

  it('a refresh with `since` is answered by one already asked for since then, and asks when none was', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'one' })];
    const service = createKeyService(t.deps);
    const openedAt = t.deps.now();
    t.advance(10);
    await service.refresh(); // the background's refresh when the vault opened
    t.advance(10);
    const answered = await service.refresh({ since: openedAt });
    expect(answered.list.keys.map((k) => k.description)).toEqual(['one']);
    expect(t.venice.callsOf('listApiKeys')).toHaveLength(1);
    expect(t.venice.callsOf('getBillingBalance')).toHaveLength(1);

    // Opened after that refresh: this page's own refresh goes to Venice.
    const later = t.deps.now();
    await service.refresh({ since: later });
    expect(t.venice.callsOf('listApiKeys')).toHaveLength(2);
    // Without `since` (the Refresh button) it always asks.
    await service.refresh();
    expect(t.venice.callsOf('listApiKeys')).toHaveLength(3);
  });

  it('a failed refresh keeps the cached list and reports why', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'kept' })];
    const service = createKeyService(t.deps);
    await service.refresh();
    t.venice.fail('listApiKeys', new VeniceServerError(503));
    const after = await service.refresh();
    expect(after.list.keys.map((k) => k.description)).toEqual(['kept']);
    expect(after.list.refreshError?.code).toBe('venice.server_error');
    // The next good refresh clears the error.
    const good = await service.refresh();
    expect(good.list.refreshError).toBeNull();
  });

  it('a failed balance keeps the old figure with its time and says why, until a refresh succeeds', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    const first = await service.refresh();
    const at = first.balance?.fetchedAt;
    expect(first.balanceError).toBeNull();
    t.advance(60_000);
    t.venice.fail('getBillingBalance', new VeniceServerError(503));
    const failed = await service.refresh();
    expect(failed.balance?.value.balances.usd).toBe(42);
    expect(failed.balance?.fetchedAt).toBe(at);
    expect(failed.balanceError?.code).toBe('venice.server_error');
    // The list refreshed fine meanwhile: its own state says so.
    expect(failed.list.refreshError).toBeNull();
    expect((await createKeyService(t.deps).overview()).balanceError?.code).toBe('venice.server_error');
    const good = await service.refresh();
    expect(good.balanceError).toBeNull();
    expect(good.balance?.fetchedAt).toBe(t.deps.now());
  });

  it('keeps the count of list rows Venice sent that could not be read', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'fine' })];
    const unreadable = { count: 2, reasons: ['id: missing'] };
    const list = t.venice.listApiKeys.bind(t.venice);
    t.venice.listApiKeys = async (secret: string) => ({ ...(await list(secret)), unreadable });
    const overview = await createKeyService(t.deps).refresh();
    expect(overview.list.unreadable).toEqual(unreadable);
    expect((await readKeyCache()).unreadable).toEqual(unreadable);
  });

  it('marks keys whose secret is in the vault, by Venice id or by last 6 and type', async () => {
    const t = setup();
    const byId = makeKey({ description: 'by id' });
    const byTail = makeKey({ description: 'by tail', apiKeyType: 'ADMIN' });
    const sameTailOtherType = makeKey({ description: 'other type', last6Chars: byTail.last6Chars });
    const absent = makeKey({ description: 'absent' });
    t.venice.keys = [byId, byTail, sameTailOtherType, absent];
    t.vault.add({ label: 'x', type: 'INFERENCE', last6: 'zzzzzz', veniceKeyId: byId.id, secret: 's1' });
    t.vault.add({ label: 'y', type: 'ADMIN', last6: byTail.last6Chars, veniceKeyId: null, secret: 's2' });
    const overview = await createKeyService(t.deps).refresh();
    expect(overview.inVault.sort()).toEqual([byId.id, byTail.id].sort());
    // Kept in the cache too, so the popup can paint the marks before the background answers.
    expect((await readKeyCache()).inVault.sort()).toEqual([byId.id, byTail.id].sort());
  });

  it('says why it cannot list: locked, no vault, no management key, only an INFERENCE key', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    t.vault.status = 'locked';
    expect((await service.overview()).access.state).toBe('locked');
    t.vault.status = 'none';
    expect((await service.overview()).access.state).toBe('no_vault');
    t.vault.status = 'unlocked';
    t.settings.managementKeyId = null;
    expect((await service.overview()).access).toEqual({
      state: 'no_management_key',
      hasAdminKeyInVault: true,
    });
    t.vault.entries = [];
    const inference = t.vault.add({
      label: 'app',
      type: 'INFERENCE',
      last6: 'QWERTY',
      veniceKeyId: null,
      secret: 'VENICE_INFERENCE_KEY_x',
    });
    expect((await service.overview()).access).toMatchObject({
      state: 'inference_only',
      entryId: inference.entryId,
    });
    const own = await service.ownLimits();
    expect(own.rateLimits.accessPermitted).toBe(true);
    expect(t.venice.callsOf('getRateLimits')[0]?.secret).toBe('VENICE_INFERENCE_KEY_x');
    // No call that needs an ADMIN key was attempted.
    expect(t.venice.callsOf('listApiKeys')).toEqual([]);
  });

  it('a management key Venice refuses (401) is named as that key, with where to fix it', async () => {
    const t = setup();
    t.venice.fail('listApiKeys', new VeniceAuthError());
    const overview = await createKeyService(t.deps).refresh();
    expect(overview.list.refreshError).toEqual({
      code: 'venice.auth_failed',
      message:
        'Venice did not accept the ADMIN key this extension manages keys with: it is invalid, expired or revoked. Choose or add a working ADMIN key on the options page.',
      hint: 'Choose or add a working ADMIN key on the options page.',
    });
    t.venice.fail('revokeApiKey', new VeniceAuthError());
    const revoke = serializeError(await errorOf(createKeyService(t.deps).revoke('k-any')));
    expect(revoke.code).toBe('venice.auth_failed');
    expect(revoke.message).toMatch(/^Venice did not accept the ADMIN key this extension manages keys with/);
  });

  it('treats a key Venice calls INFERENCE as one, whatever the vault says', async () => {
    const t = setup();
    t.venice.fail('listApiKeys', new VeniceAdminRequiredError());
    const overview = await createKeyService(t.deps).refresh();
    expect(overview.access.state).toBe('inference_only');
    expect(overview.list.refreshError?.code).toBe('venice.admin_required');
    expect(overview.list.refreshError?.message).toMatch(/^Admin API key required/);
    t.venice.fail('createApiKey', new VeniceAdminRequiredError());
    const create = serializeError(await errorOf(createKeyService(t.deps).create('req-admin001', draft())));
    expect(create.code).toBe('venice.admin_required');
    expect(create.message).toMatch(/^Admin API key required/);
  });
});

describe('create', () => {
  it('saves the secret in the vault before it answers', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    t.vault.addGate = gate();
    let answered = false;
    const pending = service.create('req-00000001', draft({ description: 'ci runner' })).then((r) => {
      answered = true;
      return r;
    });
    // Venice made the key; the vault is still writing: the page must not have the answer yet.
    await t.vault.addGate.reached;
    expect(t.venice.callsOf('createApiKey')).toHaveLength(1);
    expect(t.vault.events).toEqual(['vault.add:start']);
    expect(answered).toBe(false);
    t.vault.addGate.release();
    const result = await pending;
    expect(t.vault.events).toEqual(['vault.add:start', 'vault.add:done']);
    const created = t.venice.keys[0]!;
    expect(result.secret).toBe(t.venice.secrets.get(created.id));
    const stored = t.vault.entries.find((e) => e.veniceKeyId === created.id);
    expect(stored?.secret).toBe(result.secret);
    expect(stored?.label).toBe('ci runner');
    expect(result.vaultCopy?.entryId).toBe(stored?.entryId);
    expect(result.key.last6Chars).toBe(result.secret?.slice(-6));
    // The cached list shows the new key at once, and the badge heard about it.
    expect((await readKeyCache()).keys.map((k) => k.id)).toEqual([]); // no list cached yet for this owner
    expect(t.badgeReasons).toContain('key created');
  });

  it('adds the new key to a cached list at the top', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'old' })];
    const service = createKeyService(t.deps);
    await service.refresh();
    const result = await service.create('req-00000002', draft({ description: 'new one' }));
    expect((await readKeyCache()).keys.map((k) => k.id)).toEqual([result.key.id, t.venice.keys[1]!.id]);
  });

  it('sends only what the form says: caps, expiry, privacy when not the default', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    await service.create(
      'req-00000003',
      draft({
        description: 'capped',
        usdCap: '25',
        diemCap: '',
        expiryMode: 'date',
        expiryDate: '2027-01-31',
        modelPrivacy: 'PRIVATE_ONLY',
        limitPeriod: 'MONTH',
      }),
    );
    expect(t.venice.callsOf('createApiKey')[0]?.input).toEqual({
      apiKeyType: 'INFERENCE',
      description: 'capped',
      expiresAt: '2027-01-31',
      consumptionLimit: { usd: 25 },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
    });
  });

  it('never creates two keys for one request id (double click, restarted worker)', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    const form = draft({ description: 'once' });
    const [a, b] = await Promise.all([
      service.create('req-double01', form),
      service.create('req-double01', form),
    ]);
    expect(t.venice.callsOf('createApiKey')).toHaveLength(1);
    expect(a.key.id).toBe(b.key.id);
    // A new worker (same session storage) asked again: the recorded result, without the secret.
    const again = await createKeyService(t.deps).create('req-double01', form);
    expect(t.venice.callsOf('createApiKey')).toHaveLength(1);
    expect(again.key.id).toBe(a.key.id);
    expect(again.secret).toBeNull();
    expect(await createKeyService(t.deps).createOutcome('req-double01')).toMatchObject({
      state: 'done',
      key: { id: a.key.id },
    });
  });

  it('a create cut off by a stopped worker is reported, not repeated', async () => {
    const t = setup();
    const first = createKeyService(t.deps);
    const posted = gate(); // never released: the worker "stops" while Venice answers
    t.venice.during.createApiKey = () => posted.pass();
    void first.create('req-stopped1', draft());
    await posted.reached;
    expect(await first.createOutcome('req-stopped1')).toMatchObject({ state: 'pending' });
    t.venice.during.createApiKey = undefined;
    const second = createKeyService(t.deps);
    const err = await errorOf(second.create('req-stopped1', draft()));
    expect(serializeError(err).code).toBe('keys.create_interrupted');
    expect(t.venice.callsOf('createApiKey')).toHaveLength(1);
  });

  it('a create whose answer was lost says Venice may have made the key, asks for the list, and may be tried again', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    t.venice.fail('createApiKey', new VeniceServerError(502, { mutating: true }));
    const listsBefore = t.venice.callsOf('listApiKeys').length;
    const err = await errorOf(service.create('req-retry001', draft()));
    expect(serializeError(err)).toEqual({
      code: 'keys.create_unclear',
      message:
        'Venice had a problem answering (HTTP 502). Venice may have made the key anyway, without its secret reaching this extension: check the list, and if the new key is there, revoke it before creating another.',
      hint: 'Venice may have made the key anyway, without its secret reaching this extension: check the list, and if the new key is there, revoke it before creating another.',
      retryable: true,
    });
    await vi.waitFor(() => expect(t.venice.callsOf('listApiKeys').length).toBe(listsBefore + 1));
    expect(await service.createOutcome('req-retry001')).toMatchObject({
      state: 'failed',
      error: { code: 'keys.create_unclear' },
    });
    const ok = await service.create('req-retry001', draft());
    expect(ok.secret).toMatch(/^VENICE_INFERENCE_KEY_/);
  });

  it('a create Venice refused (a 4xx) is said in Venice’s words, and no list is asked for', async () => {
    const t = setup();
    t.venice.fail('createApiKey', new VeniceKeyLimitError());
    const err = serializeError(await errorOf(createKeyService(t.deps).create('req-refuse01', draft())));
    expect(err.code).toBe('venice.key_limit');
    expect(t.venice.callsOf('listApiKeys')).toEqual([]);
  });

  it('when the vault refuses the secret, hands it to the page with the reason instead of losing it', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    t.vault.failAdd = new Error('disk full');
    const result = await service.create('req-vaultno1', draft());
    expect(result.secret).toBe(t.venice.secrets.get(result.key.id));
    expect(result.vaultCopy).toBeNull();
    expect(result.vaultError?.code).toBe('extension.internal');
  });

  it('refuses bad input before sending anything', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    const long = await errorOf(service.create('req-invalid1', draft({ description: 'x'.repeat(65) })));
    expect(serializeError(long)).toEqual({
      code: 'keys.invalid_settings',
      message: 'The description is 65 characters long; Venice allows at most 64.',
    });
    const expiry = await errorOf(
      service.create('req-invalid2', draft({ expiryMode: 'date', expiryDate: '2027-02-30' })),
    );
    expect(serializeError(expiry).message).toMatch(/does not exist/);
    const past = await errorOf(
      service.create('req-invalid3', draft({ expiryMode: 'date', expiryDate: '2020-01-01' })),
    );
    expect(serializeError(past).message).toMatch(/in the past/);
    const cap = await errorOf(service.create('req-invalid4', draft({ usdCap: '-5' })));
    expect(serializeError(cap).message).toMatch(/USD cap/);
    expect(t.venice.calls).toEqual([]);
  });

  it('surfaces each Venice refusal as its own message', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    t.venice.fail('createApiKey', new VeniceRateLimitError('key_creation', 37));
    const limited = serializeError(await errorOf(service.create('req-limit001', draft())));
    expect(limited).toEqual({
      code: 'venice.rate_limited',
      message: 'Venice allows 20 new keys per minute. Try again in 37 seconds.',
      hint: 'Try again in 37 seconds.',
      retryable: true,
      retryAfterSeconds: 37,
    });
    t.venice.fail('createApiKey', new VeniceKeyLimitError());
    const capped = serializeError(await errorOf(service.create('req-limit002', draft())));
    expect(capped.code).toBe('venice.key_limit');
    expect(capped.message).toMatch(/500 active API keys/);
    // A connection dropped with the create sent: Venice may have made the key.
    t.venice.fail('createApiKey', new VeniceNetworkError('127.0.0.1'));
    expect(serializeError(await errorOf(service.create('req-limit003', draft()))).code).toBe(
      'keys.create_unclear',
    );
  });

  it('needs an unlocked vault and an ADMIN management key', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    t.vault.status = 'locked';
    expect(serializeError(await errorOf(service.create('req-locked01', draft()))).code).toBe('vault.locked');
    t.vault.status = 'unlocked';
    t.vault.entries[0]!.type = 'INFERENCE';
    const notAdmin = serializeError(await errorOf(service.create('req-locked02', draft())));
    expect(notAdmin.code).toBe('venice.admin_required');
    expect(notAdmin.message).toMatch(/^Admin API key required/);
    t.settings.managementKeyId = null;
    t.vault.entries[0]!.type = 'ADMIN';
    expect(serializeError(await errorOf(service.create('req-locked03', draft()))).code).toBe(
      'keys.no_management_key',
    );
    expect(t.venice.calls).toEqual([]);
  });
});

describe('create: what is kept of the new key', () => {
  it('stores the secret as a verified key this extension created, under its description', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    await service.create('req-source01', draft({ description: 'named' }));
    expect(t.vault.added.map((a) => [a.label, a.source, a.verified, a.type])).toEqual([
      ['named', 'created', true, 'INFERENCE'],
    ]);
  });

  it('lists the key as Venice answered it, filling in from the form only what Venice left out', async () => {
    const t = setup();
    const service = createKeyService(t.deps);
    const create = t.venice.createApiKey.bind(t.venice);
    t.venice.createApiKey = async (secret, input) => ({
      ...(await create(secret, input)),
      description: 'Venice’s own wording',
      limitPeriod: 'LIFETIME',
    });
    const venice = await service.create(
      'req-answer01',
      draft({ description: 'typed', limitPeriod: 'MONTH' }),
    );
    expect(venice.key).toMatchObject({ description: 'Venice’s own wording', limitPeriod: 'LIFETIME' });

    t.venice.createApiKey = async (secret, input) =>
      ({ ...(await create(secret, input)), description: undefined, limitPeriod: undefined }) as never;
    const form = await service.create('req-answer02', draft({ description: 'typed', limitPeriod: 'MONTH' }));
    expect(form.key).toMatchObject({ description: 'typed', limitPeriod: 'MONTH', modelPrivacy: 'ALL' });

    const privateOnly = await service.create('req-answer04', draft({ modelPrivacy: 'PRIVATE_ONLY' }));
    expect(privateOnly.key.modelPrivacy).toBe('PRIVATE_ONLY');
  });

  it('the cached list gets the key once, marked as in the vault only when it was saved', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'old' })];
    const service = createKeyService(t.deps);
    await service.refresh();
    const saved = await service.create('req-cache001', draft({ description: 'saved' }));
    expect((await readKeyCache()).inVault).toEqual([saved.key.id]);
    t.vault.failAdd = new Error('disk full');
    const lost = await service.create('req-cache002', draft({ description: 'not saved' }));
    const cache = await readKeyCache();
    expect(cache.keys.map((k) => k.id)).toEqual([lost.key.id, saved.key.id, t.venice.keys[2]!.id]);
    expect(cache.inVault).toEqual([saved.key.id]);
  });

  it('a list that already shows the new key (a refresh that won the race) does not list it twice', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'old' })];
    const service = createKeyService(t.deps);
    await service.refresh();
    t.venice.during.createApiKey = undefined;
    const create = t.venice.createApiKey.bind(t.venice);
    t.venice.createApiKey = async (secret, input) => {
      const created = await create(secret, input);
      await service.refresh(); // Venice lists the new key before its create answer arrives
      return created;
    };
    const result = await service.create('req-race0001', draft({ description: 'raced' }));
    const ids = (await readKeyCache()).keys.map((k) => k.id);
    expect(ids.filter((id) => id === result.key.id)).toHaveLength(1);
    expect(ids[0]).toBe(result.key.id);
  });

  it('a create cut off by a stopped worker is recorded as failed for the page to read', async () => {
    const t = setup();
    const posted = gate();
    t.venice.during.createApiKey = () => posted.pass();
    void createKeyService(t.deps).create('req-stopped2', draft());
    await posted.reached;
    t.venice.during.createApiKey = undefined;
    const second = createKeyService(t.deps);
    await errorOf(second.create('req-stopped2', draft()));
    expect(await second.createOutcome('req-stopped2')).toMatchObject({
      state: 'failed',
      error: { code: 'keys.create_interrupted' },
    });
    expect(await second.createOutcome('req-never-01')).toEqual({ state: 'unknown' });
  });
});

describe('revoke: the rollback puts back exactly what was removed', () => {
  it('a key that was not in the vault comes back not in the vault, at its place', async () => {
    const t = setup();
    t.venice.keys = [makeKey(), makeKey(), makeKey({ description: 'last' })];
    const kept = t.venice.keys[0]!;
    t.vault.add({ label: 'kept', type: 'INFERENCE', last6: 'x', veniceKeyId: kept.id, secret: 's' });
    const service = createKeyService(t.deps);
    await service.refresh();
    const target = t.venice.keys[2]!;
    t.venice.fail('revokeApiKey', new VeniceServerError(500));
    await errorOf(service.revoke(target.id));
    const cache = await readKeyCache();
    expect(cache.keys.map((k) => k.id)).toEqual(t.venice.keys.map((k) => k.id));
    expect(cache.inVault).toEqual([kept.id]);
    // Refused, not revoked: a refresh shows it again (it is not hidden as recently revoked).
    expect((await service.refresh()).list.keys.map((k) => k.id)).toContain(target.id);
  });

  it('the management key changed meanwhile: the other account’s list is left alone', async () => {
    const t = setup();
    t.venice.keys = [makeKey(), makeKey({ description: 'target' })];
    const [first, target] = t.venice.keys as [ApiKey, ApiKey];
    const service = createKeyService(t.deps);
    await service.refresh();
    const other = t.vault.addSynthetic('Other admin', 'ADMIN');
    t.venice.during.revokeApiKey = async () => {
      t.settings.managementKeyId = other.entryId;
      t.venice.keys = [first];
      await service.refresh();
    };
    t.venice.fail('revokeApiKey', new VeniceServerError(500));
    await errorOf(service.revoke(target.id));
    const cache = await readKeyCache();
    expect(cache.ownerEntryId).toBe(other.entryId);
    expect(cache.keys.map((k) => k.id)).toEqual([first.id]);
  });

  it('a key not in the cached list is revoked all the same, its vault copy found by id', async () => {
    const t = setup();
    const target = makeKey({ description: 'unlisted' });
    t.venice.keys = [target];
    const copy = t.vault.add({
      label: 'unlisted',
      type: 'INFERENCE',
      last6: 'zz',
      veniceKeyId: target.id,
      secret: 's',
    });
    const service = createKeyService(t.deps);
    const result = await service.revoke(target.id);
    expect(result).toEqual({ alreadyGone: false, vaultCopy: { entryId: copy.entryId, label: 'unlisted' } });
    expect(t.venice.callsOf('revokeApiKey')).toHaveLength(1);
  });

  it('a failed revoke of a key not in the cached list leaves the list alone', async () => {
    const t = setup();
    t.venice.keys = [makeKey()];
    const service = createKeyService(t.deps);
    await service.refresh();
    const before = await readKeyCache();
    t.venice.fail('revokeApiKey', new VeniceServerError(500));
    await errorOf(service.revoke('key-not-listed'));
    expect((await readKeyCache()).keys).toEqual(before.keys);
  });
});

describe('edit', () => {
  async function withKey() {
    const t = setup();
    const key = makeKey({
      description: 'before',
      expiresAt: '2027-06-01T10:30:00.000Z',
      consumptionLimits: { usd: 10, diem: 5 },
      currentPeriodUsage: { usd: 1, diem: 0 },
      trailingSevenDays: { usd: 3, diem: 0 },
    });
    t.venice.keys = [key];
    const service = createKeyService(t.deps);
    await service.refresh();
    return { t, key, service, original: keySettingsFromKey(key) };
  }

  it('sends only the fields that changed', async () => {
    const { t, key, service, original } = await withKey();
    const result = await service.update(key.id, original, { ...original, description: 'after' });
    expect(t.venice.callsOf('updateApiKey')[0]?.input).toEqual({ id: key.id, description: 'after' });
    expect(result.sent).toEqual(['description']);
    // The cache keeps the usage the PATCH answer lacks.
    const cached = (await readKeyCache()).keys[0]!;
    expect(cached.description).toBe('after');
    expect(cached.trailingSevenDays).toEqual({ usd: 3, diem: 0 });
    expect(t.badgeReasons).toContain('key edited');
  });

  it('removes an expiry with null and a cap with a null for that cap only', async () => {
    const { t, key, service, original } = await withKey();
    await service.update(key.id, original, { ...original, expiryMode: 'none', usdCap: '' });
    expect(t.venice.callsOf('updateApiKey')[0]?.input).toEqual({
      id: key.id,
      expiresAt: null,
      consumptionLimit: { usd: null },
    });
    const cached = (await readKeyCache()).keys[0]!;
    expect(cached.expiresAt).toBeNull();
    expect(cached.consumptionLimits).toEqual({ usd: null, diem: 5 });
  });

  it('sends nothing when nothing changed', async () => {
    const { t, key, service, original } = await withKey();
    const result = await service.update(key.id, original, { ...original });
    expect(result.changed).toBe(false);
    expect(t.venice.callsOf('updateApiKey')).toEqual([]);
  });

  it('limit period and model privacy', async () => {
    const { t, key, service, original } = await withKey();
    await service.update(key.id, original, {
      ...original,
      limitPeriod: 'LIFETIME',
      modelPrivacy: 'PRIVATE_TEXT',
    });
    expect(t.venice.callsOf('updateApiKey')[0]?.input).toEqual({
      id: key.id,
      limitPeriod: 'LIFETIME',
      modelPrivacy: 'PRIVATE_TEXT',
    });
  });
});

describe('the vault label follows a rename at Venice', () => {
  function twoKeysInVault() {
    const t = setup();
    const named = makeKey({ description: 'old name' });
    const custom = makeKey({ description: 'venice name' });
    t.venice.keys = [named, custom];
    // One label copied from the description (as a create stores it), one the user chose.
    const copied = t.vault.add({
      label: 'old name',
      type: 'INFERENCE',
      last6: 'aaaaaa',
      veniceKeyId: named.id,
      secret: 's1',
    });
    const chosen = t.vault.add({
      label: 'my own label',
      type: 'INFERENCE',
      last6: 'bbbbbb',
      veniceKeyId: custom.id,
      secret: 's2',
    });
    return { t, named, custom, copied, chosen, service: createKeyService(t.deps) };
  }

  it('an edit through the extension renames a copied label and keeps a chosen one', async () => {
    const { t, named, custom, copied, chosen, service } = twoKeysInVault();
    await service.refresh();
    await service.update(named.id, keySettingsFromKey(named), {
      ...keySettingsFromKey(named),
      description: 'new name',
    });
    await service.update(custom.id, keySettingsFromKey(custom), {
      ...keySettingsFromKey(custom),
      description: 'other',
    });
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('new name');
    expect(t.vault.entries.find((e) => e.entryId === chosen.entryId)?.label).toBe('my own label');
  });

  it('a refreshed list with a new description renames a copied label and keeps a chosen one', async () => {
    const { t, named, custom, copied, chosen, service } = twoKeysInVault();
    await service.refresh();
    // Renamed at Venice by someone else (another tool, the website).
    t.venice.keys = [
      { ...named, description: 'renamed elsewhere' },
      { ...custom, description: 'also renamed' },
    ];
    const overview = await service.refresh();
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('renamed elsewhere');
    expect(t.vault.entries.find((e) => e.entryId === chosen.entryId)?.label).toBe('my own label');
    expect(overview.inVault).toEqual([named.id, custom.id]);
    // Nothing changed since: no further rename.
    t.vault.entries.find((e) => e.entryId === copied.entryId)!.label = 'chosen later';
    await service.refresh();
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('chosen later');
  });
  /** Venice's list answers at once but is held on its way back until `answered.release()`. */
  function listOnItsWay(t: ReturnType<typeof setup>) {
    const answered = gate();
    const listApiKeys = t.venice.listApiKeys.bind(t.venice);
    t.venice.listApiKeys = async (secret) => {
      const list = await listApiKeys(secret);
      await answered.pass();
      return list;
    };
    return { answered, listApiKeys };
  }
  it('a key created while a refresh’s list was on its way stays in the cached list', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'old one' })];
    const service = createKeyService(t.deps);
    await service.refresh();
    // Venice answers the list (without the new key), and the answer is still on its way...
    const { answered, listApiKeys } = listOnItsWay(t);
    const slow = service.refresh();
    await answered.reached;
    // ...when a key is created: it is in the cache at once, and the late list must not take it out.
    const { key } = await service.create('req-meanwhile', draft({ description: 'made meanwhile' }));
    answered.release();
    await slow;
    expect((await readKeyCache()).keys.map((k) => k.description)).toEqual(['made meanwhile', 'old one']);
    // The next list has it from Venice itself.
    t.venice.listApiKeys = listApiKeys;
    await service.refresh();
    expect((await readKeyCache()).keys.map((k) => k.id)).toContain(key.id);
  });
  it('a key created while the first list is on its way (no cached list yet) is in the list it writes', async () => {
    const t = setup();
    t.venice.keys = [makeKey({ description: 'old one' })];
    const service = createKeyService(t.deps);
    // The first list of this management key: there is no cache of it for the create to write into.
    const { answered } = listOnItsWay(t);
    const first = service.refresh();
    await answered.reached;
    const { key } = await service.create('req-first', draft({ description: 'made meanwhile' }));
    // Venice's clock is not ours: its createdAt may read earlier than the moment the list was asked.
    key.createdAt = new Date(0).toISOString();
    answered.release();
    await first;
    expect((await readKeyCache()).keys.map((k) => k.description)).toEqual(['made meanwhile', 'old one']);
    expect((await service.overview()).list.keys.map((k) => k.id)).toContain(key.id);
  });
  it('a key’s detail that brings a new description renames a copied label and keeps a chosen one', async () => {
    const { t, named, custom, copied, chosen, service } = twoKeysInVault();
    await service.refresh();
    // Renamed at Venice by someone else, and seen first in the key's detail (which updates the cache).
    t.venice.keys = [
      { ...named, description: 'renamed elsewhere' },
      { ...custom, description: 'also renamed' },
    ];
    const detail = await service.detail(named.id);
    await service.detail(custom.id);
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('renamed elsewhere');
    expect(t.vault.entries.find((e) => e.entryId === chosen.entryId)?.label).toBe('my own label');
    expect(detail.vaultCopy?.label).toBe('renamed elsewhere');
    // The next refresh sees no rename left and changes nothing.
    await service.refresh();
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('renamed elsewhere');
  });
  it('the breach log’s own list, when it replaces the cached one, renames a copied label', async () => {
    const { t, named, copied, service } = twoKeysInVault();
    await service.refresh();
    const newer = makeKey({ description: 'made elsewhere' });
    t.venice.keys = [{ ...named, description: 'renamed elsewhere' }, ...t.venice.keys.slice(1), newer];
    // A breach of a key the cached list does not know makes the log fetch the list itself.
    t.venice.breachLog = [
      {
        apiKeyId: newer.id,
        modelId: 'm',
        rateLimitTier: 'paid',
        rateLimitType: 'RPM',
        timestamp: '2026-02-02T00:00:00Z',
      },
    ];
    await service.breaches();
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('renamed elsewhere');
  });
  it('a refresh that began before an edit renamed the label still follows the next rename', async () => {
    const { t, named, copied, service } = twoKeysInVault();
    await service.refresh();
    // A refresh starts (it reads the vault now) and waits on Venice's list...
    const listing = gate();
    t.venice.during.listApiKeys = () => listing.pass();
    const slow = service.refresh();
    await listing.reached;
    t.venice.during.listApiKeys = undefined;
    // ...while an edit renames the key and its label, and someone renames it again at Venice.
    await service.update(named.id, keySettingsFromKey(named), {
      ...keySettingsFromKey(named),
      description: 'second name',
    });
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('second name');
    t.venice.keys = t.venice.keys.map((k) => (k.id === named.id ? { ...k, description: 'third name' } : k));
    listing.release();
    await slow;
    expect(t.vault.entries.find((e) => e.entryId === copied.entryId)?.label).toBe('third name');
  });
});

describe('revoke', () => {
  it('removes the row at once and puts it back where it was when Venice refuses', async () => {
    const t = setup();
    t.venice.keys = [makeKey(), makeKey({ description: 'target' }), makeKey()];
    const target = t.venice.keys[1]!;
    t.vault.add({ label: 'target', type: 'INFERENCE', last6: 'x', veniceKeyId: target.id, secret: 's' });
    const service = createKeyService(t.deps);
    await service.refresh();
    let cachedDuring: string[] = [];
    t.venice.during.revokeApiKey = async () => {
      cachedDuring = (await readKeyCache()).keys.map((k) => k.id);
    };
    t.venice.fail('revokeApiKey', new VeniceServerError(500));
    const err = await errorOf(service.revoke(target.id));
    expect(serializeError(err).code).toBe('venice.server_error');
    expect(cachedDuring).not.toContain(target.id);
    expect((await readKeyCache()).keys.map((k) => k.id)).toEqual(t.venice.keys.map((k) => k.id));
    expect((await readKeyCache()).inVault).toEqual([target.id]);
  });

  it('on success the row stays gone, even from a list fetched in between, and the vault copy is offered', async () => {
    const t = setup();
    const target = makeKey({ description: 'leaked' });
    t.venice.keys = [target, makeKey()];
    const copy = t.vault.add({
      label: 'leaked',
      type: 'INFERENCE',
      last6: target.last6Chars,
      veniceKeyId: target.id,
      secret: 's',
    });
    const service = createKeyService(t.deps);
    await service.refresh();
    // While the revoke is in flight, a refresh runs; Venice answers its list before the revoke
    // lands, so that list still holds the key.
    let listedInBetween: string[] = [];
    t.venice.during.revokeApiKey = async () => {
      const listsBefore = t.venice.callsOf('listApiKeys').length;
      const between = await service.refresh();
      expect(t.venice.callsOf('listApiKeys')).toHaveLength(listsBefore + 1);
      listedInBetween = t.venice.keys.map((k) => k.id);
      expect(between.list.keys.map((k) => k.id)).not.toContain(target.id);
    };
    const result = await service.revoke(target.id);
    expect(listedInBetween).toContain(target.id);
    expect(result).toEqual({ alreadyGone: false, vaultCopy: { entryId: copy.entryId, label: 'leaked' } });
    expect((await readKeyCache()).keys.map((k) => k.id)).not.toContain(target.id);
    // Venice's list can lag behind the revoke for a moment: a refresh right after still hides it.
    t.venice.keys = [target, ...t.venice.keys];
    expect((await service.refresh()).list.keys.map((k) => k.id)).not.toContain(target.id);
    expect((await readKeyCache()).keys.map((k) => k.id)).not.toContain(target.id);
    expect(t.badgeReasons).toContain('key revoked');
  });

  it('a key Venice no longer knows counts as revoked', async () => {
    const t = setup();
    const target = makeKey();
    t.venice.keys = [target];
    const service = createKeyService(t.deps);
    await service.refresh();
    t.venice.fail('revokeApiKey', new VeniceNotFoundError());
    expect(await service.revoke(target.id)).toMatchObject({ alreadyGone: true });
    expect((await readKeyCache()).keys).toEqual([]);
  });
});

describe('detail and breach log', () => {
  it('detail adds the rate limits of a key whose secret is in the vault, asked with that key', async () => {
    const t = setup();
    const withSecret = makeKey();
    const without = makeKey();
    t.venice.keys = [withSecret, without];
    t.vault.add({
      label: 'mine',
      type: 'INFERENCE',
      last6: 'x',
      veniceKeyId: withSecret.id,
      secret: 'VENICE_INFERENCE_KEY_own',
    });
    const service = createKeyService(t.deps);
    const a = await service.detail(withSecret.id);
    expect(a.rateLimits?.nextEpochBegins).toBe('2026-01-02T00:00:00.000Z');
    expect(t.venice.callsOf('getRateLimits').map((c) => c.secret)).toEqual(['VENICE_INFERENCE_KEY_own']);
    const b = await service.detail(without.id);
    expect(b.rateLimits).toBeNull();
    expect(b.vaultCopy).toBeNull();
  });

  it('resolves key names in the breach log, asking for the list when it meets an unknown key', async () => {
    const t = setup();
    const known = makeKey({ description: 'known' });
    t.venice.keys = [known];
    const service = createKeyService(t.deps);
    await service.refresh();
    const later = makeKey({ description: 'new since the last refresh' });
    t.venice.keys.push(later);
    t.venice.breachLog = [
      {
        apiKeyId: known.id,
        modelId: 'm',
        rateLimitTier: 'paid',
        rateLimitType: 'RPM',
        timestamp: '2026-02-01T00:00:00Z',
      },
      {
        apiKeyId: later.id,
        modelId: 'm',
        rateLimitTier: 'paid',
        rateLimitType: 'FAILED_REQUESTS',
        timestamp: '2026-02-02T00:00:00Z',
      },
      {
        apiKeyId: 'gone',
        modelId: 'model:unknown',
        rateLimitTier: 'paid',
        rateLimitType: 'TPM',
        timestamp: '2026-01-01T00:00:00Z',
      },
    ];
    const log = await service.breaches();
    expect(log.entries.map((e) => e.keyDescription)).toEqual(['new since the last refresh', 'known', null]);
    expect(t.venice.callsOf('listApiKeys')).toHaveLength(2);
  });
});
