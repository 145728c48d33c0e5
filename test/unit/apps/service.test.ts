import { describe, expect, it, vi } from 'vitest';
import type { Provenance, ProvenanceMap } from '@/lib/apps/provenance';
import { type AppsServiceDeps, createAppsService, type FillRequest } from '@/lib/apps/service';
import type { KeySettingsDraft } from '@/lib/keys/key-settings';
import type { CreateKeyResult, KeysOverview } from '@/lib/keys/types';
import { DEFAULT_PER_APP } from '@/lib/storage/settings-item';
import { VeniceKeyLimitError, VeniceRateLimitError } from '@/lib/venice/errors';
import type { ApiKey } from '@/lib/venice/types';

const NOW = Date.parse('2026-11-29T16:00:00Z');
const ADMIN_SECRET = 'VENICE_ADMIN_KEY_unit0synthetic0admin0AAAAAA';
const NEW_SECRET = 'VENICE_INFERENCE_KEY_unit0synthetic0new0NNNNNN';
const OLD_SECRET = 'VENICE_INFERENCE_KEY_unit0synthetic0old0OOOOOO';

function apiKey(id: string, over: Partial<ApiKey> = {}): ApiKey {
  return {
    id,
    apiKeyType: 'INFERENCE',
    description: 'app.example.com',
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    last6Chars: 'OOOOOO',
    consumptionLimits: { usd: 5, diem: null },
    limitPeriod: 'MONTH',
    trailingSevenDays: null,
    currentPeriodUsage: null,
    modelPrivacy: 'ALL',
    ...over,
  };
}

interface Setup {
  tabUrl?: string;
  probe?: unknown;
  fill?: unknown;
  fillThrows?: boolean;
  listed?: ApiKey[];
  provenance?: ProvenanceMap;
  retiring?: string[];
}

function setup(opts: Setup = {}) {
  let requests: Record<string, FillRequest> = {};
  let provenance: ProvenanceMap = { ...(opts.provenance ?? {}) };
  let tabUrl = opts.tabUrl ?? 'https://app.example.com/settings';
  const pageCalls: { frameId: number; fn: string; arg: unknown }[] = [];
  const created: { requestId: string; draft: KeySettingsDraft }[] = [];
  let ids = 0;
  let refreshes = 0;
  const stored = [
    { entryId: 'e-admin', label: 'Admin', last6: 'AAAAAA', veniceKeyId: 'k-admin' },
    { entryId: 'e-old', label: 'app.example.com', last6: 'OOOOOO', veniceKeyId: 'k-old' },
  ];
  const secrets: Record<string, string> = { 'e-admin': ADMIN_SECRET, 'e-old': OLD_SECRET };
  const deps: AppsServiceDeps = {
    dev: false,
    now: () => NOW,
    newId: () => `request-${++ids}-0000`,
    getTab: async (tabId) => (tabId === 7 ? { id: 7, url: tabUrl, title: 'App — settings' } : null),
    runInFrame: async (_tabId, frameId, func, arg) => {
      pageCalls.push({ frameId, fn: func.name, arg });
      if (func.name === 'probeFocusedField')
        return (opts.probe ?? { ok: true, kind: 'password', focused: true }) as never;
      if (opts.fillThrows) throw new Error('Frame with ID 3 was removed.');
      return (opts.fill ?? { ok: true }) as never;
    },
    runInAllFrames: async () => [],
    openWindow: vi.fn(async () => undefined),
    getPerAppDefaults: async () => DEFAULT_PER_APP,
    keys: {
      create: async (requestId, draft): Promise<CreateKeyResult> => {
        const previous = created.find((c) => c.requestId === requestId);
        created.push({ requestId, draft });
        stored.push({ entryId: 'e-new', label: draft.description, last6: 'NNNNNN', veniceKeyId: 'k-new' });
        secrets['e-new'] = NEW_SECRET;
        return {
          key: apiKey('k-new', { description: draft.description, last6Chars: 'NNNNNN' }),
          secret: previous ? null : NEW_SECRET,
          vaultCopy: { entryId: 'e-new', label: draft.description },
          vaultError: null,
        };
      },
      refresh: async () => {
        refreshes++;
        return deps.keys.overview();
      },
      overview: async () =>
        ({
          access: { state: 'ready', entryId: 'e-admin', label: 'Admin', last6: 'AAAAAA' },
          list: { keys: opts.listed ?? [], fetchedAt: NOW, refreshError: null },
          inVault: [],
          balance: null,
          balanceError: null,
          now: NOW,
        }) as KeysOverview,
    },
    vault: {
      listStoredKeys: async () => stored,
      getStoredSecret: async (entryId) => secrets[entryId] as string,
    },
    provenance: {
      read: async () => provenance,
      record: async (keyId: string, entry: Provenance) => {
        provenance = { ...provenance, [keyId]: entry };
      },
    },
    retiringKeyIds: async () => new Set(opts.retiring ?? []),
    requests: {
      get: async () => requests,
      set: async (value) => {
        requests = value;
      },
    },
  };
  const service = createAppsService(deps);
  return {
    service,
    deps,
    pageCalls,
    created,
    provenance: () => provenance,
    refreshes: () => refreshes,
    moveTab: (url: string) => {
      tabUrl = url;
    },
  };
}

