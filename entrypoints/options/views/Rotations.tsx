import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PendingRevocations } from '@/components/PendingRevocations';
import { errorText } from '@/lib/error-message';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import { call } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { Settings } from '@/lib/storage/settings-item';
import { type Note, StatusNote } from './StatusNote';

const REMINDER_CHOICES = [0, 1, 3, 7, 14, 30];

/**
 * The keys section's rotation part: pending revocations (each cancellable, each saying when),
 * and how many days before a key expires the reminder comes.
 */
export function Rotations({ settings }: { settings: Settings }) {
  const [rotations, setRotations] = useState<RotationRecord[]>([]);
  const [now, setNow] = useState(Date.now());
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<Note | null>(null);

  useEffect(() => {
    const load = () =>
      void call('keys.rotations').then(
        (list) => {
          setRotations(list);
          setNow(Date.now());
        },
        () => undefined,
      );
    load();
    // The records are not secret (storage.local); the background rewrites them at every step.
    const onChanged = (changes: Record<string, unknown>) => {
      if (STORAGE_KEYS.local.keyRotations in changes) load();
    };
    browser.storage.local.onChanged.addListener(onChanged);
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      browser.storage.local.onChanged.removeListener(onChanged);
      clearInterval(tick);
    };
  }, []);

  async function act(rotationId: string, run: () => Promise<RotationRecord>, done: string) {
    setBusyId(rotationId);
    setMessage(null);
    try {
      const next = await run();
      setRotations((list) => list.map((r) => (r.id === next.id ? next : r)));
      setMessage(
        next.state === 'revoke_failed'
          ? { kind: 'error', text: `The revoke failed: ${next.error?.message ?? 'unknown reason'}` }
          : { kind: 'ok', text: done },
      );
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusyId(null);
    }
  }

  const days = settings.expiryReminderDays;
  const choices = REMINDER_CHOICES.includes(days)
    ? REMINDER_CHOICES
    : [...REMINDER_CHOICES, days].sort((a, b) => a - b);

  return (
    <section aria-labelledby="rotations-heading">
      <h2 id="rotations-heading">Rotation and expiry</h2>
      <div class="card">
        <label>
          Remind me before a key expires
          <select
            value={String(days)}
            onChange={async (e) => {
              const next = Number(e.currentTarget.value);
              try {
                await call('settings.update', { expiryReminderDays: next });
                setMessage({
                  kind: 'ok',
                  text:
                    next === 0
                      ? 'Expiry reminders are off.'
                      : `Reminders come ${next} day${next === 1 ? '' : 's'} before a key expires.`,
                });
              } catch (err) {
                setMessage({ kind: 'error', text: errorText(err) });
              }
            }}
          >
            {choices.map((d) => (
              <option key={d} value={String(d)}>
                {d === 0 ? 'Never' : `${d} day${d === 1 ? '' : 's'} before`}
              </option>
            ))}
          </select>
        </label>
        <PendingRevocations
          rotations={rotations}
          now={now}
          busyId={busyId}
          onCancel={(id) =>
            void act(
              id,
              () => call('keys.rotationCancel', { rotationId: id }),
              'Revocation cancelled: the old key stays.',
            )
          }
          onRevokeNow={(id) =>
            void act(
              id,
              () => call('keys.rotationRevoke', { rotationId: id, when: 'now' }),
              'The old key is revoked.',
            )
          }
        />
        {rotations.length > 0 &&
          !rotations.some((r) => ['scheduled', 'revoking', 'revoke_failed', 'created'].includes(r.state)) && (
            <p class="muted">No revocation is pending.</p>
          )}
        <StatusNote note={message} />
      </div>
    </section>
  );
}
