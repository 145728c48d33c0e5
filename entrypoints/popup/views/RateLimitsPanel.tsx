import type { RateLimits } from '@/lib/venice/types';
import { dateTimeUtc, diem, untilOrAgo, usd } from '../format';

/** A key's own balances and limits (GET /api_keys/rate_limits, asked with that key). */
export function RateLimitsPanel({
  limits,
  now,
  heading,
}: {
  limits: RateLimits;
  now: number;
  heading: string;
}) {
  const { balances } = limits;
  return (
    <section class="panel" aria-label={heading}>
      <h3>{heading}</h3>
      <dl class="facts">
        <dt>Access</dt>
        <dd class={limits.accessPermitted ? 'ok' : 'error'}>
          {limits.accessPermitted ? 'Permitted' : 'Not permitted (balance, cap or account state)'}
        </dd>
        <dt>Tier</dt>
        <dd>
          {limits.apiTier
            ? `${limits.apiTier.id}${limits.apiTier.isCharged ? ' (charged)' : ' (not charged)'}`
            : '—'}
        </dd>
        <dt>USD available</dt>
        <dd>{balances.USD === undefined ? '—' : usd(balances.USD)}</dd>
        <dt>DIEM available</dt>
        <dd>{balances.DIEM === undefined ? '—' : diem(balances.DIEM)}</dd>
        {balances.BUNDLED_CREDITS !== undefined && (
          <>
            <dt>Bundled credits</dt>
            <dd>{usd(balances.BUNDLED_CREDITS)}</dd>
          </>
        )}
        <dt>Key expires</dt>
        <dd>{limits.keyExpiration ? dateTimeUtc(limits.keyExpiration) : 'Never'}</dd>
        <dt>Next epoch</dt>
        <dd>
          {limits.nextEpochBegins ? (
            <>
              <span role="timer" aria-label="Time to the next epoch">
                {untilOrAgo(limits.nextEpochBegins, now)}
              </span>
              {Number.isFinite(Date.parse(limits.nextEpochBegins)) && (
                <span class="muted"> ({dateTimeUtc(limits.nextEpochBegins)})</span>
              )}
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      {limits.rateLimits.length > 0 && (
        <table class="limits">
          <caption>Per-model limits</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Requests/min</th>
              <th scope="col">Requests/day</th>
              <th scope="col">Tokens/min</th>
            </tr>
          </thead>
          <tbody>
            {limits.rateLimits.map((model, i) => {
              const of = (type: 'RPM' | 'RPD' | 'TPM') => {
                const found = model.limits.find((l) => l.type === type);
                return found ? found.amount.toLocaleString('en-US') : '—';
              };
              return (
                <tr key={model.apiModelId ?? `model-${i}`}>
                  <th scope="row" class="mono">
                    {model.apiModelId ?? 'unnamed model'}
                  </th>
                  <td>{of('RPM')}</td>
                  <td>{of('RPD')}</td>
                  <td>{of('TPM')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
