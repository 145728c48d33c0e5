/**
 * Rotating a key: create its replacement with the same settings → the secret into the vault (the
 * key service's create-then-save) → the page shows it once → the old key is revoked, at once or
 * after a grace period. Each step is written to `keys.rotations` before and after it runs, so a
 * worker stopped anywhere resumes from the record: a create is asked about again by its request
 * id, a revoke that was under way is simply run again (Venice's "not found" then means done).
 *
 * The extension's own uses of the old key follow the new one: the badge key at once, the
 * management key only after the new ADMIN key answered a list call (an explicit step, because the
 * old one is the only way back if the new one does not work).
 *
 * A key made for (or tagged with) a site hands its site to the replacement (issue 17), so the
 * page can offer to open that site, and the fill there offers the new key first.
 */

import type { Provenance, ProvenanceMap } from '@/lib/apps/provenance';
import { AppError, serializeError } from '@/lib/errors';
import { keySettingsFromKey, uncopiableSettings } from '@/lib/keys/key-settings';
import { createQueue } from '@/lib/queue';
import { readRotations, rotationsItem } from '@/lib/storage/rotations';
import { VaultLockedError } from '@/lib/vault/errors';
import type { VeniceClient } from '@/lib/venice/types';
import { DESCRIPTION_MAX } from '@/lib/venice/validation';
import { CreateInterruptedError } from './errors';
import { FINISHED_ROTATION_TTL_MS, GRACE_MS, type RevokeWhen, type RotationRecord } from './rotation-store';
import type { KeyService, VaultKeyMeta } from './service';
import type { CreateKeyResult } from './types';

export class RotationNotFoundError extends AppError {
  override name = 'RotationNotFoundError';
  constructor() {
    super('keys.rotation_not_found');
  }
}

export class RotationStepError extends AppError {
  override name = 'RotationStepError';
  constructor(message: string) {
    super('keys.rotation_step', message);
  }
}

/** The old key is the management key and the new one has not been checked yet. */
export class ManagementNotVerifiedError extends AppError {
  override name = 'ManagementNotVerifiedError';
  constructor() {
    super('keys.management_not_verified');
  }
}

/** A revoke that failed only because the vault was locked waits for the unlock (see `resume`). */
const VAULT_LOCKED_CODE = new VaultLockedError().code;

/** A retryable revoke failure is tried again after this long (and is always offered at once). */
export const REVOKE_RETRY_MS = 5 * 60 * 1000;
/** Automatic retries after a retryable failure; the user can always ask again. */
export const REVOKE_AUTO_RETRIES = 3;

/**
 * The new key's description: the old one, then the date (ISO, UTC), within Venice's 64
 * characters. The old part is cut, never the date; a date a previous rotation added is replaced.
 */
export function rotatedDescription(old: string, now: number): string {
  const date = new Date(now).toISOString().slice(0, 10);
  const base =
    old
      .trim()
      .replace(/\s+\d{4}-\d{2}-\d{2}$/, '')
      .trim() || 'Rotated key';
  const room = DESCRIPTION_MAX - date.length - 1;
  let cut = '';
  for (const ch of base) {
    if (cut.length + ch.length > room) break;
    cut += ch;
  }
  return `${cut.trimEnd()} ${date}`;
}

export interface RotationDeps {
  keys: Pick<KeyService, 'create' | 'createOutcome' | 'revoke' | 'adoptCacheOwner' | 'findKey'>;
  getClient(): Promise<VeniceClient>;
  getSettings(): Promise<{ managementKeyId: string | null; badgeKeyId: string | null }>;
  setSettings(patch: { managementKeyId?: string; badgeKeyId?: string }): Promise<void>;
  vault: {
    listStoredKeys(): Promise<VaultKeyMeta[]>;
    getStoredSecret(entryId: string): Promise<string>;
  };
  alarms: {
    set(rotationId: string, when: number): Promise<void>;
    clear(rotationId: string): Promise<void>;
  };
  /** Where each key went (lib/apps/provenance): the old key's site becomes the new key's. */
  provenance: {
    read(): Promise<ProvenanceMap>;
    record(keyId: string, entry: Provenance): Promise<unknown>;
  };
  now(): number;
}

