/**
 * The vault service: where the encrypted record and the unlocked key live, and every
 * operation on them. Background only.
 *
 * - The record lives in `storage.local` under one key, so each write is a single atomic
 *   `set`: a crash or a stopped worker leaves either the old record or the new one, never half.
 *   Changing the passphrase builds the whole new record first; the old one stays valid until
 *   that one `set` replaces it.
 * - The unlocked state is the master key's raw bytes in `storage.session` (memory only,
 *   trusted contexts only), with the key check of the record it opens. A stopped worker does
 *   not lock the vault; closing the browser does. A record replaced behind our back (import,
 *   reset) no longer matches the session key, so the vault reads as locked.
 * - No module variable holds anything that matters: every call reads storage afresh. The
 *   in-memory queue only orders this worker's own writes.
 */

import { createQueue } from '@/lib/queue';
import { unlockedStateItem, vaultRecordItem } from '@/lib/storage/vault';
import {
  base64ToBytes,
  bytesToBase64,
  calibrateIterations,
  deriveMasterKey,
  iterationsForTarget,
  KDF_POLICY,
  type KdfPolicy,
} from './crypto';
import {
  BadBackupError,
  DuplicateStoredKeyError,
  StoredKeyNotFoundError,
  VaultDamagedError,
  VaultExistsError,
  VaultLockedError,
  VaultMissingError,
  WeakPassphraseError,
  WrongPassphraseError,
} from './errors';
import {
  deriveForRecord,
  EMPTY_CONTENT,
  needsUpgrade,
  newKdfParams,
  openVault,
  type ParsedRecord,
  parseVaultRecord,
  type StoredKeyEntry,
  sealVault,
  type VaultContent,
  type VaultRecord,
} from './record';
import { estimatePassphrase } from './strength';
import type { AddStoredKeyInput, StoredKeyMeta, StoredKeyPatch, VaultStatus } from './types';

// Defined in lib/storage/vault.ts with every other stored item; re-exported for the tests that seed them.
export { unlockedStateItem, vaultRecordItem };

export const BACKUP_KIND = 'venice-key-companion/vault-backup';
export const BACKUP_VERSION = 1;
const BACKUP_MAX_CHARS = 8_000_000;

export interface VaultServiceOptions {
  policy?: KdfPolicy;
  /** For tests: replaces the PBKDF2 timing probe at creation. */
  measure?: (iterations: number) => Promise<number>;
  now?: () => Date;
}

export interface UnlockReport {
  /** The iteration count of the record now stored. */
  iterations: number;
  /** How long deriving the key took, in ms (the cost of one unlock). */
  deriveMs: number;
  /** True when an older, weaker record was re-encrypted with current parameters. */
  upgraded: boolean;
}

export type VaultService = ReturnType<typeof createVaultService>;

