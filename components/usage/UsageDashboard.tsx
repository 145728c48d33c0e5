/**
 * The account usage view, shared by the popup (top 5) and the options page (Venice's top 50):
 * spend by day, by key and by model, the balance forecasts, the figures' age and what went wrong.
 * Presentational: the page loads the figures (lib/usage through the background) and passes them in.
 */
import { DailyBars } from '@/components/charts/DailyBars';
import { type Slice, Slices, topWithOther } from '@/components/charts/Slices';
import '@/components/charts/charts.css';
import {
  describeBalanceForecast,
  forecastBalance,
  nextPeriodReset,
  trailingPace,
} from '@/lib/usage/forecast';
import { USAGE_WINDOWS, type UsageOverview, type UsageWindowDays } from '@/lib/usage/types';
import type { BillingBalance } from '@/lib/venice/types';

export interface UsageDashboardProps {
  windowDays: UsageWindowDays;
  onWindow(days: UsageWindowDays): void;
  overview: UsageOverview | null;
  refreshing: boolean;
  balance: BillingBalance | null;
  /** Opens a key's detail; absent where there is no detail to open. */
  onOpenKey?: (id: string) => void;
  /** Or: the address of a key's detail, opened in a new tab (the options page). */
  keyHref?: (id: string) => string;
  /** How many keys and models before "Other". */
  top: number;
  now: number;
}

function age(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

export const WEB_APP_LABEL = 'Venice web app';
/** Why the web app's row opens nothing. */
const WEB_APP_NOTE = 'not an API key, so there is no key to open';

export function UsageDashboard(props: UsageDashboardProps) {
  const { overview, windowDays, now } = props;
  const snapshot = overview?.snapshot ?? null;
  const error = overview?.error ?? null;
  const shorter = USAGE_WINDOWS.filter((d) => d < windowDays).at(-1);

  return (
    <div class="usage">
      <fieldset class="usage__windows">
        <legend>Period</legend>
        {USAGE_WINDOWS.map((days) => (
          <label key={days}>
            <input
              type="radio"
              name="usage-window"
              checked={days === windowDays}
              onChange={() => props.onWindow(days)}
            />
            {days} days
          </label>
        ))}
      </fieldset>
      <p class="muted" role="status">
        {props.refreshing
          ? 'Refreshing…'
          : overview?.fetchedAt != null && overview.ageMs !== null
            ? `Updated ${age(overview.ageMs)} (Venice recomputes every 10 minutes)`
            : 'Not loaded yet'}
      </p>
      {error && (
        <div class="error-box" role="alert" data-code={error.code}>
          <p>
            Could not load usage: {error.message}
            {snapshot && ' Showing the last figures loaded.'}
          </p>
          {/venice\.server_error/.test(error.code) && /shorter/.test(error.message) && shorter && (
            <button type="button" onClick={() => props.onWindow(shorter)}>
              Show the last {shorter} days instead
            </button>
          )}
        </div>
      )}
      {snapshot && <Figures {...props} snapshot={snapshot} now={now} />}
    </div>
  );
}

function Figures(props: UsageDashboardProps & { snapshot: NonNullable<UsageOverview['snapshot']> }) {
  const { snapshot, now, top } = props;
  const totalUsd = snapshot.days.reduce((s, d) => s + d.usd, 0);
  const totalDiem = snapshot.days.reduce((s, d) => s + d.diem, 0);
  if (totalUsd + totalDiem === 0 && snapshot.byKey.length === 0) {
    return <p class="muted">No usage in the last {snapshot.days.length || props.windowDays} days.</p>;
  }
  const keySlices: Slice[] = topWithOther(
    snapshot.byKey.map(
      (k): Slice =>
        k.apiKeyId === null
          ? { id: 'web-app', name: WEB_APP_LABEL, usd: k.usd, diem: k.diem, note: WEB_APP_NOTE }
          : {
              id: k.apiKeyId,
              name: k.name,
              usd: k.usd,
              diem: k.diem,
              onOpen: props.onOpenKey ? () => props.onOpenKey?.(k.apiKeyId as string) : undefined,
              href: props.keyHref?.(k.apiKeyId),
            },
    ),
    top,
    (usd, diem, count) => ({ id: 'other', name: 'Other', usd, diem, note: `${count} more` }),
  );
  const modelSlices: Slice[] = topWithOther(
    snapshot.byModel.map((m): Slice => ({ id: `model:${m.name}`, name: m.name, usd: m.usd, diem: m.diem })),
    top,
    (usd, diem, count) => ({ id: 'other', name: 'Other', usd, diem, note: `${count} more` }),
  );
  const balances = props.balance?.balances;
  const forecasts: string[] = [];
  if (balances?.usd != null) {
    const perDay = trailingPace(snapshot.days.map((d) => d.usd));
    forecasts.push(
      describeBalanceForecast(forecastBalance({ balance: balances.usd, perDay, now }), 'USD', now),
    );
  }
  if (balances?.diem != null) {
    const perDay = trailingPace(snapshot.days.map((d) => d.diem));
    forecasts.push(
      describeBalanceForecast(
        forecastBalance({ balance: balances.diem, perDay, now, refillsAt: nextPeriodReset('EPOCH', now) }),
        'DIEM',
        now,
      ),
    );
  }
  return (
    <>
      {forecasts.length > 0 && (
        <section aria-label="Balance forecast" class="usage__forecast">
          {forecasts.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </section>
      )}
      {snapshot.unreadableRows > 0 && (
        <p class="muted">
          {snapshot.unreadableRows} row{snapshot.unreadableRows === 1 ? '' : 's'} of Venice’s answer could not
          be read and {snapshot.unreadableRows === 1 ? 'is' : 'are'} left out.
        </p>
      )}
      <DailyBars title="Spend by day" days={snapshot.days} />
      <Slices title="Spend by key" slices={keySlices} />
      <Slices title="Spend by model" slices={modelSlices} />
    </>
  );
}
