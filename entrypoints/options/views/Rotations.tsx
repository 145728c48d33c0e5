import { useEffect, useState } from 'preact/hooks';
import { PendingRevocations } from '@/components/PendingRevocations';
import { errorText } from '@/lib/error-message';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import { call } from '@/lib/messaging/client';
import type { Settings } from '@/lib/storage/settings-item';
import type { OptionsState } from '../state';
import { type Note, StatusNote } from './StatusNote';

const REMINDER_CHOICES = [0, 1, 3, 7, 14, 30];

/**
 * The keys section's rotation part: pending revocations (each cancellable, each saying when),
 * and how many days before a key expires the reminder comes.
 */
export function Rotations({ state, settings }: { state: OptionsState; settings: Settings }) {
  const rotations = state.rotations.value;
  const [now, setNow] = useState(Date.now());
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<Note | null>(null);

  useEffect(() => state.followRotations(), []);
  // "Revoked in 3 days" is counted from when the list came, then kept current every 30 s.
  useEffect(() => setNow(Date.now()), [rotations]);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);

  async function act(rotationId: string, run: () => Promise<RotationRecord>, done: string) {
    setBusyId(rotationId);
    setMessage(null);
    try {
      const next = await run();
      state.rotations.value = state.rotations.value.map((r) => (r.id === next.id ? next : r));
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
