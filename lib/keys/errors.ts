import { AppError } from '@/lib/errors';

/** Failures of key management that are not Venice's own (those are in lib/venice/errors.ts). */

export class NoManagementKeyError extends AppError {
  override name = 'NoManagementKeyError';
  constructor() {
    super(
      'keys.no_management_key',
      'No ADMIN key is chosen for managing keys. Add one to the vault and choose it on the options page.',
    );
  }
}

/** The chosen key is an INFERENCE key; Venice answers "Admin API key required" to these calls. */
export class ManagementKeyNotAdminError extends AppError {
  override name = 'ManagementKeyNotAdminError';
  constructor() {
    super(
      'venice.admin_required',
      'Admin API key required: the key chosen for managing keys is an INFERENCE key. Choose an ADMIN key on the options page.',
    );
  }
}

/** The form broke one of Venice's rules; nothing was sent. */
export class KeySettingsInvalidError extends AppError {
  override name = 'KeySettingsInvalidError';
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super('keys.invalid_settings', Object.values(fields).join(' '));
    this.fields = fields;
  }
}

/** A second create with the same request id while the first is still running (double click). */
export class CreateInProgressError extends AppError {
  override name = 'CreateInProgressError';
  constructor() {
    super('keys.create_in_progress', 'This key is already being created. Wait a moment for the result.');
  }
}

/**
 * The background stopped while a create was waiting for Venice: we cannot tell whether Venice
 * made the key, and its secret (if any) was never seen. The list is refreshed to find out.
 */
export class CreateInterruptedError extends AppError {
  override name = 'CreateInterruptedError';
  constructor() {
    super(
      'keys.create_interrupted',
      'The extension was interrupted while creating this key. Check the list: if the key appears, revoke it (its secret was never received) and create a new one.',
    );
  }
}

export class KeyNotInListError extends AppError {
  override name = 'KeyNotInListError';
  constructor() {
    super('keys.not_in_list', 'That key is no longer in the list. Refresh to see the current keys.');
  }
}
