/**
 * The exhaustion dates the forecast notification already announced, per key (and currency) or
 * per account balance (lib/usage/notify.ts). Not secret: ids and dates. A cache: a damaged one is
 * dropped, at worst a date is announced a second time.
 */
import { arr, checked, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** `key:<id>:usd`, `balance:diem` → the UTC days (YYYY-MM-DD) already notified. */
export type ForecastNotified = Record<string, string[]>;

export const forecastNotifiedItem = defineStoredItem<ForecastNotified>({
  key: `local:${STORAGE_KEYS.local.usageForecastNotified}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const out: ForecastNotified = {};
      for (const [subject, dates] of Object.entries(obj(raw, 'notified')))
        out[subject] = arr(dates, subject).map((d, i) => str(d, `${subject}[${i}]`));
      return out;
    }),
  fallback: {},
  kind: 'cache',
});