export function createVaultService(options: VaultServiceOptions = {}) {
  const policy = options.policy ?? KDF_POLICY;
  const now = options.now ?? (() => new Date());
  const unlockedListeners = new Set<() => void>();
  const lockedListeners = new Set<() => void>();
  /** Vault writes run one after another, so two edits never overwrite each other. */
  const writes = createQueue();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => writes.run(task);

  function emit(listeners: Set<() => void>): void {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the vault operation succeeded.
      }
    }
  }

  function requireStrong(passphrase: string): void {
    const strength = estimatePassphrase(passphrase);
    if (!strength.acceptable) throw new WeakPassphraseError(strength.reason ?? 'choose a longer one.');
  }

  async function readParsed(): Promise<ParsedRecord> {
    const raw = await vaultRecordItem.getValue();
    if (raw === null || raw === undefined) throw new VaultMissingError();
    return parseVaultRecord(raw);
  }

  async function writeUnlocked(master: Uint8Array<ArrayBuffer>, record: VaultRecord): Promise<void> {
    await unlockedStateItem.setValue({ key: bytesToBase64(master), check: record.check });
  }

  /** The master key, if the session holds the one that opens this record. */
  async function sessionKeyFor(parsed: ParsedRecord): Promise<Uint8Array<ArrayBuffer> | null> {
    const state = await unlockedStateItem.getValue();
    if (!state || state.check !== parsed.record.check) return null;
    return base64ToBytes(state.key);
  }

  /** Opens the record with the session key: content plus what is needed to write it back. */
  async function openUnlocked(): Promise<{
    parsed: ParsedRecord;
    master: Uint8Array<ArrayBuffer>;
    content: VaultContent;
  }> {
    const parsed = await readParsed();
    const master = await sessionKeyFor(parsed);
    if (!master) throw new VaultLockedError();
    try {
      return { parsed, master, content: await openVault(parsed, master) };
    } catch (err) {
      // The session key no longer fits (it cannot, if the checks matched; be safe): locked.
      if (err instanceof WrongPassphraseError) throw new VaultLockedError();
      throw err;
    }
  }

  /** Read, change, re-encrypt (fresh IV, same key), write: one atomic `set`. */
  function mutate<T>(change: (content: VaultContent) => { content: VaultContent; result: T }): Promise<T> {
    return serialized(async () => {
      const { parsed, master, content } = await openUnlocked();
      const next = change(structuredClone(content));
      const record = await sealVault(master, parsed.record.kdf, next.content);
      await vaultRecordItem.setValue(record);
      return next.result;
    });
  }

  /**
   * Derives and checks a passphrase against a record. On success re-seals weaker records
   * with current parameters (a new salt and a calibrated iteration count) before returning.
   */
  async function openWithPassphrase(
    parsed: ParsedRecord,
    passphrase: string,
  ): Promise<{
    record: VaultRecord;
    master: Uint8Array<ArrayBuffer>;
    content: VaultContent;
    report: UnlockReport;
  }> {
    const started = performance.now();
    const master = await deriveForRecord(parsed, passphrase);
    const deriveMs = performance.now() - started;
    const content = await openVault(parsed, master);
    if (!needsUpgrade(parsed, policy)) {
      return {
        record: parsed.record,
        master,
        content,
        report: { iterations: parsed.record.kdf.iterations, deriveMs, upgraded: false },
      };
    }
    const iterations = await upgradedIterations(parsed.record.kdf.iterations, deriveMs);
    const kdf = newKdfParams(iterations);
    const upgradedMaster = await deriveMasterKey(passphrase, base64ToBytes(kdf.salt)!, iterations);
    const record = await sealVault(upgradedMaster, kdf, content);
    return { record, master: upgradedMaster, content, report: { iterations, deriveMs, upgraded: true } };
  }

  /**
   * The iteration count for a re-sealed weak record. The unlock just timed the old count; a
   * derivation that short is mostly noise, so below 50 ms we probe properly instead.
   */
  function upgradedIterations(oldIterations: number, oldMs: number): Promise<number> {
    if (oldMs >= 50) return Promise.resolve(iterationsForTarget(oldIterations, oldMs, policy));
    return calibrateIterations({ policy, ...(options.measure ? { measure: options.measure } : {}) });
  }

  function toMeta(entry: StoredKeyEntry): StoredKeyMeta {
    return {
      entryId: entry.entryId,
      label: entry.label,
      type: entry.type,
      last6: entry.secret.slice(-6),
      source: entry.source,
      addedAt: entry.addedAt,
      veniceKeyId: entry.veniceKeyId,
      verified: entry.verified,
    };
  }

  function findEntry(content: VaultContent, entryId: string): StoredKeyEntry {
    const entry = content.entries.find((e) => e.entryId === entryId);
    if (!entry) throw new StoredKeyNotFoundError();
    return entry;
  }

  const service = {
    policy,

    async getStatus(): Promise<VaultStatus> {
      // Both at once: this answers most pages' first request, often on a cold worker.
      const [raw, state] = await Promise.all([vaultRecordItem.getValue(), unlockedStateItem.getValue()]);
      if (raw === null || raw === undefined) return 'none';
      const check = typeof raw === 'object' ? (raw as { check?: unknown }).check : undefined;
      return state && typeof check === 'string' && state.check === check ? 'unlocked' : 'locked';
    },

    /** Creates an empty vault, calibrated to this machine, and leaves it unlocked. */
    create(passphrase: string): Promise<UnlockReport> {
      return serialized(async () => {
        if ((await vaultRecordItem.getValue()) != null) throw new VaultExistsError();
        requireStrong(passphrase);
        const iterations = await calibrateIterations({
          policy,
          ...(options.measure ? { measure: options.measure } : {}),
        });
        const kdf = newKdfParams(iterations);
        const started = performance.now();
        const master = await deriveMasterKey(passphrase, base64ToBytes(kdf.salt)!, iterations);
        const deriveMs = performance.now() - started;
        const record = await sealVault(master, kdf, EMPTY_CONTENT);
        await vaultRecordItem.setValue(record);
        await writeUnlocked(master, record);
        emit(unlockedListeners);
        return { iterations, deriveMs, upgraded: false };
      });
    },

    unlock(passphrase: string): Promise<UnlockReport> {
      return serialized(async () => {
        const parsed = await readParsed();
        const opened = await openWithPassphrase(parsed, passphrase);
        // Upgrade: the new record is complete before it replaces the old one in one write.
        if (opened.report.upgraded) await vaultRecordItem.setValue(opened.record);
        await writeUnlocked(opened.master, opened.record);
        emit(unlockedListeners);
        return opened.report;
      });
    },

    lock(): Promise<void> {
      return serialized(async () => {
        const wasUnlocked = (await unlockedStateItem.getValue()) !== null;
        await unlockedStateItem.removeValue();
        if (wasUnlocked) emit(lockedListeners);
      });
    },

    /** Atomic: the old record stays valid until the complete new one replaces it. */
    changePassphrase(current: string, next: string): Promise<UnlockReport> {
      return serialized(async () => {
        const parsed = await readParsed();
        requireStrong(next);
        const started = performance.now();
        const oldMaster = await deriveForRecord(parsed, current);
        const oldMs = performance.now() - started;
        const content = await openVault(parsed, oldMaster);
        const iterations = needsUpgrade(parsed, policy)
          ? await upgradedIterations(parsed.record.kdf.iterations, oldMs)
          : parsed.record.kdf.iterations;
        const kdf = newKdfParams(iterations);
        const begun = performance.now();
        const master = await deriveMasterKey(next, base64ToBytes(kdf.salt)!, iterations);
        const deriveMs = performance.now() - begun;
        const record = await sealVault(master, kdf, content);
        await vaultRecordItem.setValue(record);
        await writeUnlocked(master, record);
        emit(unlockedListeners);
        return { iterations, deriveMs, upgraded: false };
      });
    },

    /** Wipes the vault (for a forgotten passphrase). The session key goes first. */
    reset(): Promise<void> {
      return serialized(async () => {
        await unlockedStateItem.removeValue();
        await vaultRecordItem.removeValue();
        emit(lockedListeners);
      });
    },

    /** The record as it is stored, wrapped in a backup envelope. Still encrypted. */
    async exportBackup(): Promise<{ fileName: string; contents: string }> {
      const parsed = await readParsed();
      const exportedAt = now().toISOString();
      const contents = JSON.stringify(
        { kind: BACKUP_KIND, version: BACKUP_VERSION, exportedAt, vault: parsed.record },
        null,
        2,
      );
      return { fileName: `venice-key-companion-vault-${exportedAt.slice(0, 10)}.json`, contents };
    },

    /**
     * Restores a backup: the file and the passphrase are fully checked before anything is
     * written, so a bad file or a wrong passphrase leaves the current vault as it was.
     */
    importBackup(contents: string, passphrase: string, replace: boolean): Promise<{ keys: number }> {
      return serialized(async () => {
        if (contents.length > BACKUP_MAX_CHARS)
          throw new BadBackupError('This file is far too large to be a vault backup.');
        let envelope: unknown;
        try {
          envelope = JSON.parse(contents);
        } catch {
          throw new BadBackupError('This file is not a Venice Key Companion backup (it is not JSON).');
        }
        const kind =
          typeof envelope === 'object' && envelope !== null
            ? (envelope as { kind?: unknown }).kind
            : undefined;
        if (kind !== BACKUP_KIND)
          throw new BadBackupError('This file is not a Venice Key Companion vault backup.');
        const version = (envelope as { version?: unknown }).version;
        if (typeof version !== 'number' || version > BACKUP_VERSION)
          throw new BadBackupError(
            'This backup was made by a newer version of the extension; update it first.',
          );
        let parsed: ParsedRecord;
        try {
          parsed = await parseVaultRecord((envelope as { vault?: unknown }).vault);
        } catch (err) {
          if (err instanceof VaultDamagedError)
            throw new BadBackupError(`The backup file is damaged (${err.detail}).`);
          throw err;
        }
        let opened: Awaited<ReturnType<typeof openWithPassphrase>>;
        try {
          opened = await openWithPassphrase(parsed, passphrase);
        } catch (err) {
          if (err instanceof VaultDamagedError)
            throw new BadBackupError(`The backup file is damaged (${err.detail}).`);
          throw err;
        }
        if (!replace && (await vaultRecordItem.getValue()) != null) throw new VaultExistsError();
        await unlockedStateItem.removeValue();
        await vaultRecordItem.setValue(opened.record);
        await writeUnlocked(opened.master, opened.record);
        emit(unlockedListeners);
        return { keys: opened.content.entries.length };
      });
    },

    // ---- stored keys (the vault must be unlocked) ----

    async listStoredKeys(): Promise<StoredKeyMeta[]> {
      const { content } = await openUnlocked();
      return content.entries.map(toMeta);
    },

    async getStoredSecret(entryId: string): Promise<string> {
      const { content } = await openUnlocked();
      return findEntry(content, entryId).secret;
    },

    async findStoredKeyByVeniceId(veniceKeyId: string): Promise<StoredKeyMeta | null> {
      const { content } = await openUnlocked();
      const entry = content.entries.find((e) => e.veniceKeyId === veniceKeyId);
      return entry ? toMeta(entry) : null;
    },

    /** Throws VaultLockedError when locked, DuplicateStoredKeyError when the secret is stored already. */
    async assertNotStored(secret: string): Promise<void> {
      const { content } = await openUnlocked();
      const duplicate = content.entries.find((e) => e.secret === secret);
      if (duplicate) throw new DuplicateStoredKeyError(duplicate.label);
    },

    /** Resolves only once the new record is written. */
    addStoredKey(input: AddStoredKeyInput): Promise<StoredKeyMeta> {
      return mutate((content) => {
        const duplicate = content.entries.find((e) => e.secret === input.secret);
        if (duplicate) throw new DuplicateStoredKeyError(duplicate.label);
        const entry: StoredKeyEntry = {
          entryId: crypto.randomUUID(),
          label: input.label.trim(),
          secret: input.secret,
          type: input.type,
          source: input.source,
          addedAt: now().toISOString(),
          veniceKeyId: input.veniceKeyId ?? null,
          verified: input.verified,
        };
        content.entries.push(entry);
        return { content, result: toMeta(entry) };
      });
    },

    updateStoredKey(entryId: string, patch: StoredKeyPatch): Promise<StoredKeyMeta> {
      return mutate((content) => {
        const entry = findEntry(content, entryId);
        if (patch.label !== undefined) entry.label = patch.label.trim();
        if (patch.veniceKeyId !== undefined) entry.veniceKeyId = patch.veniceKeyId;
        if (patch.type !== undefined) entry.type = patch.type;
        if (patch.verified !== undefined) entry.verified = patch.verified;
        return { content, result: toMeta(entry) };
      });
    },

    removeStoredKey(entryId: string): Promise<void> {
      return mutate((content) => {
        findEntry(content, entryId);
        return {
          content: { ...content, entries: content.entries.filter((e) => e.entryId !== entryId) },
          result: undefined,
        };
      });
    },

    onUnlocked(listener: () => void): () => void {
      unlockedListeners.add(listener);
      return () => unlockedListeners.delete(listener);
    },
    onLocked(listener: () => void): () => void {
      lockedListeners.add(listener);
      return () => lockedListeners.delete(listener);
    },
  };
  return service;
}
