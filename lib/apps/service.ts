/**
 * Per-app keys (issue 17): "Fill a new Venice key" from the context menu on a field, or from the
 * popup for the current tab. A click only opens the confirm window (nothing is minted without the
 * user's second, explicit click there); the confirm mints an INFERENCE key with the management key
 * through the key service's create-then-save path (the secret is in the vault before anything
 * else), records where it went, then fills it into the field. Only the new INFERENCE secret is ever
 * sent to a page. Every step's state is in `chrome.storage.session`, so a stopped worker resumes.
 */
import { AppError, readErrorCode } from '@/lib/errors';
import type { KeySettingsDraft } from '@/lib/keys/key-settings';
import type { CreateKeyResult, KeysOverview, VaultCopy } from '@/lib/keys/types';
import { createQueue } from '@/lib/queue';
import type { PerAppSettings } from '@/lib/storage/settings-item';
import type { ApiKeyType } from '@/lib/venice/types';
import { type FieldProbe, type FillResult, fillFocusedField, probeFocusedField } from './page-functions';
import { keysForOrigin, type Provenance, type ProvenanceMap } from './provenance';
import { checkFillSite, perAppDraft } from './site';

/** One "Fill a new Venice key" click, kept until its window is done with it. */
export interface FillRequest {
  id: string;
  tabId: number;
  frameId: number;
  /** Where the key would go: the origin of the frame holding the field. */
  origin: string;
  host: string;
  /** The tab's own origin, when the field is in a frame from another one. */
  topOrigin: string | null;
  title: string;
  createdAt: number;
  /** Why nothing may be filled here (the window says so, and offers nothing else). */
  refusal: { code: string; reason: string } | null;
  /** What the confirm did, so a reopened window (or a restarted worker) answers the same. */
  outcome: FillOutcome | null;
}

export interface FilledKey {
  id: string;
  description: string;
  last6: string;
  apiKeyType: ApiKeyType | (string & {});
}

export interface FillOutcome {
  key: FilledKey;
  vaultCopy: VaultCopy | null;
  fill: FillResult;
  /** true: an existing key of this site was filled; false: a new one was minted. */
  reused: boolean;
}

export interface ReuseCandidate {
  keyId: string;
  entryId: string;
  label: string;
  last6: string;
  at: string;
}

export interface FillRequestView {
  request: FillRequest;
  draft: KeySettingsDraft;
  reuse: ReuseCandidate[];
}

export interface MenuClickInfo {
  frameId?: number;
  frameUrl?: string;
  pageUrl?: string;
}

export interface TabInfo {
  id?: number;
  url?: string;
  title?: string;
}

export interface AppsServiceDeps {
  dev: boolean;
  now(): number;
  newId(): string;
  getTab(tabId: number): Promise<TabInfo | null>;
  /** executeScript in one frame; rejects when the frame or tab is gone. */
  runInFrame<A, R>(tabId: number, frameId: number, func: (arg: A) => R, arg: A): Promise<R | null>;
  /** executeScript in every frame of the tab: each frame's answer. */
  runInAllFrames<R>(tabId: number, func: () => R): Promise<{ frameId: number; result: R | null }[]>;
  openWindow(requestId: string): Promise<void>;
  getPerAppDefaults(): Promise<PerAppSettings>;
  keys: {
    create(requestId: string, draft: KeySettingsDraft): Promise<CreateKeyResult>;
    overview(): Promise<KeysOverview>;
    refresh(): Promise<KeysOverview>;
  };
  vault: {
    listStoredKeys(): Promise<
      { entryId: string; label: string; last6: string; veniceKeyId: string | null }[]
    >;
    getStoredSecret(entryId: string): Promise<string>;
  };
  provenance: {
    read(): Promise<ProvenanceMap>;
    record(keyId: string, entry: Provenance): Promise<unknown>;
  };
  /** Keys being rotated away (their replacement exists, the revoke is pending): never offered for reuse. */
  retiringKeyIds(): Promise<ReadonlySet<string>>;
  requests: {
    get(): Promise<Record<string, FillRequest>>;
    set(value: Record<string, FillRequest>): Promise<void>;
  };
}

const probeFieldFn = probeFocusedField as (arg: undefined) => FieldProbe;
const fillFieldFn = fillFocusedField;

