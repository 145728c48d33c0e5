import type { RotationRecord } from '@/lib/keys/rotation-store';

/** Rotations whose old key still waits for something: a chosen time, a retry, or the user's choice. */
export function pendingRotations(rotations: readonly RotationRecord[]): RotationRecord[] {
  return rotations.filter(
    (r) =>
      r.created !== null &&
      (r.state === 'scheduled' ||
        r.state === 'revoking' ||
        r.state === 'revoke_failed' ||
        r.state === 'created'),
  );
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function inWords(at: number, now: number): string {
  const ms = at - now;
  if (ms <= 0) return 'now';
  if (ms < HOUR) return `in ${Math.max(1, Math.round(ms / MINUTE))} min`;
  if (ms < DAY) return `in ${Math.round(ms / HOUR)} h`;
  const days = Math.round(ms / DAY);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

function utc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const oldName = (r: RotationRecord) => `${r.old.description || 'Untitled key'} …${r.old.last6}`;

/** "The old key X is revoked in 23 h (2026-11-30 16:00 UTC)." and its variants. */
export function PendingRevocationText({ rotation: r, now }: { rotation: RotationRecord; now: number }) {
  if (r.state === 'revoking') return <>{oldName(r)} is being revoked now.</>;
  if (r.state === 'created') return <>{oldName(r)} still works: choose when to revoke it.</>;
  if (r.state === 'revoke_failed')
    return (
      <>
        Revoking {oldName(r)} failed: {r.error?.message ?? 'unknown reason'}
        {r.error?.code === 'vault.locked'
          ? ' It runs as soon as the vault is unlocked.'
          : r.error?.retryable && r.revokeAt !== null && r.revokeAt > now
            ? ` It is tried again ${inWords(r.revokeAt, now)}.`
            : ''}
      </>
    );
  return (
    <>
      {oldName(r)} will be revoked{' '}
      {r.revokeAt === null ? 'soon' : `${inWords(r.revokeAt, now)} (${utc(r.revokeAt)})`}.
    </>
  );
}

/**
 * Pending revocations left by rotations, each saying when it happens, with Cancel (keep the old
 * key) and Revoke now. Props in, events out: each page wires the calls.
 */
export function PendingRevocations({
  rotations,
  now,
  busyId,
  onCancel,
  onRevokeNow,
  onOpen,
}: {
  rotations: readonly RotationRecord[];
  now: number;
  busyId?: string | null;
  onCancel: (rotationId: string) => void;
  onRevokeNow: (rotationId: string) => void;
  /** Opens the rotation itself (the popup's rotate view), when the page has one. */
  onOpen?: (rotation: RotationRecord) => void;
}) {
  const pending = pendingRotations(rotations);
  if (pending.length === 0) return null;
  return (
    <section class="pending-revocations" aria-labelledby="pending-revocations-heading">
      <h2 id="pending-revocations-heading">Pending revocations</h2>
      <ul aria-label="Pending revocations">
        {pending.map((r) => (
          <li key={r.id} aria-label={`Pending revocation of ${oldName(r)}`}>
            <p class={r.state === 'revoke_failed' ? 'error' : undefined}>
              <PendingRevocationText rotation={r} now={now} />{' '}
              {r.created && (
                <span class="muted">
                  Replaced by {r.created.description} …{r.created.last6}.
                </span>
              )}
            </p>
            {r.state !== 'revoking' && (
              <div class="actions">
                {onOpen && r.state === 'created' ? (
                  <button
                    type="button"
                    onClick={() => onOpen(r)}
                    aria-label={`Choose when to revoke ${oldName(r)}`}
                  >
                    Choose…
                  </button>
                ) : (
                  <button
                    type="button"
                    class="danger"
                    disabled={busyId === r.id || (r.roles.management && !r.managementMoved)}
                    onClick={() => onRevokeNow(r.id)}
                    aria-label={`${r.state === 'revoke_failed' ? 'Try again to revoke' : 'Revoke now'} ${oldName(r)}`}
                  >
                    {r.state === 'revoke_failed' ? 'Try again' : 'Revoke now'}
                  </button>
                )}
                <button
                  type="button"
                  disabled={busyId === r.id}
                  onClick={() => onCancel(r.id)}
                  aria-label={`Cancel the revocation of ${oldName(r)} (keep it)`}
                >
                  Cancel
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