const menuInfo = {
  frameId: 3,
  frameUrl: 'https://app.example.com/frame',
  pageUrl: 'https://app.example.com/settings',
};
const tab = { id: 7, url: 'https://app.example.com/settings', title: 'App — settings' };

describe('Fill a new Venice key: the menu click', () => {
  it('opens the confirm window for the field’s frame, with the site and the defaults, and mints nothing', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    expect(s.deps.openWindow).toHaveBeenCalledWith(requestId);
    expect(s.created).toEqual([]);
    const view = await s.service.view(requestId);
    expect(view.request).toMatchObject({
      tabId: 7,
      frameId: 3,
      origin: 'https://app.example.com',
      host: 'app.example.com',
      topOrigin: null,
      title: 'App — settings',
      refusal: null,
    });
    expect(view.draft).toMatchObject({
      apiKeyType: 'INFERENCE',
      description: 'app.example.com',
      usdCap: '5',
      limitPeriod: 'MONTH',
    });
    expect(s.pageCalls).toEqual([{ frameId: 3, fn: 'probeFocusedField', arg: undefined }]);
  });

  it('refuses an http page without touching it', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(
      { frameId: 0, pageUrl: 'http://app.example.com/' },
      { id: 7, url: 'http://app.example.com/', title: 'x' },
    );
    const view = await s.service.view(requestId);
    expect(view.request.refusal).toMatchObject({ code: 'apps.insecure_page' });
    expect(s.pageCalls).toEqual([]);
    await expect(s.service.confirm(requestId, view.draft)).rejects.toMatchObject({
      code: 'apps.insecure_page',
    });
    expect(s.created).toEqual([]);
  });

  it('refuses a field that is not a text field, with the probe’s words', async () => {
    const s = setup({
      probe: {
        ok: false,
        code: 'apps.not_a_text_field',
        reason: 'That field takes a number value, not text.',
      },
    });
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    expect((await s.service.view(requestId)).request.refusal).toEqual({
      code: 'apps.not_a_text_field',
      reason: 'That field takes a number value, not text.',
    });
  });

  it('refuses a secure page’s frame from an http origin', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(
      { ...menuInfo, frameUrl: 'http://ads.example/x' },
      tab,
    );
    expect((await s.service.view(requestId)).request.refusal?.reason).toMatch(
      /^The field is in a frame: ads.example is not a secure page/,
    );
  });
});

