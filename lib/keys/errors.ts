import { AppError } from '@/lib/errors';

/** Failures of key management that are not Venice's own (those are in lib/venice/errors.ts). */

export class NoManagementKeyError extends AppError {
  override name = 'NoManagementKeyError';
  constructor() {
    super('keys.no_management_key');
  }
}

/** The chosen key is an INFERENCE key; Venice answers "Admin API key required" to these calls. */
export class ManagementKeyNotAdminError extends AppError {
  override name = 'ManagementKeyNotAdminError';
  constructor() {
    super(
      'venice.admin_required',
      'Admin API key required: the key chosen for managing keys is an INFERENCE key.',
      { hint: 'Choose an ADMIN key on the options page.' },
    );
  }
}

/**
 * Venice's 401 to a call made with the management key: said as that key's failure, with where to
 * fix it. Venice's own words ("this API key") read, in a window about another key (a leaked key's
 * revoke, a fill), as if that key were the one refused. Same code, so the UI's checks hold.
 */
export class ManagementKeyRejectedError extends AppError {
  override name = 'ManagementKeyRejectedError';
  constructor(cause: unknown) {
    super(
      'venice.auth_failed',
      'Venice did not accept the ADMIN key this extension manages keys with: it is invalid, expired or revoked.',
      { hint: 'Choose or add a working ADMIN key on the options page.', cause },
    );
  }
}

/**
 * A create whose answer was lost or broken (a 5xx, a dropped connection, a timeout, a body that
 * cannot be read): Venice may have made the key, and its secret is gone. Said as such, with what
 * Venice's answer was, so that a retry does not quietly leave a second, secretless key behind.
 */
export class CreateUnclearError extends AppError {
  override name = 'CreateUnclearError';
  constructor(cause: AppError) {
    super('keys.create_unclear', cause.shortMessage, { cause, retryable: true });
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

/**
 * The background stopped while a create was waiting for Venice: we cannot tell whether Venice
 * made the key, and its secret (if any) was never seen. The list is refreshed to find out.
 */
export class CreateInterruptedError extends AppError {
  override name = 'CreateInterruptedError';
  constructor() {
    super('keys.create_interrupted');
  }
}
