import { AppError } from '@/lib/errors';

/**
 * Every way a vault operation can fail that has its own class; the words are in lib/errors.ts.
 * This file imports nothing heavy: UI pages may import it.
 */

export class VaultLockedError extends AppError {
  override name = 'VaultLockedError';
  constructor() {
    super('vault.locked');
  }
}

export class VaultMissingError extends AppError {
  override name = 'VaultMissingError';
  constructor() {
    super('vault.missing');
  }
}

export class VaultExistsError extends AppError {
  override name = 'VaultExistsError';
  constructor() {
    super('vault.exists');
  }
}

export class WrongPassphraseError extends AppError {
  override name = 'WrongPassphraseError';
  constructor() {
    super('vault.wrong_passphrase');
  }
}

export class VaultDamagedError extends AppError {
  override name = 'VaultDamagedError';
  /** What is wrong, for a person (never any of the data itself). */
  readonly detail: string;
  constructor(detail: string, options: { cause?: unknown } = {}) {
    super('vault.damaged', `The vault data is damaged (${detail}).`, options);
    this.detail = detail;
  }
}

export class WeakPassphraseError extends AppError {
  override name = 'WeakPassphraseError';
  constructor(reason: string) {
    super('vault.weak_passphrase', `That passphrase is too weak: ${reason}`);
  }
}

export class StoredKeyNotFoundError extends AppError {
  override name = 'StoredKeyNotFoundError';
  constructor() {
    super('vault.key_not_found');
  }
}

export class DuplicateStoredKeyError extends AppError {
  override name = 'DuplicateStoredKeyError';
  constructor(existingLabel: string) {
    super('vault.duplicate_key', `This key is already in the vault, as “${existingLabel}”.`);
  }
}

/** A backup file that cannot be restored (not ours, not JSON, damaged, from a newer version). */
export class BadBackupError extends AppError {
  override name = 'BadBackupError';
  constructor(reason: string) {
    super('vault.bad_backup', reason);
  }
}
