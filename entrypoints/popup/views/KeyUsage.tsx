/**
 * A key's last 30 days in its detail: the daily series from analytics (`byKeyDaily`), its cap
 * drawn as a line, and the forecast of when the cap is reached at the last 7 days' pace.
 */
import { useEffect, useState } from 'preact/hooks';
import { SeriesLine } from '@/components/charts/SeriesLine';
import '@/components/charts/charts.css';
import { call } from '@/lib/messaging/client';
import { describeCapForecast, forecastCap, trailingPace } from '@/lib/usage/forecast';
import { keySeries, seriesNameOf } from '@/lib/usage/series';
import type { UsageOverview } from '@/lib/usage/types';
import type { ApiKey, LimitPeriod } from '@/lib/venice/types';
import { isLimitPeriod } from '@/lib/venice/validation';

/** Points to draw: daily spend for a daily cap; the running total of the period for the others. */
export function capSeries(
  points: { date: number; value: number }[],
  key: Pick<ApiKey, 'limitPeriod' | 'currentPeriodUsage'>,
  currency: 'usd' | 'diem',
): { date: number; value: number }[] {
  if (key.limitPeriod === 'EPOCH' || key.limitPeriod === null) return points;
  let running = 0;
  const out = points.map((p) => {
    if (key.limitPeriod === 'MONTH' && new Date(p.date).getUTCDate() === 1) running = 0;
    running += p.value;
    return { date: p.date, value: running };
  });
  if (key.limitPeriod === 'LIFETIME') {
    // The series starts 30 days back; lift it so it ends at the lifetime usage Venice reports.
    const lift = Math.max(0, (key.currentPeriodUsage?.[currency] ?? running) - running);
    return out.map((p) => ({ date: p.date, value: p.value + lift }));
  }
  return out;
}

export function KeyUsage({ apiKey, now }: { apiKey: ApiKey; now: number }) {
  const [overview, setOverview] = useState<UsageOverview | null>(null);
  useEffect(() => {
    let live = true;
    void call('usage.overview', { windowDays: 30 })
      .then((cached) => {
        if (live) setOverview(cached);
        return call('usage.refresh', { windowDays: 30 });
      })
      .then((fresh) => {
        if (live) setOverview(fresh);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const snapshot = overview?.snapshot;
  if (!snapshot) {
    return overview?.error ? <p class="muted">Usage history unavailable: {overview.error.message}</p> : null;
  }
  const name = seriesNameOf(snapshot, apiKey.id);
  if (name === null) {
    return (
      <p class="muted">No usage by this key in the last 30 days, or too little to have its own series.</p>
    );
  }
  const points = keySeries(snapshot, name);
  // Venice's per-key series adds USD and DIEM; the key's own trailing-7-day figures are per currency.
  const seriesPace = trailingPace(points.map((p) => p.value));
  const caps = (['usd', 'diem'] as const).filter((c) => apiKey.consumptionLimits[c] !== null);
  const period: LimitPeriod | null | undefined =
    apiKey.limitPeriod === null || isLimitPeriod(apiKey.limitPeriod) ? apiKey.limitPeriod : undefined;
  const primary = caps[0] ?? null;
  const unit = primary === 'diem' ? 'DIEM' : 'USD';
  return (
    <section aria-label="Usage of this key" class="key-usage">
      <SeriesLine
        title={primary ? 'Spend in the period, last 30 days' : 'Daily spend, last 30 days'}
        points={primary ? capSeries(points, apiKey, primary) : points}
        cumulative={primary !== null && apiKey.limitPeriod !== 'EPOCH' && apiKey.limitPeriod !== null}
        unit={unit}
        cap={primary ? { amount: apiKey.consumptionLimits[primary] as number, label: `${unit} cap` } : null}
      />
      {caps.map((c) => {
        // A period Venice added after this version has reset rules we do not know: no guess.
        if (period === undefined) return null;
        const amount = apiKey.consumptionLimits[c] as number;
        const forecast = forecastCap({
          cap: amount,
          used: apiKey.currentPeriodUsage?.[c] ?? 0,
          period,
          perDay: apiKey.trailingSevenDays ? apiKey.trailingSevenDays[c] / 7 : seriesPace,
          now,
        });
        return (
          <p key={c} class="key-usage__forecast">
            {describeCapForecast(forecast, { amount, currency: c === 'usd' ? 'USD' : 'DIEM', period }, now)}
          </p>
        );
      })}
    </section>
  );
}
