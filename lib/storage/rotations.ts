/**
 * Rotations as stored (`chrome.storage.local`, key `keys.rotations`): one record per rotation, by
 * its id. They must outlive the worker and the browser (a revocation due in 7 days), and hold
 * nothing secret: ids, descriptions, last 6 characters, times and reasons. A record, not a
 * cache: a rotation that cannot be read is reported and left in storage, and the readable ones
 * are used (a pending revocation is never forgotten because another record is damaged).
 */
import { readSerializedError } from '@/lib/error-codes';
import type { SerializedError } from '@/lib/errors';
import type { RotationKeyRef, RotationRecord, RotationState } from '@/lib/keys/rotation-store';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

type Rotations = Record<string, RotationRecord>;

const STATES: readonly string[] = [
  'creating',
  'create_failed',
  'created',
  'scheduled',
  'revoking',
  'revoke_failed',
  'revoked',
  'cancelled',
] satisfies readonly RotationState[];

function isRef(v: unknown): v is RotationKeyRef {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.description === 'string' &&
    typeof r.last6 === 'string' &&
    typeof r.type === 'string'
  );
}

/**
 * A stored record as this code reads it, or null when it cannot be. Fields added after the
 * first records shipped (times, attempts, roles) read as their defaults when absent.
 */
export function readRotation(v: unknown): RotationRecord | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || !STATES.includes(r.state as string) || !isRef(r.old)) return null;
  const created = r.created === null || r.created === undefined ? null : r.created;
  if (created !== null && !isRef(created)) return null;
  const roles = (r.roles ?? {}) as Record<string, unknown>;
  const error = r.error as SerializedError | null | undefined;
  return {
    id: r.id,
    startedAt: typeof r.startedAt === 'number' ? r.startedAt : 0,
    old: r.old as RotationKeyRef,
    created:
      created === null
        ? null
        : {
            ...(created as RotationKeyRef),
            entryId:
              typeof (created as { entryId?: unknown }).entryId === 'string'
                ? (created as unknown as { entryId: string }).entryId
                : null,
          },
    roles: { badge: roles.badge === true, management: roles.management === true },
    badgeMoved: r.badgeMoved === true,
    managementMoved: r.managementMoved === true,
    state: r.state as RotationState,
    revokeAt: typeof r.revokeAt === 'number' ? r.revokeAt : null,
    error:
      error &&
      typeof error === 'object' &&
      typeof error.code === 'string' &&
      typeof error.message === 'string'
        ? // Read in today's vocabulary: older versions stored codes such as `vault_locked`.
          readSerializedError(error)
        : null,
    attempts: typeof r.attempts === 'number' ? r.attempts : 0,
    updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : 0,
  };
}

function isMap(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** The readable records; `unreadable`: the ids of the others. */
function readAll(raw: Record<string, unknown>): { records: Rotations; unreadable: string[] } {
  const records: Rotations = {};
  const unreadable: string[] = [];
  for (const [id, value] of Object.entries(raw)) {
    const record = readRotation(value);
    if (record && record.id === id) records[id] = record;
    else unreadable.push(id);
  }
  return { records, unreadable };
}

export const rotationsItem = defineStoredItem<Rotations>({
  key: `local:${STORAGE_KEYS.local.keyRotations}`,
  version: 1,
  check: (raw) => {
    if (!isMap(raw)) return { ok: false, reason: 'rotations: not a map of rotation ids' };
    const { records, unreadable } = readAll(raw);
    // Ids are the extension's own UUIDs, not user data, so the reason may name them.
    if (unreadable.length > 0)
      return { ok: false, reason: `rotations.${unreadable[0]}: not a rotation this version can read` };
    return { ok: true, value: records };
  },
  fallback: {},
  kind: 'record',
  repair: (raw) => (isMap(raw) ? readAll(raw).records : {}),
});

/** Every rotation this version can read (a damaged one is reported, and stays in storage until the next write). */
export function readRotations(): Promise<Rotations> {
  return rotationsItem.getValue();
}
