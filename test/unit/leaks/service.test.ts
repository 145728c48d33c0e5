import { describe, expect, it, vi } from 'vitest';
import type { KeysOverview } from '@/lib/keys/types';
import {
  createLeakService,
  type LeakDeps,
  LIST_CURRENT_MS,
  sha256Hex,
  TICKET_TTL_MS,
} from '@/lib/leaks/service';
import type { StoredKeyMeta } from '@/lib/vault/types';
import type { ApiKey } from '@/lib/venice/types';

const PROD = `VENICE_INFERENCE_KEY_${'p'.repeat(36)}Prod01`;
const SPARE = `VENICE_ADMIN_KEY_${'s'.repeat(36)}Spare1`;

function apiKey(id: string, secret: string, description: string): ApiKey {
  return {
    id,
    apiKeyType: secret.startsWith('VENICE_ADMIN_KEY_') ? 'ADMIN' : 'INFERENCE',
    description,
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    last6Chars: secret.slice(-6),
    consumptionLimits: { usd: null, diem: null },
    limitPeriod: 'EPOCH',
    trailingSevenDays: null,
    currentPeriodUsage: null,
    modelPrivacy: null,
  } as ApiKey;
}

function meta(entryId: string, secret: string, label: string): StoredKeyMeta {
  return {
    entryId,
    label,
    type: secret.startsWith('VENICE_ADMIN_KEY_') ? 'ADMIN' : 'INFERENCE',
    last6: secret.slice(-6),
    source: 'pasted',
    addedAt: '2026-11-01T00:00:00.000Z',
    veniceKeyId: null,
    verified: true,
  };
}

