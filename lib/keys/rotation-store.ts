/**
 * A rotation's record and its vocabulary (types only for the pages). The stored item, with its
 * check on load, is lib/storage/rotations.ts. Records must outlive the worker and the browser
 * (a revocation due in 7 days), and hold nothing secret: ids, descriptions, last 6 characters,
 * times and reasons.
 */
import type { SerializedError } from '@/lib/errors';
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

/** Finished rotations (revoked, cancelled, failed creates) are forgotten after this long. */
export const FINISHED_ROTATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const REVOKE_ALARM_PREFIX = 'vkc-revoke:';