describe('Fill a new Venice key: the confirm', () => {
  it('mints with the confirmed draft, records where it went, and fills only the new INFERENCE secret', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    const draft = { ...(await s.service.view(requestId)).draft, usdCap: '2' };
    const outcome = await s.service.confirm(requestId, draft);
    expect(s.created).toEqual([{ requestId, draft }]);
    expect(outcome).toEqual({
      key: { id: 'k-new', description: 'app.example.com', last6: 'NNNNNN', apiKeyType: 'INFERENCE' },
      vaultCopy: { entryId: 'e-new', label: 'app.example.com' },
      reused: false,
      fill: { ok: true },
    });
    expect(s.provenance()['k-new']).toEqual({
      origin: 'https://app.example.com',
      title: 'App — settings',
      at: '2026-11-29T16:00:00.000Z',
      how: 'filled',
    });
    expect(s.pageCalls.at(-1)).toEqual({ frameId: 3, fn: 'fillFocusedField', arg: { secret: NEW_SECRET } });
    expect(JSON.stringify(s.pageCalls)).not.toContain(ADMIN_SECRET);
  });

  it('says the field is gone when the frame went away after the key was made; the key stays in the vault', async () => {
    const s = setup({ fillThrows: true });
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    const outcome = await s.service.confirm(requestId, (await s.service.view(requestId)).draft);
    expect(outcome.fill).toEqual({
      ok: false,
      code: 'apps.no_field',
      reason: 'The field is gone: the tab or its frame was closed or left the page.',
    });
    expect(outcome.vaultCopy).toEqual({ entryId: 'e-new', label: 'app.example.com' });
    expect(s.provenance()['k-new']).toBeDefined();
    // A reopened window reads the same outcome; a second confirm mints nothing more.
    expect((await s.service.view(requestId)).request.outcome).toEqual(outcome);
    expect(await s.service.confirm(requestId, (await s.service.view(requestId)).draft)).toEqual(outcome);
    expect(s.created).toHaveLength(1);
  });

  it('fills from the vault when the create was already done (a restarted worker asks again)', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    const draft = (await s.service.view(requestId)).draft;
    await s.deps.keys.create(requestId, draft); // the first worker got this far
    const outcome = await s.service.confirm(requestId, draft);
    expect(outcome.fill).toEqual({ ok: true });
    expect(s.pageCalls.at(-1)?.arg).toEqual({ secret: NEW_SECRET });
  });

  it('refuses before minting when the tab left the site', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    s.moveTab('https://elsewhere.example/');
    await expect(s.service.confirm(requestId, (await s.service.view(requestId)).draft)).rejects.toMatchObject(
      {
        code: 'apps.tab_moved',
        message: expect.stringContaining('no key was made'),
      },
    );
    expect(s.created).toEqual([]);
  });

  it('never mints an ADMIN key for a page', async () => {
    const s = setup();
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    const draft = { ...(await s.service.view(requestId)).draft, apiKeyType: 'ADMIN' as const };
    await expect(s.service.confirm(requestId, draft)).rejects.toMatchObject({ code: 'apps.admin_refused' });
    expect(s.created).toEqual([]);
  });

  it('Venice’s 20-a-minute creation limit and 500-key cap reach the window in words; nothing is filled or recorded, and the same request can try again', async () => {
    for (const refusal of [
      new VeniceRateLimitError('key_creation', 42),
      new VeniceKeyLimitError(),
    ] as const) {
      const s = setup();
      const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
      const draft = (await s.service.view(requestId)).draft;
      const create = s.deps.keys.create;
      s.deps.keys.create = async () => {
        throw refusal;
      };
      await expect(s.service.confirm(requestId, draft)).rejects.toMatchObject({
        code: refusal.code,
        message:
          refusal instanceof VeniceRateLimitError
            ? 'Venice allows 20 new keys per minute. Try again in 42 seconds.'
            : expect.stringContaining('limit of 500 active API keys'),
      });
      expect(s.pageCalls.map((c) => c.fn)).toEqual(['probeFocusedField']);
      expect(s.provenance()).toEqual({});
      expect((await s.service.view(requestId)).request.outcome).toBeNull();
      // Once Venice allows it again, the same window's click mints and fills.
      s.deps.keys.create = create;
      expect((await s.service.confirm(requestId, draft)).fill).toEqual({ ok: true });
    }
  });

  it('an unknown request is refused in words', async () => {
    const s = setup();
    await expect(s.service.view('request-none-0000')).rejects.toMatchObject({ code: 'apps.request_gone' });
  });
});

describe('reuse: a site that already has a live key from us', () => {
  const provenance: ProvenanceMap = {
    'k-old': {
      origin: 'https://app.example.com',
      title: 'App',
      at: '2026-11-01T00:00:00.000Z',
      how: 'filled',
    },
    'k-gone': {
      origin: 'https://app.example.com',
      title: 'App',
      at: '2026-11-02T00:00:00.000Z',
      how: 'filled',
    },
    'k-expired': {
      origin: 'https://app.example.com',
      title: 'App',
      at: '2026-11-03T00:00:00.000Z',
      how: 'filled',
    },
  };
  const listed = [apiKey('k-old'), apiKey('k-expired', { expiresAt: '2026-11-28T00:00:00.000Z' })];

  it('offers only the listed, unexpired key whose secret is in the vault', async () => {
    const s = setup({ provenance, listed });
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    expect((await s.service.view(requestId)).reuse).toEqual([
      {
        keyId: 'k-old',
        entryId: 'e-old',
        label: 'app.example.com',
        last6: 'OOOOOO',
        at: '2026-11-01T00:00:00.000Z',
      },
    ]);
  });

  it('never offers a key being rotated away: it stops working when its revoke runs', async () => {
    const s = setup({ provenance, listed, retiring: ['k-old'] });
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    expect((await s.service.view(requestId)).reuse).toEqual([]);
    await expect(s.service.fillExisting(requestId, 'k-old')).rejects.toMatchObject({
      code: 'apps.reuse_gone',
    });
  });

  it('fills the existing key from the vault, minting nothing', async () => {
    const s = setup({ provenance, listed });
    const { requestId } = await s.service.beginFromMenu(menuInfo, tab);
    const outcome = await s.service.fillExisting(requestId, 'k-old');
    expect(outcome).toMatchObject({ reused: true, fill: { ok: true }, vaultCopy: { entryId: 'e-old' } });
    expect(s.pageCalls.at(-1)?.arg).toEqual({ secret: OLD_SECRET });
    expect(s.created).toEqual([]);
    await expect(s.service.fillExisting(requestId, 'k-expired')).rejects.toMatchObject({
      code: 'apps.reuse_gone',
    });
  });

  it('offers nothing on another site', async () => {
    const s = setup({ provenance, listed, tabUrl: 'https://other.example/' });
    const { requestId } = await s.service.beginFromMenu(
      { frameId: 0, pageUrl: 'https://other.example/' },
      { id: 7, url: 'https://other.example/', title: 'Other' },
    );
    expect((await s.service.view(requestId)).reuse).toEqual([]);
  });
});
