import { useEffect, useId, useState } from 'preact/hooks';
import { useAction } from '@/components/useAction';
import type { BadgeStatus } from '@/lib/badge/updater';
import { BADGE_LEGEND } from '@/lib/badge/vocabulary';
import { call } from '@/lib/messaging/client';
import type {
  BadgeSettings as BadgeSettingsValue,
  Settings,
  SettingsPatch,
} from '@/lib/storage/settings-item';
import { useEdits } from '../edits';
import type { OptionsState } from '../state';

/** Kept in step with lib/storage/settings-item.ts (not imported: the options bundle stays free of zod). */
const PERIOD_MAX = 1440;
const CURRENCY_LABELS: Record<BadgeSettingsValue['currency'], string> = {
  auto: 'Automatic (what Venice charges first: DIEM, then bundled credits, then USD)',
  USD: 'USD ($)',
  DIEM: 'DIEM (Đ)',
  BUNDLED_CREDITS: 'Bundled credits (C)',
};

interface Draft {
  badgeKeyId: string;
  currency: BadgeSettingsValue['currency'];
  warnAt: string;
  criticalAt: string;
  periodMinutes: string;
  notifyLow: boolean;
}
type DraftErrors = Partial<Record<'warnAt' | 'criticalAt' | 'periodMinutes', string>>;

const EMPTY_DRAFT: Draft = {
  badgeKeyId: '',
  currency: 'auto',
  warnAt: '',
  criticalAt: '',
  periodMinutes: '',
  notifyLow: false,
};

function draftOf(settings: Settings): Draft {
  return {
    badgeKeyId: settings.badgeKeyId ?? '',
    currency: settings.badge.currency,
    warnAt: String(settings.badge.warnAt),
    criticalAt: String(settings.badge.criticalAt),
    periodMinutes: String(settings.badge.periodMinutes),
    notifyLow: settings.badge.notifyLow,
  };
}

function readLevel(raw: string): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function validateBadgeDraft(draft: Draft): { errors: DraftErrors; value?: BadgeSettingsValue } {
  const errors: DraftErrors = {};
  const warnAt = readLevel(draft.warnAt);
  const criticalAt = readLevel(draft.criticalAt);
  const period = Number(draft.periodMinutes);
  if (warnAt === null) errors.warnAt = 'Enter an amount of 0 or more.';
  if (criticalAt === null) errors.criticalAt = 'Enter an amount of 0 or more.';
  else if (warnAt !== null && criticalAt > warnAt)
    errors.criticalAt = 'The critical level must not be above the warning level.';
  if (draft.periodMinutes.trim() === '' || !Number.isInteger(period) || period < 1 || period > PERIOD_MAX)
    errors.periodMinutes = `Enter whole minutes from 1 to ${PERIOD_MAX}.`;
  if (Object.keys(errors).length > 0 || warnAt === null || criticalAt === null) return { errors };
  return {
    errors,
    value: {
      currency: draft.currency,
      warnAt,
      criticalAt,
      periodMinutes: period,
      notifyLow: draft.notifyLow,
    },
  };
}

/**
 * Options → Balance badge: which stored key the badge follows, the currency, the warning
 * and critical levels, the refresh period and the low-balance notification, plus what the
 * badge says right now. Every control shows the stored setting (the page's one copy, in
 * `state`) until the user edits it, and saving sends only what was edited.
 */
