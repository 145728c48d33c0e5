import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { Ago } from '@/components/Ago';
import { endpointsState, watchEndpoints } from '@/lib/settings/endpoints-client';
import { LIVE_FLAG, SHELL_ID } from '@/lib/storage/page-keys';
import { focusRequest } from './focus';
import { diem, relativeTime, unreadableNotice, usd } from './format';
import { lazyView } from './lazy';
import { createPopupState, type PopupState } from './state';
import { KeyList } from './views/KeyList';
import './popup.css';

const state = createPopupState();

// Everything but the list loads on first use (or right after the list is painted).
const KeyDetail = lazyView(() => import('./views/KeyDetail').then((m) => m.KeyDetail));
const CreateKey = lazyView(() => import('./views/CreateKey').then((m) => m.CreateKey));
const EditKey = lazyView(() => import('./views/EditKey').then((m) => m.EditKey));
const BreachLog = lazyView(() => import('./views/BreachLog').then((m) => m.BreachLog));
const RotateKey = lazyView(() => import('./views/RotateKey').then((m) => m.RotateKey));
// Chart code: loaded when the usage view opens, never with the list (test/bundle/budget.test.ts).
const Usage = lazyView(() => import('./views/Usage').then((m) => m.Usage));
// The first paint is the cached list: every other state (locked, no vault, …), the revoke dialog,
// the mint door (shown once the background answers) and the custom-endpoint banner (shown once the
// settings are read) load beside it, so the popup's initial load stays within 25 kB gzipped.
const RevokeConfirm = lazyView(() => import('./views/RevokeConfirm').then((m) => m.RevokeConfirm));
const Locked = lazyView(() => import('./views/Locked').then((m) => m.Locked));
const NoVault = lazyView(() => import('./views/AccessStates').then((m) => m.NoVault));
const NoManagementKey = lazyView(() => import('./views/AccessStates').then((m) => m.NoManagementKey));
const InferenceOnly = lazyView(() => import('./views/AccessStates').then((m) => m.InferenceOnly));
const MintStatus = lazyView(() => import('./views/MintStatus').then((m) => m.MintStatus), null);
const CustomEndpointBanner = lazyView(
  () => import('@/components/CustomEndpointBanner').then((m) => m.CustomEndpointBanner),
  null,
);
// Not on the cached list's first paint either: a notice follows an action, Lock now and the locked
// list follow the background's answer.
const Notice = lazyView(() => import('./views/Notice').then((m) => m.Notice), null);
const LockNow = lazyView(() => import('./views/LockNow').then((m) => m.LockNow), null);
const LockedList = lazyView(() => import('./views/LockedList').then((m) => m.LockedList), null);
// Pending revocations above the list: shown once its code is in, with nothing (no "Loading…") meanwhile.
const PendingList = lazyView(() => import('./views/PendingList').then((m) => m.PendingList), null);
// The scan button sits in the list's toolbar: its code starts loading with the page (beside the
// cache read, so it is usually in by the first paint) without counting in the initial load.
// "Scan this page" and "Fill a new Venice key" are one chunk.
// The sites the keys went to ("used on …") come with them: not part of the first paint either.
const pageTools = import('./views/PageTools');
const PageTools = lazyView(() => pageTools.then((m) => m.PageTools), null);
const LAZY_VIEWS = [KeyDetail, CreateKey, EditKey, BreachLog, RevokeConfirm, MintStatus, Notice, LockNow];

// Started as the script runs, not after the first render: the cached list (straight from storage),
// the screen the user left, and the background's view; then Venice.
// The cached list waits for the screen the user left: reopened on another view, the popup would
// otherwise build the whole list first, then throw it away.
const restored = state.restore();
void state.readCache(restored);
const link = new URLSearchParams(location.search);
// Opened from the options page's spend by key (in a tab): that key's detail, in place of the saved screen.
const detail = link.get('detail');
if (detail) state.go({ name: 'detail', id: detail });
// Opened from an expiry reminder: that key's rotation, ready to start.
const rotateFromReminder = link.get('rotate');
void Promise.all([restored, state.load()]).then(([, overview]) => {
  if (rotateFromReminder) state.go({ name: 'rotate', id: rotateFromReminder });
  if (overview?.access.state === 'ready') void state.refresh({ sinceOpen: true });
});

