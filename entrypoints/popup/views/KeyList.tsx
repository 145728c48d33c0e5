import { useEffect, useMemo, useRef } from 'preact/hooks';
import { UsageBar } from '@/components/UsageBar';
import type { ApiKey } from '@/lib/venice/types';
import { diem, expiryInfo, PERIOD_WORD, relativeTime, shortDate, usd } from '../format';
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
  const now = state.now.value;

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

  return (
    <section class={stale ? 'key-list is-stale' : 'key-list'} aria-labelledby="key-list-heading">
      <h2 id="key-list-heading" class="visually-hidden">
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
      <p class="key-list__count muted" aria-live="polite" data-testid="key-count">
        {shown.length === total
          ? `${total} key${total === 1 ? '' : 's'}`
          : `${shown.length} of ${total} keys`}
      </p>
      {shown.length === 0 ? (
        <p class="muted">{total === 0 ? 'No keys yet.' : 'No key matches the filter.'}</p>
      ) : (
        <div class="key-list__scroll">
          <ul class="key-list__rows" aria-label="Keys">
            {rendered.map((key) => (
              <KeyRow
                key={key.id}
                apiKey={key}
                now={now}
                inVault={inVault.has(key.id)}
                readOnly={readOnly}
                onOpen={() => state.go({ name: 'detail', id: key.id })}
                onRevoke={() => state.go({ name: 'revoke', id: key.id, from: 'list' })}
              />
            ))}
          </ul>
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

export function keyName(key: Pick<ApiKey, 'description' | 'last6Chars'>): string {
  return `${key.description || 'Untitled key'} …${key.last6Chars}`;
}

interface KeyRowProps {
  apiKey: ApiKey;
  now: number;
  inVault: boolean;
  readOnly: boolean;
  onOpen: () => void;
  onRevoke: () => void;
}

function KeyRow({ apiKey: key, now, inVault, readOnly, onOpen, onRevoke }: KeyRowProps) {
  const expiry = expiryInfo(key.expiresAt, now);
  const period = key.limitPeriod ? PERIOD_WORD[key.limitPeriod] : 'daily';
  const name = keyName(key);
  return (
    <li class="key-row" aria-label={name}>
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
        <span>Used {key.lastUsedAt ? relativeTime(key.lastUsedAt, now) : 'never'}</span>
        <span class={expiry.soon ? 'key-row__expiry is-soon' : 'key-row__expiry'}>{expiry.text}</span>
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
        {!readOnly && (
          <span class="key-row__actions">
            <button type="button" onClick={onOpen} aria-label={`Details of ${name}`}>
              Details
            </button>
            <button type="button" class="danger" onClick={onRevoke} aria-label={`Revoke ${name}`}>
              Revoke
            </button>
          </span>
        )}
      </div>
    </li>
  );
}