export function BadgeSettings({ state }: { state: OptionsState }) {
  const id = useId();
  const settings = state.settings.value;
  const edits = useEdits<Draft>(settings ? draftOf(settings) : EMPTY_DRAFT);
  const draft = settings ? edits.value : null;
  const [errors, setErrors] = useState<DraftErrors>({});
  const unlocked = state.status.value === 'unlocked';
  const keys = unlocked ? state.keys.value : null;
  const keysNote =
    state.status.value === 'locked'
      ? 'Unlock the vault to choose a badge key.'
      : state.status.value === 'none'
        ? 'Create the vault and add a key to choose a badge key.'
        : null;
  const status = state.badge.value;
  const loadError = state.badgeError.value;
  const [saveNote, setSaveNote] = useState<{ ok: boolean; text: string } | null>(null);
  const saving = useAction(
    async (patch: SettingsPatch, sent: Partial<Draft>) => {
      state.settings.value = await call('settings.update', patch);
      edits.settle(sent);
      setSaveNote({ ok: true, text: 'Badge settings saved.' });
      await state.loadBadge();
    },
    { onError: (failure) => setSaveNote({ ok: false, text: `Not saved: ${failure.message}` }) },
  );
  const refreshing = useAction(() => state.refreshBadge());
  const busy = saving.busy ? 'save' : refreshing.busy ? 'refresh' : null;

  useEffect(() => state.followBadge(), []);

  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    edits.set(field, value);
    setSaveNote(null);
  };

  function save(event: Event) {
    event.preventDefault();
    if (!draft) return;
    const checked = validateBadgeDraft(draft);
    setErrors(checked.errors);
    if (!checked.value) {
      setSaveNote({ ok: false, text: 'Nothing was saved: fix the highlighted fields.' });
      return;
    }
    const patch: SettingsPatch = {};
    const badge: Partial<BadgeSettingsValue> = {};
    for (const field of edits.changed) {
      if (field === 'badgeKeyId') patch.badgeKeyId = draft.badgeKeyId === '' ? null : draft.badgeKeyId;
      else Object.assign(badge, { [field]: checked.value[field] });
    }
    if (Object.keys(badge).length > 0) patch.badge = badge;
    if (Object.keys(patch).length === 0) {
      setSaveNote({ ok: true, text: 'Nothing changed: these are the saved settings.' });
      return;
    }
    const sent: Partial<Draft> = {};
    for (const field of edits.changed) Object.assign(sent, { [field]: draft[field] });
    void saving.run(patch, sent);
  }

  function refreshNow() {
    void refreshing.run();
  }

  const field = (name: string) => `${id}-${name}`;
  const err = (name: keyof DraftErrors) =>
    errors[name] ? (
      <span id={field(`${name}-error`)} class="error">
        {errors[name]}
      </span>
    ) : null;
  const chosenMissing =
    draft !== null &&
    draft.badgeKeyId !== '' &&
    keys !== null &&
    !keys.some((k) => k.entryId === draft.badgeKeyId);

  return (
    <section aria-labelledby={field('heading')}>
      <h2 id={field('heading')}>Balance badge</h2>
      <BadgeLegend />

      <BadgeNow status={status} />
      <p>
        <button type="button" onClick={refreshNow} disabled={busy !== null || !status?.badgeKeyId}>
          {busy === 'refresh' ? 'Refreshing…' : 'Refresh badge now'}
        </button>
      </p>
      {loadError && (
        <p role="alert" class="error">
          {loadError}
        </p>
      )}

      {draft && (
        <form onSubmit={save} noValidate>
          <p>
            <label for={field('key')}>Badge key</label>{' '}
            <select
              id={field('key')}
              value={draft.badgeKeyId}
              disabled={keys === null}
              aria-describedby={keysNote ? field('key-note') : undefined}
              onChange={(e) => set('badgeKeyId', e.currentTarget.value)}
            >
              <option value="">No badge</option>
              {chosenMissing && <option value={draft.badgeKeyId}>(a key no longer in the vault)</option>}
              {keys === null && draft.badgeKeyId !== '' && (
                <option value={draft.badgeKeyId}>{status?.keyLabel ?? 'The current badge key'}</option>
              )}
              {keys?.map((k) => (
                <option key={k.entryId} value={k.entryId}>
                  {`${k.label || 'Unlabelled key'} (…${k.last6}, ${k.type})`}
                </option>
              ))}
            </select>{' '}
            {keysNote && (
              <span id={field('key-note')} class="muted">
                {keysNote}
              </span>
            )}
          </p>
          <p>
            <label for={field('currency')}>Currency</label>{' '}
            <select
              id={field('currency')}
              value={draft.currency}
              onChange={(e) => set('currency', e.currentTarget.value as Draft['currency'])}
            >
              {(Object.keys(CURRENCY_LABELS) as Draft['currency'][]).map((c) => (
                <option key={c} value={c}>
                  {CURRENCY_LABELS[c]}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for={field('warn')}>Warning level (amber below)</label>{' '}
            <input
              id={field('warn')}
              type="number"
              inputMode="decimal"
              min="0"
              step="any"
              value={draft.warnAt}
              aria-invalid={errors.warnAt ? true : undefined}
              aria-describedby={errors.warnAt ? field('warnAt-error') : undefined}
              onInput={(e) => set('warnAt', e.currentTarget.value)}
            />{' '}
            {err('warnAt')}
          </p>
          <p>
            <label for={field('critical')}>Critical level (red below)</label>{' '}
            <input
              id={field('critical')}
              type="number"
              inputMode="decimal"
              min="0"
              step="any"
              value={draft.criticalAt}
              aria-invalid={errors.criticalAt ? true : undefined}
              aria-describedby={errors.criticalAt ? field('criticalAt-error') : undefined}
              onInput={(e) => set('criticalAt', e.currentTarget.value)}
            />{' '}
            {err('criticalAt')}
          </p>
          <p>
            <label for={field('period')}>Refresh every (minutes)</label>{' '}
            <input
              id={field('period')}
              type="number"
              inputMode="numeric"
              min="1"
              max={String(PERIOD_MAX)}
              step="1"
              value={draft.periodMinutes}
              aria-invalid={errors.periodMinutes ? true : undefined}
              aria-describedby={errors.periodMinutes ? field('periodMinutes-error') : undefined}
              onInput={(e) => set('periodMinutes', e.currentTarget.value)}
            />{' '}
            {err('periodMinutes')}
          </p>
          <p>
            <label>
              <input
                type="checkbox"
                checked={draft.notifyLow}
                onChange={(e) => set('notifyLow', e.currentTarget.checked)}
              />{' '}
              Notify me once when the balance falls below the critical level
            </label>
          </p>
          <p>
            <button type="submit" class="primary" disabled={busy !== null}>
              {busy === 'save' ? 'Saving…' : 'Save badge settings'}
            </button>{' '}
            <span role="status" class={saveNote && !saveNote.ok ? 'error' : 'muted'}>
              {saveNote?.text ?? ''}
            </span>
          </p>
        </form>
      )}
    </section>
  );
}

/** What the badge says right now, as the toolbar shows it, with its tooltip spelled out. */
function BadgeNow({ status }: { status: BadgeStatus | null }) {
  if (!status) return <p class="muted">Reading the badge…</p>;
  const { view } = status;
  const lines = view.title.split('\n').slice(1);
  return (
    <figure aria-label="Badge now" style={{ margin: '0 0 8px' }}>
      <p>
        <span class="muted">Badge now: </span>
        {view.text ? (
          <span
            role="img"
            aria-label={`Badge preview: ${view.text}`}
            style={{
              background: view.color,
              color: view.textColor,
              borderRadius: '4px',
              padding: '1px 5px',
              fontWeight: 600,
            }}
          >
            {view.text}
          </span>
        ) : (
          <span>no badge{status.badgeKeyId === null ? ' (no badge key chosen)' : ''}</span>
        )}
      </p>
      {lines.length > 0 && (
        <figcaption>
          <ul style={{ margin: 0, paddingLeft: '18px' }}>
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}

/** What each sign and colour of the badge means, from the same table the badge itself uses. */
function BadgeLegend() {
  return (
    <table class="badge-legend">
      <caption>What the badge shows</caption>
      <thead>
        <tr>
          <th scope="col">Badge</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {BADGE_LEGEND.signs.map((sign) => (
          <tr key={sign.name}>
            <th scope="row" class="mono">
              {sign.text}
            </th>
            <td>{sign.meaning}</td>
          </tr>
        ))}
        {BADGE_LEGEND.colours.map((colour) => (
          <tr key={colour.tone}>
            <th scope="row">
              <span
                class="badge-legend__swatch"
                style={{ background: colour.hex, color: colour.textHex }}
                aria-hidden="true"
              >
                ■
              </span>{' '}
              {colour.name}
            </th>
            <td>{colour.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
