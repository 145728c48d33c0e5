import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Ago } from '@/components/Ago';
import { clock } from '@/components/clock';
import { UsageBar } from '@/components/UsageBar';
import type { ApiKey } from '@/lib/venice/types';
import { focusRequest, requestFocus } from '../focus';
import { diem, expiryInfo, isKnownPrivacy, periodWord, privacyWords, shortDate, usd } from '../format';
import { type KeySite, keySites, siteFilter } from '../sites';
import { useWeekSparks, type WeekSparks } from '../sparks';
import { PAGE_SIZE, type PopupState, type SortKey } from '../state';

export interface KeyListProps {
  state: PopupState;
  keys: ApiKey[];
  inVault: ReadonlySet<string>;
  /** Greyed: the list is only as fresh as the cache (refresh failed, or locked). */
  stale: boolean;
  /** Read-only (e.g. locked): no actions. */
  readOnly?: boolean;
}

const SORTS: Record<SortKey, { label: string; compare: (a: ApiKey, b: ApiKey) => number }> = {
  created: { label: 'Newest first', compare: (a, b) => time(b.createdAt) - time(a.createdAt) },
  name: { label: 'Description A–Z', compare: (a, b) => a.description.localeCompare(b.description) },
  lastUsed: { label: 'Recently used', compare: (a, b) => time(b.lastUsedAt) - time(a.lastUsedAt) },
  expiry: {
    label: 'Expiring soonest',
    compare: (a, b) =>
      time(a.expiresAt, Number.POSITIVE_INFINITY) - time(b.expiresAt, Number.POSITIVE_INFINITY),
  },
  usage: {
    label: 'Most used (7 days)',
    compare: (a, b) => (b.trailingSevenDays?.usd ?? 0) - (a.trailingSevenDays?.usd ?? 0),
  },
};

function time(iso: string | null, missing = 0): number {
  if (!iso) return missing;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : missing;
}

