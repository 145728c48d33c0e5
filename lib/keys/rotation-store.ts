/**
 * Rotations as stored (`chrome.storage.local`, key `keys.rotations`): one record per rotation, by
 * its id. They must outlive the worker and the browser (a revocation due in 7 days), and hold
 * nothing secret: ids, descriptions, last 6 characters, times and reasons.
 */
import { storage } from 'wxt/utils/storage';
import type { SerializedError } from '@/lib/errors';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { ApiKeyType } from '@/lib/venice/types';

/** The grace periods a user may pick before the old key is revoked ('now' for a leak). */
export type RevokeWhen = 'now' | '1h' | '1d' | '7d';
export const GRACE_MS: Record<Exclude<RevokeWhen, 'now'>, number> = {
  '1h': 60 * 60 * 1000,
  '1d': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
};

export type RotationState =
  /** Asking Venice for the new key (or the worker stopped while it was). */
  | 'creating'
  /** Venice refused the new key, or the create was interrupted: the old key is untouched. */
  | 'create_failed'
  /** The new key exists and is saved; the old one waits for the user's choice. */
  | 'created'
  /** The old key is revoked at `revokeAt` (an alarm, and this record). */
  | 'scheduled'
  /** The revoke is under way (or the worker stopped while it was: it is run again). */
  | 'revoking'
  /** The revoke failed: `error` says why; it is offered again (and retried when it may help). */
  | 'revoke_failed'
  | 'revoked'
  /** The user kept the old key. */
  | 'cancelled';

export interface RotationKeyRef {
  /** Venice's key id. */
  id: string;
  description: string;
  last6: string;
  type: ApiKeyType;
}

export interface RotationRecord {
  id: string;
  startedAt: number;
  old: RotationKeyRef;
  /** Set once Venice made the new key (its secret then went into the vault before anything else). */
  created: (RotationKeyRef & { entryId: string | null }) | null;
  /** The extension's own uses of the old key: they follow the new key. */
  roles: { badge: boolean; management: boolean };
  badgeMoved: boolean;
  /** The management key moves only once the new ADMIN key answered a list call. */
  managementMoved: boolean;
  state: RotationState;
  /** When the old key is (or was to be) revoked; null until chosen. */
  revokeAt: number | null;
  /** The last failure (create, verify or revoke), with its reason; cleared by a success. */
  error: SerializedError | null;
  /** Revoke attempts so far. */
  attempts: number;
  updatedAt: number;
}

export const ROTATIONS_STORAGE_KEY = STORAGE_KEYS.local.keyRotations;

export const rotationsItem = storage.defineItem<Record<string, RotationRecord>>(
  `local:${STORAGE_KEYS.local.keyRotations}`,
  { fallback: {}, version: 1 },
);

/** Finished rotations (revoked, cancelled, failed creates) are forgotten after this long. */
export const FINISHED_ROTATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const REVOKE_ALARM_PREFIX = 'vkc-revoke:';

const STATES: readonly string[] = [
  'creating',
  'create_failed',
  'created',
  'scheduled',
  'revoking',
  'revoke_failed',
  'revoked',
  'cancelled',
];

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

/** A stored record as this code reads it, or null when it cannot be (dropped, never thrown). */
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
        ? error
        : null,
    attempts: typeof r.attempts === 'number' ? r.attempts : 0,
    updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : 0,
  };
}

export async function readRotations(): Promise<Record<string, RotationRecord>> {
  const raw = await rotationsItem.getValue();
  const out: Record<string, RotationRecord> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [id, value] of Object.entries(raw)) {
    const record = readRotation(value);
    if (record && record.id === id) out[id] = record;
  }
  return out;
}
