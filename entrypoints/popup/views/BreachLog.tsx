import { useEffect, useState } from 'preact/hooks';
import { serializeError } from '@/lib/error-shape';
import type { SerializedError } from '@/lib/errors';
import type { BreachLog as BreachLogData } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import { breachTypeWords, dateTimeUtc, relativeTime, unreadableNotice } from '../format';
import type { PopupState } from '../state';
import { ViewHeader } from './ViewHeader';

/** Venice keeps the account's last 50 rate-limit breaches; newest first, names from the key list. */
export function BreachLog({ state }: { state: PopupState }) {
  const [log, setLog] = useState<BreachLogData | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [keyFilter, setKeyFilter] = useState('ALL');

  useEffect(() => {
    call('keys.breaches')
      .then(setLog)
      .catch((err) => setError(serializeError(err)));
  }, []);

  const now = state.now.value;
  const keys = log
    ? [
        ...new Map(
          log.entries.map((e) => [e.apiKeyId, e.keyDescription ?? `Unknown key ${e.apiKeyId.slice(0, 8)}`]),
        ),
      ]
    : [];
  const shown = log ? log.entries.filter((e) => keyFilter === 'ALL' || e.apiKeyId === keyFilter) : [];

  return (
    <section aria-labelledby="view-heading" class="breaches">
      <ViewHeader title="Rate-limit breaches" onBack={() => state.go({ name: 'list' })} />
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {!log && !error && <p aria-busy="true">Loading…</p>}
      {log && unreadableNotice(log.unreadable, ['breach entry', 'breach entries']) && (
        <p class="notice" role="status">
          {unreadableNotice(log.unreadable, ['breach entry', 'breach entries'])}
        </p>
      )}
      {log && log.entries.length === 0 && <p>No breaches: none of your keys has hit a rate limit lately.</p>}
      {log && log.entries.length > 0 && (
        <>
          <label>
            Show breaches of{' '}
            <select value={keyFilter} onChange={(e) => setKeyFilter(e.currentTarget.value)}>
              <option value="ALL">All keys</option>
              {keys.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <p class="muted">
            {shown.length} of the last {log.entries.length} breaches (Venice keeps 50).
          </p>
          <ul class="breach-list" aria-label="Breaches">
            {shown.map((entry, i) => (
              <li key={`${entry.timestamp}-${entry.apiKeyId}-${i}`} class="breach">
                <div>
                  <strong>{breachTypeWords(entry.rateLimitType)}</strong>{' '}
                  <span class="muted">({entry.rateLimitTier} tier)</span>
                </div>
                <div>
                  {entry.keyDescription ?? <em>Unknown key (revoked or expired)</em>}
                  {entry.keyLast6 && <span class="mono muted"> …{entry.keyLast6}</span>}
                </div>
                <div class="muted">
                  <span class="mono">{entry.modelId}</span> · {relativeTime(entry.timestamp, now)} ·{' '}
                  {dateTimeUtc(entry.timestamp)}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