/** The key list: filter by text and type, sort, one cheap row per key. */
export function KeyList({ state, keys, inVault, stale, readOnly = false }: KeyListProps) {
  const text = state.filterText.value.trim().toLowerCase();
  const type = state.filterType.value;
  const sort = state.sortBy.value;
  const hidden = state.hidden.value;
  const { sparks, Sparkline } = useWeekSparks(!readOnly && keys.length > 0);
  const sites = keySites.value;
  const site = siteFilter.value;
  const siteHosts = useMemo(() => [...new Set([...sites.values()].map((s) => s.host))].sort(), [sites]);

  // Lower-cased search text per key, computed once per list (not per keystroke).
  const haystacks = useMemo(
    () => new Map(keys.map((k) => [k.id, `${k.description}\n${k.last6Chars}\n${k.id}`.toLowerCase()])),
    [keys],
  );
  const sorted = useMemo(() => keys.slice().sort(SORTS[sort].compare), [keys, sort]);
  const shown = sorted.filter(
    (k) =>
      !hidden.has(k.id) &&
      (type === 'ALL' || k.apiKeyType === type) &&
      (site === '' || sites.get(k.id)?.host === site) &&
      (text === '' || (haystacks.get(k.id) ?? '').includes(text)),
  );
  const total = keys.length - keys.filter((k) => hidden.has(k.id)).length;
  // Only the first rows are rendered; more on request or when the end scrolls into view.
  const limit = state.rowLimit.value;
  const rendered = shown.length > limit ? shown.slice(0, limit) : shown;
  const more = shown.length - rendered.length;
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) state.rowLimit.value = limit + PAGE_SIZE;
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [limit, more > 0]);
  const resetPaging = () => {
    state.rowLimit.value = PAGE_SIZE;
  };

  // One tab stop for the whole list (the row last focused); arrows move between rows.
  const [activeId, setActiveId] = useState<string | null>(null);
  const tabStop = rendered.some((k) => k.id === activeId) ? activeId : (rendered[0]?.id ?? null);
  const rowsRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rowNode = (id: string) =>
    Array.from(rowsRef.current?.children ?? []).find(
      (node): node is HTMLLIElement => node instanceof HTMLLIElement && node.dataset.keyId === id,
    ) ?? null;

  const request = focusRequest.value;
  useEffect(() => {
    if (!request || request.kind === 'new-key') return;
    focusRequest.value = null;
    let id: string | null = request.id;
    if (request.kind === 'after') {
      // The revoked row is hidden by now: take the row that followed it in this order, else the one before.
      const order = sorted.filter(
        (k) =>
          (k.id === request.id || !hidden.has(k.id)) &&
          (type === 'ALL' || k.apiKeyType === type) &&
          (text === '' || (haystacks.get(k.id) ?? '').includes(text)),
      );
      const at = order.findIndex((k) => k.id === request.id);
      id = at < 0 ? null : (order[at + 1]?.id ?? order[at - 1]?.id ?? null);
    }
    const node = id ? rowNode(id) : null;
    if (!node) {
      headingRef.current?.focus();
      return;
    }
    setActiveId(id);
    const control =
      request.kind === 'row' && request.control
        ? node.querySelector<HTMLButtonElement>(`button[data-action="${request.control}"]`)
        : null;
    (control ?? node).focus();
  }, [request]);

  function onRowsKey(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    const li = target.closest<HTMLLIElement>('li[data-key-id]');
    if (!li || !rowsRef.current?.contains(li)) return;
    const rows = Array.from(rowsRef.current.querySelectorAll<HTMLLIElement>(':scope > li[data-key-id]'));
    const at = rows.indexOf(li);
    let next: HTMLLIElement | undefined;
    if (event.key === 'ArrowDown') next = rows[at + 1];
    else if (event.key === 'ArrowUp') next = rows[at - 1];
    else if (event.key === 'Home') next = rows[0];
    else if (event.key === 'End') next = rows[rows.length - 1];
    else if (event.key === 'Enter' && target === li && !readOnly) {
      event.preventDefault();
      const id = li.dataset.keyId as string;
      state.go({ name: 'detail', id });
      requestFocus({ kind: 'row', id, control: 'details' });
      return;
    } else return;
    event.preventDefault();
    if (next) next.focus();
  }

  return (
    <section class={stale ? 'key-list is-stale' : 'key-list'} aria-labelledby="key-list-heading">
      <h2 id="key-list-heading" class="visually-hidden" tabIndex={-1} ref={headingRef}>
        API keys
      </h2>
      <div class="key-list__tools">
        <input
          type="search"
          aria-label="Filter keys by description or last 6 characters"
          placeholder="Filter…"
          value={state.filterText.value}
          onInput={(e) => {
            state.filterText.value = e.currentTarget.value;
            resetPaging();
          }}
        />
        <select
          aria-label="Key type"
          value={type}
          onChange={(e) => {
            state.filterType.value = e.currentTarget.value as typeof type;
            resetPaging();
          }}
        >
          <option value="ALL">All types</option>
          <option value="INFERENCE">Inference</option>
          <option value="ADMIN">Admin</option>
        </select>
        {(siteHosts.length > 0 || site !== '') && (
          <select
            aria-label="Site"
            value={site}
            onChange={(e) => {
              siteFilter.value = e.currentTarget.value;
              resetPaging();
            }}
          >
            <option value="">All sites</option>
            {siteHosts.map((host) => (
              <option key={host} value={host}>
                {host}
              </option>
            ))}
          </select>
        )}
        <select
          aria-label="Sort keys"
          value={sort}
          onChange={(e) => {
            state.sortBy.value = e.currentTarget.value as SortKey;
            resetPaging();
          }}
        >
          {(Object.keys(SORTS) as SortKey[]).map((key) => (
            <option key={key} value={key}>
              {SORTS[key].label}
            </option>
          ))}
        </select>
      </div>
      <p class="key-list__count muted" role="status" aria-label="Key count">
        {shown.length === total
          ? `${total} key${total === 1 ? '' : 's'}`
          : `${shown.length} of ${total} keys`}
      </p>
      {shown.length === 0 ? (
        <p class="muted">{total === 0 ? 'No keys yet.' : 'No key matches the filter.'}</p>
      ) : (
        <div class="key-list__scroll">
          <ul
            class="key-list__rows"
            aria-label="Keys"
            aria-describedby="key-list-keys-help"
            ref={rowsRef}
            onKeyDown={onRowsKey}
            onFocusIn={(e) => {
              const li = (e.target as HTMLElement).closest<HTMLLIElement>('li[data-key-id]');
              if (li?.dataset.keyId) setActiveId(li.dataset.keyId);
            }}
          >
            {rendered.map((key) => (
              <KeyRow
                spark={sparks.get(key.id)}
                Sparkline={Sparkline}
                site={sites.get(key.id)}
                key={key.id}
                apiKey={key}
                inVault={inVault.has(key.id)}
                readOnly={readOnly}
                tabStop={key.id === tabStop}
                state={state}
              />
            ))}
          </ul>
          <p id="key-list-keys-help" class="visually-hidden">
            Up and down arrows move between keys{readOnly ? '' : '; Enter opens the details'}.
          </p>
          {more > 0 && (
            <div class="key-list__more" ref={sentinel}>
              <button
                type="button"
                onClick={() => {
                  state.rowLimit.value = limit + PAGE_SIZE;
                }}
              >
                Show {Math.min(more, PAGE_SIZE)} more
              </button>
              <button
                type="button"
                onClick={() => {
                  state.rowLimit.value = shown.length;
                }}
              >
                Show all {shown.length}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** "in 3 d", "in 5 h": the short form the amber expiry uses. */
function soonWords(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  const day = 24 * 60 * 60 * 1000;
  if (ms >= day) return `in ${Math.round(ms / day)} d`;
  return `in ${Math.max(1, Math.floor(ms / (60 * 60 * 1000)))} h`;
}

export function keyName(key: Pick<ApiKey, 'description' | 'last6Chars'>): string {
  return `${key.description || 'Untitled key'} …${key.last6Chars}`;
}

interface KeyRowProps {
  apiKey: ApiKey;
  inVault: boolean;
  readOnly: boolean;
  /** The row Tab stops on (one per list). */
  tabStop: boolean;
  /** Where Details, Rotate and Revoke go (the row builds its handlers, so its props stay equal between renders). */
  state: PopupState;
  /** The last 7 daily figures from analytics, when loaded. */
  spark?: number[] | undefined;
  /** Draws `spark` (loaded with the figures). */
  Sparkline: WeekSparks['Sparkline'];
  /** The site the key was made for (or tagged with). */
  site?: KeySite | undefined;
}

/**
 * A row renders again only when one of its props changed: a filter keystroke renders the list,
 * and the rows it keeps (most of them, typing on) are not redone. Ages and expiries follow the
 * clock by themselves.
 */
class KeyRow extends Component<KeyRowProps> {
  override shouldComponentUpdate(next: KeyRowProps): boolean {
    const props = this.props as unknown as Record<string, unknown>;
    for (const name in next)
      if ((next as unknown as Record<string, unknown>)[name] !== props[name]) return true;
    return false;
  }
  override render(props: KeyRowProps) {
    return <KeyRowView {...props} />;
  }
}

function KeyRowView({ apiKey: key, inVault, readOnly, tabStop, state, spark, Sparkline, site }: KeyRowProps) {
  const onOpen = () => {
    state.go({ name: 'detail', id: key.id });
    requestFocus({ kind: 'row', id: key.id, control: 'details' });
  };
  const onRevoke = () => state.go({ name: 'revoke', id: key.id, from: 'list' });
  const onRotate = () => state.go({ name: 'rotate', id: key.id });
  const period = periodWord(key.limitPeriod);
  const name = keyName(key);
  return (
    <li class="key-row" aria-label={name} data-key-id={key.id} tabIndex={tabStop ? 0 : -1}>
      <div class="key-row__head">
        <span class="key-row__desc">{key.description || <em>Untitled key</em>}</span>
        <span class={`tag tag--${key.apiKeyType.toLowerCase()}`}>{key.apiKeyType}</span>
        <span class="mono muted">…{key.last6Chars}</span>
        {inVault && (
          <span class="tag tag--vault" title="The secret of this key is in your vault">
            In vault
          </span>
        )}
      </div>
      <div class="key-row__meta muted">
        <span>Created {shortDate(key.createdAt)}</span>
        <span>Used {key.lastUsedAt ? <Ago at={key.lastUsedAt} /> : 'never'}</span>
        <Expiry at={key.expiresAt} />
        {/* A value Venice added after this version is shown as sent, never hidden or guessed. */}
        {!isKnownPrivacy(key.modelPrivacy) && <span>{privacyWords(key.modelPrivacy)}</span>}
        {site && <span class="key-row__site">used on {site.host}</span>}
      </div>
      {key.consumptionLimits.usd !== null && (
        <UsageBar
          currency="USD"
          used={key.currentPeriodUsage?.usd ?? null}
          cap={key.consumptionLimits.usd}
          period={period}
          format={usd}
        />
      )}
      {key.consumptionLimits.diem !== null && (
        <UsageBar
          currency="DIEM"
          used={key.currentPeriodUsage?.diem ?? null}
          cap={key.consumptionLimits.diem}
          period={period}
          format={diem}
        />
      )}
      <div class="key-row__foot">
        <span class="muted">
          7 days:{' '}
          {key.trailingSevenDays
            ? `${usd(key.trailingSevenDays.usd)} · ${diem(key.trailingSevenDays.diem)}`
            : '—'}
        </span>
        {spark && Sparkline && (
          <Sparkline
            values={spark}
            label={`Spend of ${name} per day over the last 7 days (USD and DIEM together): ${spark.map((v) => v.toFixed(2)).join(', ')}`}
          />
        )}
        {!readOnly && (
          <span class="key-row__actions">
            <button type="button" data-action="details" onClick={onOpen} aria-label={`Details of ${name}`}>
              Details
            </button>
            <button type="button" data-action="rotate" onClick={onRotate} aria-label={`Rotate ${name}`}>
              Rotate
            </button>
            <button
              type="button"
              class="danger"
              data-action="revoke"
              onClick={onRevoke}
              aria-label={`Revoke ${name}`}
            >
              Revoke
            </button>
          </span>
        )}
      </div>
    </li>
  );
}

/** A row's expiry, kept current by the clock without re-rendering the row. */
function Expiry({ at }: { at: string | null }) {
  const now = clock.value;
  const expiry = expiryInfo(at, now);
  if (expiry.soon && !expiry.expired && at)
    // Amber, and said in words too: "soon" is never colour alone.
    return <span class="key-row__expiry is-soon">Expires soon: {soonWords(at, now)}</span>;
  return <span class={expiry.soon ? 'key-row__expiry is-soon' : 'key-row__expiry'}>{expiry.text}</span>;
}
