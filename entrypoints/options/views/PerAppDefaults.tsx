import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { CapField, LimitPeriodSelect, ModelPrivacySelect } from '@/components/KeyLimitFields';
import { useAction } from '@/components/useAction';
import { parseCap } from '@/lib/keys/key-settings';
import { call } from '@/lib/messaging/client';
import { PER_APP_EXPIRY_DAYS_MAX, type PerAppSettings, type Settings } from '@/lib/storage/settings-item';
import type { LimitPeriod, ModelPrivacy } from '@/lib/venice/types';

interface Draft {
  usdCap: string;
  diemCap: string;
  limitPeriod: LimitPeriod;
  expiryDays: string;
  modelPrivacy: ModelPrivacy;
}

const toDraft = (p: PerAppSettings): Draft => ({
  usdCap: p.usdCap === null ? '' : String(p.usdCap),
  diemCap: p.diemCap === null ? '' : String(p.diemCap),
  limitPeriod: p.limitPeriod,
  expiryDays: p.expiryDays === null ? '' : String(p.expiryDays),
  modelPrivacy: p.modelPrivacy,
});

/** The draft as settings, or the first thing wrong with it in words. */
export function perAppFromDraft(
  d: Draft,
): { ok: true; value: PerAppSettings } | { ok: false; message: string } {
  const usd = parseCap(d.usdCap, 'USD');
  if (!usd.ok) return { ok: false, message: usd.message };
  const diem = parseCap(d.diemCap, 'DIEM');
  if (!diem.ok) return { ok: false, message: diem.message };
  const days = d.expiryDays.trim();
  let expiryDays: number | null = null;
  if (days !== '') {
    if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > PER_APP_EXPIRY_DAYS_MAX)
      return {
        ok: false,
        message: `The expiry must be a whole number of days from 1 to ${PER_APP_EXPIRY_DAYS_MAX} (or empty for no expiry).`,
      };
    expiryDays = Number(days);
  }
  return {
    ok: true,
    value: {
      usdCap: usd.value,
      diemCap: diem.value,
      limitPeriod: d.limitPeriod,
      expiryDays,
      modelPrivacy: d.modelPrivacy,
    },
  };
}

/**
 * What "Fill a new Venice key" starts with on a site (issue 17). A small USD cap and a monthly
 * period are suggested, so one app's leaked key cannot spend much; each mint can still change them.
 */
export function PerAppDefaults({ settings }: { settings: Settings }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings.perApp));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const saving = useAction(async (perApp: PerAppSettings) => {
    await call('settings.update', { perApp });
    setEditing(false);
    setSaved(true);
  });
  useEffect(() => {
    if (!editing) setDraft(toDraft(settings.perApp));
  }, [settings.perApp, editing]);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setEditing(true);
    setDraft((d) => ({ ...d, [field]: value }));
  };

  function save(event: Event) {
    event.preventDefault();
    setSaved(false);
    const checked = perAppFromDraft(draft);
    if (!checked.ok) return saving.setError(checked.message);
    void saving.run(checked.value);
  }

  return (
    <section aria-labelledby="per-app-heading">
      <h2 id="per-app-heading">Per-app keys</h2>
      <form class="card" onSubmit={save} aria-labelledby="per-app-heading">
        <p class="muted">
          “Fill a new Venice key” (right-click a field, or the popup’s button) makes an INFERENCE key for the
          site you are on, named after it, with these settings. You confirm each one, and can change it there.
        </p>
        <CapField
          label="USD cap per app (empty: no cap)"
          value={draft.usdCap}
          onInput={(v) => set('usdCap', v)}
        />
        <CapField
          label="DIEM cap per app (empty: no cap)"
          value={draft.diemCap}
          onInput={(v) => set('diemCap', v)}
        />
        <LimitPeriodSelect
          label="Cap period"
          value={draft.limitPeriod}
          onChange={(v) => set('limitPeriod', v)}
        />
        <label>
          Expires after (days; empty: never)
          <input
            type="text"
            inputMode="numeric"
            value={draft.expiryDays}
            onInput={(e) => set('expiryDays', e.currentTarget.value)}
          />
        </label>
        <ModelPrivacySelect
          label="Models"
          value={draft.modelPrivacy}
          onChange={(v) => set('modelPrivacy', v)}
        />
        <button type="submit" disabled={saving.busy}>
          Save per-app defaults
        </button>
        {saving.error && <ErrorMessage error={saving.error} inline />}
        {saved && (
          <p class="ok" role="status">
            Per-app defaults saved.
          </p>
        )}
      </form>
    </section>
  );
}