function makeDeps(over: Partial<LeakDeps> = {}) {
  let session: Record<string, { text: string; at: number }> = {};
  let clock = 1_000_000;
  let n = 0;
  const secrets: Record<string, string> = { 'e-prod': PROD, 'e-spare': SPARE };
  const overview: KeysOverview = {
    access: { state: 'ready', entryId: 'e-admin', label: 'Admin', last6: 'Admin1' },
    list: { keys: [apiKey('k-prod', PROD, 'Production backend')], fetchedAt: 5, refreshError: null },
    inVault: [],
    balance: null,
    balanceError: null,
    now: clock,
  };
  const getStoredSecret = vi.fn(async (id: string) => secrets[id] as string);
  const deps: LeakDeps = {
    overview: async () => overview,
    refresh: async () => overview,
    vault: {
      getVaultStatus: async () => 'unlocked',
      listStoredKeys: async () => [meta('e-prod', PROD, 'prod copy'), meta('e-spare', SPARE, 'spare')],
      getStoredSecret,
    },
    session: {
      get: async () => session,
      set: async (value) => {
        session = value;
      },
    },
    provenance: async () => ({}),
    sha256: sha256Hex,
    now: () => clock,
    newTicket: () => `t${++n}`,
    ...over,
  };
  return {
    deps,
    getStoredSecret,
    session: () => session,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('leak service', () => {
  it('a held selection is answered once, masked, and then forgotten in memory and session', async () => {
    const f = makeDeps();
    const service = createLeakService(f.deps);
    const ticket = await service.hold(`leaked: ${PROD}`);
    expect(Object.keys(f.session())).toEqual([ticket]);

    const result = await service.redeem(ticket);
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]?.live.map((k) => k.id)).toEqual(['k-prod']);
    expect(result.matches[0]?.vault).toEqual({ entryId: 'e-prod', label: 'prod copy' });
    expect(JSON.stringify(result)).not.toContain(PROD.slice(-12));
    expect(f.session()).toEqual({});
    await expect(service.redeem(ticket)).rejects.toMatchObject({ code: 'leaks.ticket_gone' });
  });

  it('the match starts when the text is held: the window’s read does not match again', async () => {
    const f = makeDeps();
    const overview = vi.fn(f.deps.overview);
    const service = createLeakService({ ...f.deps, overview });
    const ticket = await service.hold(`leaked: ${PROD}`);
    await vi.waitFor(() => expect(overview).toHaveBeenCalledTimes(1));
    const result = await service.redeem(ticket);
    expect(result.matches[0]?.vault?.label).toBe('prod copy');
    expect(overview).toHaveBeenCalledTimes(1);
    await expect(service.redeem(ticket)).rejects.toMatchObject({ code: 'leaks.ticket_gone' });
  });

  it('with no list of the account fetched yet, the check asks for one instead of calling a vault secret not live', async () => {
    const f = makeDeps();
    const fetched = await f.deps.overview();
    const never: KeysOverview = { ...fetched, list: { keys: [], fetchedAt: null, refreshError: null } };
    const refresh = vi.fn(async () => fetched);
    const service = createLeakService({ ...f.deps, overview: async () => never, refresh });
    const result = await service.check(`leaked: ${PROD}`);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(result.matches[0]?.live.map((k) => k.id)).toEqual(['k-prod']);
    expect(result.listFetchedAt).toBe(5);
  });

  it('a list fetched in the last 30 seconds (even empty) is matched as it is, with no request', async () => {
    const f = makeDeps();
    const fetched = await f.deps.overview();
    const recent = f.deps.now() - LIST_CURRENT_MS + 1;
    const empty: KeysOverview = { ...fetched, list: { keys: [], fetchedAt: recent, refreshError: null } };
    const refresh = vi.fn(async () => fetched);
    const result = await createLeakService({ ...f.deps, overview: async () => empty, refresh }).check(PROD);
    expect(refresh).not.toHaveBeenCalled();
    expect(result.matches[0]?.live).toEqual([]);
    expect(result.listProblem).toBeNull();
  });

  it('an older list that holds every key found is matched as it is, with no request', async () => {
    const f = makeDeps();
    const refresh = vi.fn(f.deps.refresh);
    const result = await createLeakService({ ...f.deps, refresh }).check(`leaked: ${PROD}`);
    expect(refresh).not.toHaveBeenCalled();
    expect(result.matches[0]?.live.map((k) => k.id)).toEqual(['k-prod']);
  });

  it('a key an older list does not hold: the list is asked for again, and finds a key made since', async () => {
    const f = makeDeps();
    const old = await f.deps.overview();
    const made = apiKey('k-spare', SPARE, 'Made on venice.ai');
    const now: KeysOverview = {
      ...old,
      list: { keys: [...old.list.keys, made], fetchedAt: f.deps.now(), refreshError: null },
    };
    const refresh = vi.fn(async () => now);
    const result = await createLeakService({ ...f.deps, refresh }).check(`${PROD} ${SPARE}`);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(result.matches.map((m) => m.live.map((k) => k.id))).toEqual([['k-prod'], ['k-spare']]);
    expect(result.listProblem).toBeNull();
    expect(result.listFetchedAt).toBe(f.deps.now());
  });

  it('a key an older list does not hold, and the list cannot be fetched: the result says why', async () => {
    const f = makeDeps();
    const old = await f.deps.overview();
    const failed: KeysOverview = {
      ...old,
      list: {
        ...old.list,
        refreshError: { code: 'venice.network', message: 'Could not reach Venice. Try again in a moment.' },
      },
    };
    const result = await createLeakService({ ...f.deps, refresh: async () => failed }).check(SPARE);
    expect(result.matches[0]?.live).toEqual([]);
    expect(result.listProblem).toBe('Could not reach Venice. Try again in a moment.');
    // A refresh that throws (the background's own failure) is said in its generic words.
    const thrown = await createLeakService({
      ...f.deps,
      refresh: async () => {
        throw new Error('storage gone');
      },
    }).check(SPARE);
    expect(thrown.listProblem).toBe('Something went wrong inside the extension. Please try again.');
  });

  it('counts the rows of the list Venice sent that could not be read', async () => {
    const f = makeDeps();
    const old = await f.deps.overview();
    const odd: KeysOverview = {
      ...old,
      list: {
        ...old.list,
        fetchedAt: f.deps.now(),
        unreadable: { count: 2, reasons: ['data[1].id: missing'] },
      },
    };
    const result = await createLeakService({ ...f.deps, overview: async () => odd }).check(SPARE);
    expect(result.unreadableKeys).toBe(2);
  });

  it('a worker stopped between the click and the window’s read: the session copy answers', async () => {
    const f = makeDeps();
    const ticket = await createLeakService(f.deps).hold(PROD);
    // A new service: the stopped worker's memory is gone.
    const result = await createLeakService(f.deps).redeem(ticket);
    expect(result.matches[0]?.vault?.label).toBe('prod copy');
    expect(f.session()).toEqual({});
  });

  it('a failed match keeps the ticket (a worker stopped while matching loses nothing)', async () => {
    let fail = true;
    const f = makeDeps();
    const service = createLeakService({
      ...f.deps,
      overview: async () => {
        if (fail) throw new Error('stopped');
        return f.deps.overview();
      },
    });
    const ticket = await service.hold(PROD);
    await expect(service.redeem(ticket)).rejects.toThrow('stopped');
    fail = false;
    expect((await service.redeem(ticket)).matches).toHaveLength(1);
  });

  it('an old ticket is refused, and old session entries are dropped when a new one is held', async () => {
    const f = makeDeps();
    const service = createLeakService(f.deps);
    const old = await service.hold(PROD);
    f.advance(TICKET_TTL_MS);
    await expect(service.redeem(old)).rejects.toMatchObject({ code: 'leaks.ticket_gone' });
    const fresh = await service.hold(SPARE);
    expect(Object.keys(f.session())).toEqual([fresh]);
  });

  it('reads out of the vault only the secrets a candidate already ends like', async () => {
    const f = makeDeps();
    const service = createLeakService(f.deps);
    await service.check(`${PROD} and VENICE_ADMIN_KEY_${'x'.repeat(40)}`);
    expect(f.getStoredSecret.mock.calls).toEqual([['e-prod']]);
  });

  it('a locked vault: no secret is read, the list still names the key, the state says why', async () => {
    const f = makeDeps();
    const service = createLeakService({
      ...f.deps,
      vault: { ...f.deps.vault, getVaultStatus: async () => 'locked' },
    });
    const result = await service.check(PROD);
    expect(f.getStoredSecret).not.toHaveBeenCalled();
    expect(result.vault).toBe('locked');
    expect(result.matches[0]?.vault).toBeNull();
    expect(result.matches[0]?.live.map((k) => k.id)).toEqual(['k-prod']);
  });

  it('text past the cap is cut and the result says so', async () => {
    const f = makeDeps();
    const service = createLeakService(f.deps);
    const result = await service.check(`${'a '.repeat(1_000_001)}${PROD}`);
    expect(result.truncated).toBe(true);
    expect(result.matches).toEqual([]);
    expect((await service.check(PROD)).truncated).toBe(false);
  });

  describe('which app a leaked key belonged to', () => {
    const site = (origin: string, title: string, how: 'filled' | 'tagged' = 'filled') => ({
      origin,
      title,
      at: '2026-11-20T10:00:00.000Z',
      how,
    });

    it('a listed key names the site it was filled into, with the page title', async () => {
      const f = makeDeps({
        provenance: async () => ({
          'k-prod': site('https://chat.example.com', 'Chat — settings'),
          'k-other': site('https://other.example', ''),
        }),
      });
      const result = await createLeakService(f.deps).check(`leaked: ${PROD}`);
      expect(result.matches[0]?.site).toEqual({
        origin: 'https://chat.example.com',
        host: 'chat.example.com',
        title: 'Chat — settings',
        how: 'filled',
      });
    });

    it('a key no longer listed names its app through the Venice id its vault entry knows', async () => {
      const f = makeDeps({
        provenance: async () => ({ 'k-gone': site('https://notebook.example:8443', '', 'tagged') }),
      });
      const service = createLeakService({
        ...f.deps,
        vault: {
          ...f.deps.vault,
          listStoredKeys: async () => [{ ...meta('e-spare', SPARE, 'spare'), veniceKeyId: 'k-gone' }],
        },
      });
      const [match] = (await service.check(SPARE)).matches;
      expect(match?.live).toEqual([]);
      expect(match?.site).toMatchObject({ host: 'notebook.example:8443', how: 'tagged' });
    });

    it('names no app when several listed keys end alike, or the key has no site', async () => {
      const twin = { ...apiKey('k-twin', PROD, 'Twin'), id: 'k-twin' };
      const f = makeDeps({ provenance: async () => ({ 'k-prod': site('https://chat.example.com', '') }) });
      const overview = await f.deps.overview();
      const ambiguous = createLeakService({
        ...f.deps,
        overview: async () => ({
          ...overview,
          list: { ...overview.list, keys: [...overview.list.keys, twin] },
        }),
        vault: { ...f.deps.vault, getVaultStatus: async () => 'locked' },
      });
      const [two] = (await ambiguous.check(PROD)).matches;
      expect(two?.live).toHaveLength(2);
      expect(two?.site).toBeNull();

      const none = makeDeps({ provenance: async () => ({ 'k-other': site('https://other.example', '') }) });
      expect((await createLeakService(none.deps).check(PROD)).matches[0]?.site).toBeNull();
    });

    it('reads no provenance when nothing is this account’s, and a failed read costs only the line', async () => {
      const provenance = vi.fn(async () => ({}));
      const f = makeDeps({ provenance });
      await createLeakService(f.deps).check(`VENICE_ADMIN_KEY_${'x'.repeat(40)}`);
      expect(provenance).not.toHaveBeenCalled();

      const broken = makeDeps({ provenance: async () => Promise.reject(new Error('storage gone')) });
      const result = await createLeakService(broken.deps).check(PROD);
      expect(result.matches[0]?.live.map((k) => k.id)).toEqual(['k-prod']);
      expect(result.matches[0]?.site).toBeNull();
    });
  });
});
