import { useEffect, useRef, useState } from 'preact/hooks';
import { UsageBar } from '@/components/UsageBar';
import { serializeError } from '@/lib/error-shape';
import type { SerializedError } from '@/lib/errors';
import type { KeyDetail as KeyDetailData } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import { focusRequest, requestFocus } from '../focus';
import {
  dateTimeUtc,
  diem,
  expiryInfo,
  isUnreadableDate,
  periodWord,
  privacyWords,
  relativeTime,
  usd,
} from '../format';
import type { PopupState } from '../state';
import { keyName } from './KeyList';
import { KeySite } from './KeySite';
import { KeyUsage } from './KeyUsage';
import { RateLimitsPanel } from './RateLimitsPanel';
import { ViewHeader } from './ViewHeader';

/** Every field of one key, fresh from Venice; its own rate limits when its secret is in the vault. */
export function KeyDetail({ state, id }: { state: PopupState; id: string }) {
  const cached = state.overview.value?.list.keys.find((k) => k.id === id) ?? null;
  const listFetchedAt = state.overview.value?.list.fetchedAt ?? null;
  const [detail, setDetail] = useState<KeyDetailData | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    setLoading(true);
    call('keys.detail', { id })
      .then((d) => {
        if (live) {
          setDetail(d);
          setError(null);
        }
      })
      .catch((err) => {
        if (live) setError(serializeError(err));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [id]);

  // Back from a cancelled revoke: focus returns to this view's Revoke button, not the heading.
  const revokeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const request = focusRequest.value;
    if (request?.kind === 'row' && request.id === id && request.control === 'revoke') {
      focusRequest.value = null;
      revokeButton.current?.focus();
    }
  }, []);

  const key = detail?.key ?? cached;
  const now = state.now.value;
  const back = () => {
    state.go({ name: 'list' });
    requestFocus({ kind: 'row', id, control: 'details' });
  };
  if (!key)
    return (
      <section aria-labelledby="view-heading">
        <ViewHeader title="Key details" onBack={back} />
        {loading ? (
          <p aria-busy="true">Loading…</p>
        ) : (
          <p class="error" role="alert">
            {error?.message ?? 'Key not found.'}
          </p>
        )}
      </section>
    );

  // Venice may send the key's expiry as something unreadable (`{}` in the spec's examples) while
  // rate_limits, asked with the key itself, names the date: then that date is the truth to show.
  const fromRateLimits =
    isUnreadableDate(key.expiresAt) &&
    detail?.rateLimits !== null &&
    detail?.rateLimits !== undefined &&
    !isUnreadableDate(detail.rateLimits.keyExpiration);
  const expiresAt = fromRateLimits ? (detail?.rateLimits?.keyExpiration ?? null) : key.expiresAt;
  const expiry = expiryInfo(expiresAt, now);
  const period = periodWord(key.limitPeriod);
  return (
    <section aria-labelledby="view-heading" class="detail">
      <ViewHeader title={keyName(key)} onBack={back} />
      {error && (
        <p class="error" role="alert">
          {error.message}
          {/* The figures below are then the list's copy: say how old it is. */}
          {!detail &&
            listFetchedAt !== null &&
            ` Showing the list’s copy from ${relativeTime(listFetchedAt, now)}.`}
        </p>
      )}
      {loading && (
        <p class="muted" aria-busy="true">
          Loading the latest from Venice…
        </p>
      )}
      <dl class="facts">
        <dt>Description</dt>
        <dd>{key.description || '—'}</dd>
        <dt>Type</dt>
        <dd>{key.apiKeyType}</dd>
        <dt>Secret ends in</dt>
        <dd class="mono">…{key.last6Chars}</dd>
        <dt>Id</dt>
        <dd class="mono small">{key.id}</dd>
        <dt>Created</dt>
        <dd>{dateTimeUtc(key.createdAt)}</dd>
        <dt>Last used</dt>
        <dd>
          {!key.lastUsedAt
            ? 'Never'
            : isUnreadableDate(key.lastUsedAt)
              ? 'Unknown (Venice sent a date that cannot be read)'
              : `${relativeTime(key.lastUsedAt, now)} (${dateTimeUtc(key.lastUsedAt)})`}
        </dd>
        <dt>Expiry</dt>
        <dd class={expiry.soon ? 'is-soon' : undefined}>
          {!expiresAt
            ? 'Never expires'
            : isUnreadableDate(expiresAt)
              ? 'Unknown (Venice sent a date that cannot be read)'
              : `${dateTimeUtc(expiresAt)} (${expiry.text.toLowerCase()})${fromRateLimits ? ', as the key’s rate limits report it' : ''}`}
        </dd>
        <dt>Limit period</dt>
        <dd>{key.limitPeriod ? `${periodWord(key.limitPeriod)} (${key.limitPeriod})` : '—'}</dd>
        <dt>USD cap</dt>
        <dd>
          {key.consumptionLimits.usd === null ? (
            'No cap'
          ) : (
            <UsageBar
              currency="USD"
              used={key.currentPeriodUsage?.usd ?? null}
              cap={key.consumptionLimits.usd}
              period={period}
              format={usd}
            />
          )}
        </dd>
        <dt>DIEM cap</dt>
        <dd>
          {key.consumptionLimits.diem === null ? (
            'No cap'
          ) : (
            <UsageBar
              currency="DIEM"
              used={key.currentPeriodUsage?.diem ?? null}
              cap={key.consumptionLimits.diem}
              period={period}
              format={diem}
            />
          )}
        </dd>
        <dt>Last 7 days</dt>
        <dd>
          {key.trailingSevenDays
            ? `${usd(key.trailingSevenDays.usd)} · ${diem(key.trailingSevenDays.diem)}`
            : '—'}
        </dd>
        <dt>Model privacy</dt>
        <dd>{privacyWords(key.modelPrivacy)}</dd>
        <dt>Secret in vault</dt>
        <dd>{detail ? (detail.vaultCopy ? `Yes, as “${detail.vaultCopy.label}”` : 'No') : '…'}</dd>
      </dl>
      <KeySite keyId={key.id} name={keyName(key)} />
      <div class="actions">
        <button
          type="button"
          onClick={() => state.go({ name: 'edit', id: key.id })}
          aria-label={`Edit ${keyName(key)}`}
        >
          Edit
        </button>
        <button
          type="button"
          onClick={() => state.go({ name: 'rotate', id: key.id })}
          aria-label={`Rotate ${keyName(key)}`}
        >
          Rotate
        </button>
        <button
          type="button"
          class="danger"
          ref={revokeButton}
          onClick={() => state.go({ name: 'revoke', id: key.id, from: 'detail' })}
          aria-label={`Revoke ${keyName(key)}`}
        >
          Revoke
        </button>
      </div>
      <KeyUsage apiKey={key} now={now} />
      {detail?.rateLimits && (
        <RateLimitsPanel limits={detail.rateLimits} now={now} heading="Rate limits and balances" />
      )}
      {detail?.rateLimitsError && (
        <p class="error" role="alert">
          Could not read this key’s rate limits: {detail.rateLimitsError.message}
        </p>
      )}
      {detail && !detail.vaultCopy && (
        <p class="muted">
          Rate limits are shown for keys whose secret is in your vault (Venice reports them only to the key
          itself).
        </p>
      )}
    </section>
  );
}
