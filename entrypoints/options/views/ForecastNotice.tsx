/**
 * Options → Usage: the optional notification a chosen number of days before a key's cap or the
 * account balance runs out at the last 7 days' pace (lib/usage/notify.ts, on the badge's alarm).
 */
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '@/components/useAction';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';

const DAYS_MAX = 30;

/** The days field as typed: a whole number from 1 to 30, or the reason it is not. */
export function readDaysBefore(raw: string): { ok: true; days: number } | { ok: false; error: string } {
  const text = raw.trim();
  const days = Number(text);
  if (text === '' || !Number.isInteger(days) || days < 1 || days > DAYS_MAX)
    return { ok: false, error: `Enter whole days from 1 to ${DAYS_MAX}.` };
  return { ok: true, days };
}

export function ForecastNotice() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [days, setDays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const saving = useAction(
    async (daysBefore: number) => {
      const saved = await call('settings.update', {
        forecastNotice: { enabled: enabled ?? false, daysBefore },
      });
      setDays(String(saved.forecastNotice.daysBefore));
      setNote({
        ok: true,
        text: saved.forecastNotice.enabled
          ? `Saved: you will be notified ${saved.forecastNotice.daysBefore} day${saved.forecastNotice.daysBefore === 1 ? '' : 's'} ahead.`
          : 'Saved: no forecast notifications.',
      });
    },
    { onError: (failure) => setNote({ ok: false, text: `Not saved: ${failure.message}` }) },
  );
  const busy = saving.busy;

  useEffect(() => {
    void call('settings.get').then(
      (s) => {
        setEnabled(s.forecastNotice.enabled);
        setDays(String(s.forecastNotice.daysBefore));
      },
      (err: unknown) => setNote({ ok: false, text: `Could not read the settings: ${errorText(err)}` }),
    );
  }, []);

  function save(event: Event) {
    event.preventDefault();
    const read = readDaysBefore(days);
    if (!read.ok) {
      setError(read.error);
      setNote({ ok: false, text: 'Nothing was saved: fix the highlighted field.' });
      return;
    }
    setError(null);
    void saving.run(read.days);
  }

  if (enabled === null) return note ? <p class="error">{note.text}</p> : null;
  return (
    <form class="forecast-notice" onSubmit={save} noValidate aria-labelledby="forecast-notice-heading">
      <h3 id="forecast-notice-heading">Forecast notification</h3>
      <p class="muted">
        Checked with the badge's refresh, from the figures last loaded (the key list and the balance). One
        notification per key, or balance, per date it runs out.
      </p>
      <p>
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />{' '}
          Notify me before a key's cap or the account balance runs out at the last 7 days' pace
        </label>
      </p>
      <p>
        <label for="forecast-notice-days">Days ahead</label>{' '}
        <input
          id="forecast-notice-days"
          type="number"
          inputMode="numeric"
          min="1"
          max={String(DAYS_MAX)}
          step="1"
          value={days}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'forecast-notice-days-error' : undefined}
          onInput={(e) => setDays(e.currentTarget.value)}
        />{' '}
        {error && (
          <span id="forecast-notice-days-error" class="error">
            {error}
          </span>
        )}
      </p>
      <p>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save notification setting'}
        </button>{' '}
        <span role="status" class={note && !note.ok ? 'error' : 'muted'}>
          {note?.text ?? ''}
        </span>
      </p>
    </form>
  );
}