/** Requests older than this are forgotten (the window would have been closed long ago). */
export const FILL_REQUEST_TTL_MS = 60 * 60 * 1000;
const REQUESTS_MAX = 20;

export class FillRequestGoneError extends AppError {
  override name = 'FillRequestGoneError';
  constructor() {
    super('apps.request_gone');
  }
}

export class FillRefusedError extends AppError {
  override name = 'FillRefusedError';
}

export type AppsService = ReturnType<typeof createAppsService>;

export function createAppsService(deps: AppsServiceDeps) {
  /** Request writes run one after another, so two changes never overwrite each other. */
  const writes = createQueue();
  const running = new Map<string, Promise<FillOutcome>>();

  function mutate(change: (all: Record<string, FillRequest>) => void): Promise<Record<string, FillRequest>> {
    return writes.run(async () => {
      const all = { ...(await deps.requests.get()) };
      const cutoff = deps.now() - FILL_REQUEST_TTL_MS;
      for (const [id, r] of Object.entries(all)) if (r.createdAt < cutoff) delete all[id];
      change(all);
      const ids = Object.keys(all).sort(
        (a, b) => (all[a] as FillRequest).createdAt - (all[b] as FillRequest).createdAt,
      );
      for (const id of ids.slice(0, Math.max(0, ids.length - REQUESTS_MAX))) delete all[id];
      await deps.requests.set(all);
      return all;
    });
  }

  async function load(id: string): Promise<FillRequest> {
    const request = (await deps.requests.get())[id];
    if (!request || request.createdAt < deps.now() - FILL_REQUEST_TTL_MS) throw new FillRequestGoneError();
    return request;
  }

  async function open(
    tab: TabInfo,
    frameId: number,
    frameUrl: string | undefined,
    refusal: FillRequest['refusal'],
  ): Promise<{ requestId: string }> {
    const top = checkFillSite(tab.url, deps.dev);
    const inFrame = frameUrl && frameId !== 0 ? checkFillSite(frameUrl, deps.dev) : top;
    const target = inFrame.ok ? inFrame : top;
    const request: FillRequest = {
      id: deps.newId(),
      tabId: tab.id ?? -1,
      frameId,
      origin: target.ok ? target.origin : '',
      host: target.ok ? target.host : '',
      topOrigin: top.ok && target.ok && top.origin !== target.origin ? top.origin : null,
      title: (tab.title ?? '').slice(0, 400),
      createdAt: deps.now(),
      refusal:
        refusal ??
        (!top.ok
          ? { code: top.code, reason: top.reason }
          : !inFrame.ok
            ? { code: inFrame.code, reason: `The field is in a frame: ${inFrame.reason}` }
            : null),
      outcome: null,
    };
    await mutate((all) => {
      all[request.id] = request;
    });
    await deps.openWindow(request.id);
    return { requestId: request.id };
  }

  /** The site and field checks that need the page: refused here, before the window offers a mint. */
  async function probe(tabId: number, frameId: number): Promise<FillRequest['refusal']> {
    let result: FieldProbe | null;
    try {
      result = await deps.runInFrame(tabId, frameId, probeFieldFn, undefined);
    } catch {
      return { code: 'apps.no_access', reason: 'The extension could not reach this page’s field.' };
    }
    if (!result)
      return { code: 'apps.no_access', reason: 'The extension could not reach this page’s field.' };
    return result.ok ? null : { code: result.code, reason: result.reason };
  }

  /** The context-menu item on an editable element: `info` and `tab` as Chrome passes them. */
  async function beginFromMenu(
    info: MenuClickInfo,
    tab: TabInfo | undefined,
  ): Promise<{ requestId: string }> {
    const frameId = info.frameId ?? 0;
    // Chrome passes the whole tab; the title is read again only when it did not come with it.
    const known =
      tab?.id !== undefined && tab.title === undefined ? await deps.getTab(tab.id).catch(() => null) : null;
    const page: TabInfo = {
      ...(tab?.id === undefined ? {} : { id: tab.id }),
      url: tab?.url ?? info.pageUrl,
      title: tab?.title ?? known?.title ?? '',
    };
    if (page.id === undefined || page.id < 0)
      return open(page, frameId, info.frameUrl, {
        code: 'apps.no_tab',
        reason: 'This field is not in a browser tab the extension can fill.',
      });
    const sites = [
      checkFillSite(page.url, deps.dev),
      ...(frameId !== 0 ? [checkFillSite(info.frameUrl, deps.dev)] : []),
    ];
    // Never touch a page we refuse: the probe runs only where a key may go.
    const refusal = sites.every((s) => s.ok) ? await probe(page.id, frameId) : null;
    return open(page, frameId, info.frameUrl, refusal);
  }

  /** The popup's button for the current tab: the frame whose focused element is a field. */
  async function beginFromPopup(tabId: number): Promise<{ requestId: string }> {
    const tab = (await deps.getTab(tabId).catch(() => null)) ?? { id: tabId };
    const page: TabInfo = { ...tab, id: tabId };
    const site = checkFillSite(page.url, deps.dev);
    if (!site.ok) return open(page, 0, undefined, null);
    let frames: { frameId: number; result: FieldProbe | null }[];
    try {
      frames = await deps.runInAllFrames(tabId, probeFocusedField);
    } catch {
      return open(page, 0, undefined, {
        code: 'apps.no_access',
        reason: 'The extension could not reach this page. Reload it and try again.',
      });
    }
    const fields = frames.filter((f) => f.result?.ok);
    // The deepest frame holding a focused field: a focused iframe is the top frame's active element.
    const chosen = fields.sort((a, b) => b.frameId - a.frameId)[0];
    if (chosen) return open(page, chosen.frameId, undefined, null);
    const why = frames.find((f) => f.result && !f.result.ok && f.result.code === 'apps.not_a_text_field');
    const refusal =
      why?.result && !why.result.ok
        ? { code: why.result.code, reason: why.result.reason }
        : {
            code: 'apps.no_field',
            reason:
              'No field is selected on this page. Click into the field the key should go in, then use “Fill a new Venice key” again.',
          };
    return open(page, 0, undefined, refusal);
  }

  /** What the confirm window shows: the request, the defaults as a draft, this site's live keys. */
  async function view(id: string): Promise<FillRequestView> {
    const request = await load(id);
    const draft = perAppDraft(await deps.getPerAppDefaults(), request.host || 'app', deps.now());
    return { request, draft, reuse: request.refusal ? [] : await reuseCandidates(request.origin) };
  }

  /** Keys made for (or tagged with) this origin that Venice still lists, unexpired, with the secret in the vault. */
  async function reuseCandidates(origin: string): Promise<ReuseCandidate[]> {
    if (!origin) return [];
    const provenance = await deps.provenance.read();
    const ids = keysForOrigin(provenance, origin);
    if (ids.length === 0) return [];
    let overview: KeysOverview;
    let stored: Awaited<ReturnType<AppsServiceDeps['vault']['listStoredKeys']>>;
    try {
      [overview, stored] = await Promise.all([deps.keys.overview(), deps.vault.listStoredKeys()]);
      const known = new Set(overview.list.keys.map((k) => k.id));
      // A key of this site the cached list has not seen yet: ask Venice once whether it is live.
      if (overview.access.state === 'ready' && ids.some((id) => !known.has(id)))
        overview = await deps.keys.refresh().catch(() => overview);
    } catch {
      return [];
    }
    const listed = new Map(overview.list.keys.map((k) => [k.id, k]));
    // The old key of a rotation still works until its revoke, but filling it would break the app then.
    const retiring = await deps.retiringKeyIds().catch(() => new Set<string>());
    const now = deps.now();
    const out: ReuseCandidate[] = [];
    for (const keyId of ids) {
      const key = listed.get(keyId);
      if (key?.apiKeyType !== 'INFERENCE' || retiring.has(keyId)) continue;
      if (key.expiresAt && Date.parse(key.expiresAt) <= now) continue;
      const entry = stored.find((e) => e.veniceKeyId === keyId);
      if (!entry) continue;
      out.push({
        keyId,
        entryId: entry.entryId,
        label: entry.label,
        last6: entry.last6,
        at: (provenance[keyId] as Provenance).at,
      });
    }
    return out;
  }

  async function checkStillThere(request: FillRequest): Promise<void> {
    if (request.refusal)
      throw new FillRefusedError(readErrorCode(request.refusal.code), request.refusal.reason, { hint: '' });
    const tab = await deps.getTab(request.tabId).catch(() => null);
    if (!tab) throw new FillRefusedError('apps.tab_gone');
    const site = checkFillSite(tab.url, deps.dev);
    const expected = request.topOrigin ?? request.origin;
    if (!site.ok || site.origin !== expected)
      throw new FillRefusedError(
        'apps.tab_moved',
        `The tab is no longer on ${expected}, so no key was made.`,
      );
  }

  async function fill(request: FillRequest, secret: string): Promise<FillResult> {
    try {
      const result = await deps.runInFrame(request.tabId, request.frameId, fillFieldFn, { secret });
      return (
        result ?? {
          ok: false,
          code: 'apps.fill_failed',
          reason: 'The page changed before the key could be filled.',
        }
      );
    } catch {
      return {
        ok: false,
        code: 'apps.no_field',
        reason: 'The field is gone: the tab or its frame was closed or left the page.',
      };
    }
  }

  async function finish(id: string, outcome: FillOutcome): Promise<FillOutcome> {
    await mutate((all) => {
      const r = all[id];
      if (r) all[id] = { ...r, outcome };
    });
    return outcome;
  }

  /** Mints with the draft the user confirmed, saves it, records where it went, fills it. Once per request. */
  function confirm(id: string, draft: KeySettingsDraft): Promise<FillOutcome> {
    const busy = running.get(id);
    if (busy) return busy;
    const run = confirmOnce(id, draft).finally(() => running.delete(id));
    running.set(id, run);
    return run;
  }

  async function confirmOnce(id: string, draft: KeySettingsDraft): Promise<FillOutcome> {
    const request = await load(id);
    if (request.outcome) return request.outcome;
    await checkStillThere(request);
    if (draft.apiKeyType !== 'INFERENCE') throw new FillRefusedError('apps.admin_refused');
    // The request id is the create's: a second confirm (a double click, a restarted worker) never makes two keys.
    const created = await deps.keys.create(id, draft);
    const secret =
      created.secret ??
      (created.vaultCopy ? await deps.vault.getStoredSecret(created.vaultCopy.entryId) : null);
    await deps.provenance.record(created.key.id, {
      origin: request.origin,
      title: request.title,
      at: new Date(deps.now()).toISOString(),
      how: 'filled',
    });
    const key: FilledKey = {
      id: created.key.id,
      description: created.key.description,
      last6: created.key.last6Chars,
      apiKeyType: created.key.apiKeyType,
    };
    if (!created.vaultCopy || secret === null)
      // Not in the vault: never put a key in a page that exists nowhere else.
      return finish(id, {
        key,
        vaultCopy: null,
        reused: false,
        fill: {
          ok: false,
          code: 'apps.fill_failed',
          reason: `The key was made but could not be saved in the vault (${created.vaultError?.message ?? 'unknown reason'}), so it was not filled.`,
        },
      });
    return finish(id, {
      key,
      vaultCopy: created.vaultCopy,
      reused: false,
      fill: await fill(request, secret),
    });
  }

  /** Fills a key this site already has (from the vault), instead of minting another. */
  async function fillExisting(id: string, keyId: string): Promise<FillOutcome> {
    const request = await load(id);
    await checkStillThere(request);
    const candidate = (await reuseCandidates(request.origin)).find((c) => c.keyId === keyId);
    if (!candidate) throw new FillRefusedError('apps.reuse_gone');
    const secret = await deps.vault.getStoredSecret(candidate.entryId);
    return finish(id, {
      key: { id: keyId, description: candidate.label, last6: candidate.last6, apiKeyType: 'INFERENCE' },
      vaultCopy: { entryId: candidate.entryId, label: candidate.label },
      reused: true,
      fill: await fill(request, secret),
    });
  }

  /** Fills the key of a finished request again (the "Try filling again" after a failed fill). */
  async function retryFill(id: string): Promise<FillOutcome> {
    const request = await load(id);
    if (!request.outcome?.vaultCopy) throw new FillRequestGoneError();
    await checkStillThere(request);
    const secret = await deps.vault.getStoredSecret(request.outcome.vaultCopy.entryId);
    return finish(id, { ...request.outcome, fill: await fill(request, secret) });
  }

  return { beginFromMenu, beginFromPopup, view, confirm, fillExisting, retryFill };
}
