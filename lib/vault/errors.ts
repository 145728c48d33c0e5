import { AppError } from '@/lib/errors';

/**
 * Every way a vault operation can fail, with a stable code the UI switches on.
 * This file imports nothing heavy: UI pages may import the codes.
 */
export const VAULT_ERROR_CODES = {
  locked: 'vault_locked',
  missing: 'vault_missing',
  exists: 'vault_exists',
  wrongPassphrase: 'wrong_passphrase',
  damaged: 'vault_damaged',
  weakPassphrase: 'weak_passphrase',
  keyNotFound: 'vault_key_not_found',
  duplicateKey: 'vault_duplicate_key',
  invalidKey: 'invalid_key',
  unverifiable: 'key_unverifiable',
  badBackup: 'bad_backup',
  confirmationMismatch: 'confirmation_mismatch',
} as const;

export class VaultLockedError extends AppError {
  override name = 'VaultLockedError';
  constructor() {
    super(VAULT_ERROR_CODES.locked, 'The vault is locked. Unlock it with your passphrase first.');
  }
}

export class VaultMissingError extends AppError {
  override name = 'VaultMissingError';
  constructor() {
    super(VAULT_ERROR_CODES.missing, 'There is no vault yet. Create one on the options page first.');
  }
}

export class VaultExistsError extends AppError {
  override name = 'VaultExistsError';
  constructor() {
    super(
      VAULT_ERROR_CODES.exists,
      'A vault already exists in this browser. Reset it first if you want to start over.',
    );
  }
}

/** The issue asks for exactly this message and nothing more. */
export class WrongPassphraseError extends AppError {
  override name = 'WrongPassphraseError';
  constructor() {
    super(VAULT_ERROR_CODES.wrongPassphrase, 'Wrong passphrase');
  }
}

export class VaultDamagedError extends AppError {
  override name = 'VaultDamagedError';
  /** What is wrong, for a person (never any of the data itself). */
  readonly detail: string;
  constructor(detail: string, options: { cause?: unknown } = {}) {
    super(
      VAULT_ERROR_CODES.damaged,
      `The vault data is damaged (${detail}). Nothing was changed. You can restore a backup with “Import backup”, or reset the vault.`,
      options,
    );
    this.detail = detail;
  }
}

export class WeakPassphraseError extends AppError {
  override name = 'WeakPassphraseError';
  constructor(reason: string) {
    super(VAULT_ERROR_CODES.weakPassphrase, `That passphrase is too weak: ${reason}`);
  }
}

export class StoredKeyNotFoundError extends AppError {
  override name = 'StoredKeyNotFoundError';
  constructor() {
    super(VAULT_ERROR_CODES.keyNotFound, 'That key is no longer in the vault.');
  }
}

export class DuplicateStoredKeyError extends AppError {
  override name = 'DuplicateStoredKeyError';
  constructor(existingLabel: string) {
    super(VAULT_ERROR_CODES.duplicateKey, `This key is already in the vault, as “${existingLabel}”.`);
  }
}

/** A backup file that cannot be restored (not ours, not JSON, damaged, from a newer version). */
export class BadBackupError extends AppError {
  override name = 'BadBackupError';
  constructor(reason: string) {
    super(VAULT_ERROR_CODES.badBackup, `${reason} Your current vault was not changed.`);
  }
}