/**
 * Marks the moment the live key list is in the DOM (the browser paints it in the frame that
 * follows), for the bench: `vkc:list-interactive`, and `vkc:list-painted` too unless the shell
 * (popup-cache.js) was painted before. A layout effect, not rAF: a tab Chromium does not show may
 * get no animation frame for a while, which would measure the tab, not the popup.
 */
let painted = false;
function markPainted() {
  if (painted) return;
  painted = true;
  performance.mark('vkc:list-interactive');
  if (!performance.getEntriesByName('vkc:list-painted').length) performance.mark('vkc:list-painted');
  setTimeout(() => {
    for (const view of LAZY_VIEWS) void view.preload();
  }, 50);
}

export function App() {
  useEffect(() => state.watch(), []);
  useEffect(() => watchEndpoints(), []);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let left = false;
    void pageTools.then(({ watchSites }) => {
      if (!left) stop = watchSites();
    });
    return () => {
      left = true;
      stop?.();
    };
  }, []);

  const overview = state.overview.value;
  const route = state.route.value;
  const access = overview?.access;
  // The shell (popup-cache.js) stays until this render has something to show in its place.
  // On the usage view, the view itself takes it out once its figures are drawn (views/Usage.tsx).
  const waiting =
    (!overview && !state.cached.value && !state.loadError.value && route.name === 'list') ||
    (route.name === 'usage' && (!overview || access?.state === 'ready'));
  useLayoutEffect(() => {
    if (waiting) return;
    (globalThis as Record<string, unknown>)[LIVE_FLAG] = 1;
    document.getElementById(SHELL_ID)?.remove();
  });

  let body: preact.ComponentChildren;
  if (!overview && state.cached.value && route.name === 'list') body = <ListScreen state={state} />;
  // Drawn from the usage cache at once; the access state, when it comes, decides as everywhere.
  else if (!overview && route.name === 'usage') body = <Usage state={state} days={route.days} />;
  else if (!overview) {
    body = state.loadError.value ? (
      <p class="error" role="alert">
        {state.loadError.value.message}
      </p>
    ) : (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  } else if (access?.state === 'no_vault') body = <NoVault />;
  else if (access?.state === 'locked')
    body = (
      <>
        <Locked
          onUnlocked={async () => {
            const next = await state.load();
            if (next?.access.state === 'ready') void state.refresh({ sinceOpen: true });
          }}
        />
        {overview.list.keys.length > 0 && <LockedList state={state} />}
      </>
    );
  else if (access?.state === 'no_management_key')
    body = <NoManagementKey hasAdminKeyInVault={access.hasAdminKeyInVault} />;
  else if (access?.state === 'inference_only') body = <InferenceOnly state={state} access={access} />;
  else if (route.name === 'detail')
    body = <KeyDetail key={`detail-${route.id}`} state={state} id={route.id} />;
  else if (route.name === 'create') body = <CreateKey state={state} />;
  else if (route.name === 'edit') body = <EditKey key={`edit-${route.id}`} state={state} id={route.id} />;
  else if (route.name === 'revoke') body = <RevokeConfirm state={state} id={route.id} from={route.from} />;
  else if (route.name === 'rotate')
    body = (
      <RotateKey
        key={`rotate-${route.id}`}
        state={state}
        id={route.id}
        {...(route.rotationId ? { rotationId: route.rotationId } : {})}
      />
    );
  else if (route.name === 'breaches') body = <BreachLog state={state} />;
  else if (route.name === 'usage') body = <Usage state={state} days={route.days} />;
  else body = <ListScreen state={state} />;

  const unlocked =
    access?.state === 'ready' || access?.state === 'inference_only' || access?.state === 'no_management_key';
  // Minting needs no management key and no vault (the wallet window creates or unlocks it), so
  // wallet-only users see it in every state; with a key list, only under the list.
  const showMint = access !== undefined && (access.state !== 'ready' || route.name === 'list');

  return (
    <main class="popup">
      {(endpointsState.value?.custom.length ?? 0) > 0 && (
        <CustomEndpointBanner custom={endpointsState.value?.custom ?? []} />
      )}
      <header class="popup__header">
        <h1>Venice keys</h1>
        {(access?.state === 'ready' || (!overview && state.cached.value)) && <AccountBalance state={state} />}
        {unlocked && <LockNow state={state} />}
      </header>
      {body}
      {showMint && <MintStatus />}
    </main>
  );
}

/** A balance younger than this is current; older ones carry their age. */
const BALANCE_FRESH_MS = 60_000;