/** What starting (or asking again about) a rotation answers; the secret only to the call that created it. */
export interface RotationStart {
  rotation: RotationRecord;
  created: CreateKeyResult | null;
}

export type RotationService = ReturnType<typeof createRotationService>;

export function createRotationService(deps: RotationDeps) {
  const writes = createQueue();
  const revoking = new Map<string, Promise<RotationRecord>>();
  const starting = new Map<string, Promise<RotationStart>>();

  /** Read-modify-write of the records, one at a time; finished ones past their time are dropped. */
  function mutate<T>(change: (records: Record<string, RotationRecord>) => T): Promise<T> {
    return writes.run(async () => {
      const records = await readRotations();
      const cutoff = deps.now() - FINISHED_ROTATION_TTL_MS;
      for (const [id, r] of Object.entries(records))
        if (
          (r.state === 'revoked' || r.state === 'cancelled' || r.state === 'create_failed') &&
          r.updatedAt < cutoff
        )
          delete records[id];
      const out = change(records);
      await rotationsItem.setValue(records);
      return out;
    });
  }

  function update(id: string, patch: Partial<RotationRecord>): Promise<RotationRecord> {
    return mutate((records) => {
      const current = records[id];
      if (!current) throw new RotationNotFoundError();
      const next = { ...current, ...patch, updatedAt: deps.now() };
      records[id] = next;
      return next;
    });
  }

  async function get(id: string): Promise<RotationRecord> {
    const record = (await readRotations())[id];
    if (!record) throw new RotationNotFoundError();
    return record;
  }

  function entryOf(stored: VaultKeyMeta[], key: { id: string; apiKeyType: string; last6Chars: string }) {
    return (
      stored.find((e) => e.veniceKeyId === key.id) ??
      stored.find((e) => !e.veniceKeyId && e.type === key.apiKeyType && e.last6 === key.last6Chars) ??
      null
    );
  }

  /**
   * Starts rotating key `keyId`, once per `rotationId`: a second call (a double click, a page
   * reopened, a worker restarted) joins the first or answers from the record, without the secret.
   */
  function start(rotationId: string, keyId: string): Promise<RotationStart> {
    const running = starting.get(rotationId);
    if (running) return running;
    const run = startOnce(rotationId, keyId);
    starting.set(rotationId, run);
    run.finally(() => starting.delete(rotationId)).catch(() => undefined);
    return run;
  }

  async function startOnce(rotationId: string, keyId: string): Promise<RotationStart> {
    const existing = (await readRotations())[rotationId];
    if (existing && existing.state !== 'creating') return { rotation: existing, created: null };
    let result: CreateKeyResult;
    if (existing) {
      // Nobody in this worker runs it: the worker that did stopped mid-create. The key service's
      // own record says how that create ended; it is never sent a second time.
      const outcome = await deps.keys.createOutcome(rotationId);
      if (outcome.state === 'done')
        result = { key: outcome.key, secret: null, vaultCopy: outcome.vaultCopy, vaultError: null };
      else {
        const error =
          outcome.state === 'failed' ? outcome.error : serializeError(new CreateInterruptedError());
        const rotation = await update(rotationId, { state: 'create_failed', error });
        return { rotation, created: null };
      }
    } else {
      const old = await deps.keys.findKey(keyId);
      // A setting the form cannot hold would be replaced by its default: refused before anything is made.
      const odd = uncopiableSettings(old);
      if (odd.length > 0)
        throw new AppError(
          'keys.rotation_uncopiable',
          `Rotate cannot copy this key’s ${odd.join(' and ')}: the replacement would allow more than the key it replaces.`,
        );
      const [settings, stored] = await Promise.all([deps.getSettings(), deps.vault.listStoredKeys()]);
      const entry = entryOf(stored, old);
      const now = deps.now();
      const record: RotationRecord = {
        id: rotationId,
        startedAt: now,
        old: {
          id: old.id,
          description: old.description,
          last6: old.last6Chars,
          type: old.apiKeyType as never,
        },
        created: null,
        roles: {
          badge: entry !== null && settings.badgeKeyId === entry.entryId,
          management: entry !== null && settings.managementKeyId === entry.entryId,
        },
        badgeMoved: false,
        managementMoved: false,
        state: 'creating',
        revokeAt: null,
        error: null,
        attempts: 0,
        updatedAt: now,
      };
      await mutate((records) => {
        records[rotationId] = record;
      });
      const draft = { ...keySettingsFromKey(old), description: rotatedDescription(old.description, now) };
      try {
        // The key service's create-then-save: the secret is in the vault before this returns.
        result = await deps.keys.create(rotationId, draft);
      } catch (err) {
        await update(rotationId, { state: 'create_failed', error: serializeError(err) });
        throw err;
      }
    }
    await inheritSite(rotationId, result.key.id);
    let next = await update(rotationId, {
      state: 'created',
      error: null,
      created: {
        id: result.key.id,
        description: result.key.description,
        last6: result.key.last6Chars,
        type: result.key.apiKeyType as never,
        entryId: result.vaultCopy?.entryId ?? null,
      },
    });
    if (next.roles.badge && !next.badgeMoved && result.vaultCopy) {
      try {
        await deps.setSettings({ badgeKeyId: result.vaultCopy.entryId });
        next = await update(rotationId, { badgeMoved: true });
      } catch (err) {
        next = await update(rotationId, { error: serializeError(err) });
      }
    }
    return { rotation: next, created: result };
  }

  /**
   * The new key takes the old key's site, dated now. Best effort: a rotation never fails over
   * where a key is used, and a site already recorded for the new key is left as it is.
   */
  async function inheritSite(rotationId: string, newKeyId: string): Promise<void> {
    try {
      const record = await get(rotationId);
      const map = await deps.provenance.read();
      const site = map[record.old.id];
      if (!site || map[newKeyId]) return;
      await deps.provenance.record(newKeyId, { ...site, at: new Date(deps.now()).toISOString() });
    } catch {
      // The key list shows the new key without its site; it can be tagged by hand.
    }
  }

  /**
   * The management key's second step: the new ADMIN key must answer a list call before it
   * becomes the management key (and before the old one may go).
   */
  async function verifyManagement(rotationId: string): Promise<RotationRecord> {
    const record = await get(rotationId);
    if (!record.roles.management) return record;
    if (record.managementMoved) return record;
    if (!record.created) throw new RotationStepError('The new key is not created yet.');
    if (!record.created.entryId)
      throw new RotationStepError(
        'The new key is not in the vault, so it cannot become the management key. Add its secret to the vault first.',
      );
    const entryId = record.created.entryId;
    try {
      const secret = await deps.vault.getStoredSecret(entryId);
      const client = await deps.getClient();
      await client.listApiKeys(secret);
      const settings = await deps.getSettings();
      const oldEntry = settings.managementKeyId;
      await deps.setSettings({ managementKeyId: entryId });
      // Same account, another key: the list cache stays the account's.
      if (oldEntry) await deps.keys.adoptCacheOwner(oldEntry, entryId);
    } catch (err) {
      await update(rotationId, { error: serializeError(err) });
      throw err;
    }
    return update(rotationId, { managementMoved: true, error: null });
  }

  /** The user's choice for the old key: revoke it now, or after a grace period. */
  async function chooseRevoke(rotationId: string, when: RevokeWhen): Promise<RotationRecord> {
    const record = await get(rotationId);
    if (!['created', 'scheduled', 'revoke_failed', 'cancelled'].includes(record.state))
      throw new RotationStepError(
        record.state === 'revoked'
          ? 'The old key is already revoked.'
          : record.state === 'revoking'
            ? 'The old key is being revoked now.'
            : 'The new key is not created yet, so the old key stays.',
      );
    if (record.roles.management && !record.managementMoved) throw new ManagementNotVerifiedError();
    if (when === 'now') {
      await deps.alarms.clear(rotationId);
      return runRevoke(rotationId);
    }
    const revokeAt = deps.now() + GRACE_MS[when];
    const next = await update(rotationId, { state: 'scheduled', revokeAt, error: null });
    await deps.alarms.set(rotationId, revokeAt);
    return next;
  }

  /** Keeps the old key: the pending revocation is dropped. */
  async function cancel(rotationId: string): Promise<RotationRecord> {
    const record = await get(rotationId);
    if (record.state !== 'scheduled' && record.state !== 'revoke_failed' && record.state !== 'created')
      throw new RotationStepError(
        record.state === 'revoking'
          ? 'The old key is being revoked now.'
          : 'There is no pending revocation to cancel.',
      );
    await deps.alarms.clear(rotationId);
    return update(rotationId, { state: 'cancelled', revokeAt: null });
  }

  /** Runs the revoke once at a time per rotation; the state is written before and after. */
  function runRevoke(rotationId: string): Promise<RotationRecord> {
    const running = revoking.get(rotationId);
    if (running) return running;
    const run = revokeOnce(rotationId);
    revoking.set(rotationId, run);
    run.finally(() => revoking.delete(rotationId)).catch(() => undefined);
    return run;
  }

  async function revokeOnce(rotationId: string): Promise<RotationRecord> {
    const before = await get(rotationId);
    const started = await update(rotationId, {
      state: 'revoking',
      attempts: before.attempts + 1,
      revokeAt: before.revokeAt ?? deps.now(),
    });
    try {
      await deps.keys.revoke(started.old.id);
    } catch (err) {
      const error = serializeError(err);
      const retry = error.retryable === true && started.attempts <= REVOKE_AUTO_RETRIES;
      const next = await update(rotationId, {
        state: 'revoke_failed',
        error,
        revokeAt: retry ? deps.now() + REVOKE_RETRY_MS : started.revokeAt,
      });
      if (retry && next.revokeAt !== null)
        await deps.alarms.set(rotationId, next.revokeAt).catch(() => undefined);
      return next;
    }
    await deps.alarms.clear(rotationId).catch(() => undefined);
    return update(rotationId, { state: 'revoked', error: null });
  }

  /** An alarm went off: the revoke runs if it is still wanted. */
  async function onAlarm(rotationId: string): Promise<void> {
    const record = (await readRotations())[rotationId];
    if (!record) return;
    if (record.state === 'scheduled' || record.state === 'revoke_failed' || record.state === 'revoking')
      await runRevoke(rotationId);
  }

  /**
   * A woken worker (or a browser start, or an unlock): revokes that were under way when a worker
   * stopped run again, due ones run now, and every future one has its alarm.
   */
  async function resume(): Promise<void> {
    const records = await readRotations();
    const now = deps.now();
    for (const record of Object.values(records)) {
      if (revoking.has(record.id) || starting.has(record.id)) continue;
      if (record.state === 'creating') {
        await start(record.id, record.old.id).catch(() => undefined);
        continue;
      }
      const due = record.revokeAt !== null && record.revokeAt <= now;
      // A revoke that came due while the vault was locked runs once it is open (this is called on unlock).
      const waitedForUnlock = record.state === 'revoke_failed' && record.error?.code === VAULT_LOCKED_CODE;
      if (record.state === 'revoking' || (record.state === 'scheduled' && due) || waitedForUnlock)
        await runRevoke(record.id);
      else if (
        (record.state === 'scheduled' || (record.state === 'revoke_failed' && record.error?.retryable)) &&
        record.revokeAt !== null
      ) {
        if (due) await runRevoke(record.id);
        else await deps.alarms.set(record.id, record.revokeAt);
      }
    }
  }

  /** Every rotation still known, newest first. */
  async function list(): Promise<RotationRecord[]> {
    return Object.values(await readRotations()).sort((a, b) => b.startedAt - a.startedAt);
  }

  return { start, get, verifyManagement, chooseRevoke, cancel, runRevoke, onAlarm, resume, list };
}