function AccountBalance({ state }: { state: PopupState }) {
  const source = state.overview.value ?? state.cached.value;
  const balance = source?.balance ?? null;
  const failed = source?.balanceError ?? null;
  const now = state.now.value;
  if (!balance)
    return failed ? (
      <section class="balance" aria-label="Account balance">
        <span class="error">Balance unknown: the last refresh failed ({failed.message})</span>
      </section>
    ) : null;
  const { balances, diemEpochAllocation } = balance.value;
  const parts: string[] = [];
  if (balances.usd !== null) parts.push(usd(balances.usd));
  if (balances.diem !== null)
    parts.push(
      `${diem(balances.diem)}${diemEpochAllocation ? ` of ${diemEpochAllocation.toLocaleString('en-US')}` : ''}`,
    );
  if (balances.bundledCredits !== null) parts.push(`${usd(balances.bundledCredits)} bundled`);
  if (balances.earnedCredits !== null) parts.push(`${usd(balances.earnedCredits)} earned`);
  return (
    <section class="balance" aria-label="Account balance">
      <span class="muted">Balance </span>
      <strong>{parts.length ? parts.join(' · ') : usd(0)}</strong>
      {!balance.value.canConsume && <span class="error"> (too low to use)</span>}
      {/* An old figure says how old it is, and why it was not refreshed. */}
      {(failed || now - balance.fetchedAt >= BALANCE_FRESH_MS) && (
        <span class="muted"> · from {relativeTime(balance.fetchedAt, Math.max(now, balance.fetchedAt))}</span>
      )}
      {failed && <span class="error"> · Last refresh failed: {failed.message}</span>}
    </section>
  );
}

function ListScreen({ state }: { state: PopupState }) {
  const overview = state.overview.value;
  const cached = state.cached.value;
  // Until the background answers, the cache read straight from storage.
  const inVaultIds = overview ? overview.inVault : cached?.inVault;
  const inVault = useMemo(() => new Set(inVaultIds ?? []), [inVaultIds]);
  const list = overview ? overview.list : (cached ?? undefined);
  useLayoutEffect(() => {
    if (list && (list.fetchedAt !== null || list.keys.length > 0)) markPainted();
    // The list as drawn from the background's answer becomes the next opening's shell.
    if (overview) void import('./shell').then((m) => m.saveShell(state));
  }, [list]);
  const newKey = useRef<HTMLButtonElement>(null);
  const request = focusRequest.value;
  useEffect(() => {
    if (request?.kind !== 'new-key') return;
    focusRequest.value = null;
    newKey.current?.focus();
  }, [request]);
  if (!list) return null;
  const stale = list.refreshError !== null;

  return (
    <>
      <div class="toolbar">
        <button type="button" class="primary" ref={newKey} onClick={() => state.go({ name: 'create' })}>
          New key
        </button>
        <button type="button" onClick={() => state.go({ name: 'breaches' })}>
          Breach log
        </button>
        <button type="button" onClick={() => state.go({ name: 'usage' })}>
          Usage
        </button>
        <PageTools state={state} />
        <span class="toolbar__spacer" />
        <span class="muted" role="status" aria-label="List age">
          {state.refreshing.value ? (
            'Refreshing…'
          ) : list.fetchedAt === null ? (
            'Not loaded yet'
          ) : (
            <>
              Updated <Ago at={list.fetchedAt} past />
            </>
          )}
        </span>
        <button
          type="button"
          onClick={() => void state.refresh()}
          disabled={state.refreshing.value}
          aria-label="Refresh the key list"
          title="Refresh"
        >
          ↻
        </button>
      </div>
      <Notice state={state} />
      <PendingList state={state} />
      {list.refreshError && (
        <p class="error-box" role="alert" data-code={list.refreshError.code}>
          Could not refresh: {list.refreshError.message}
          {list.fetchedAt !== null && (
            <>
              {' '}
              Showing the list from <Ago at={list.fetchedAt} />.
            </>
          )}
        </p>
      )}
      {unreadableNotice(list.unreadable, ['key', 'keys']) && (
        <p class="notice" role="status">
          {unreadableNotice(list.unreadable, ['key', 'keys'])}
        </p>
      )}
      {list.fetchedAt === null && list.keys.length === 0 && !list.refreshError ? (
        <p class="muted" aria-busy="true">
          Loading your keys from Venice…
        </p>
      ) : (
        <KeyList state={state} keys={list.keys} inVault={inVault} stale={stale} />
      )}
    </>
  );
}
