/**
 * The error vocabulary: every code (`domain.reason`) as one `ErrorCode` union, the old spellings,
 * and the tolerant reader for codes that come from storage or another sender. Because
 * `ErrorCode` is a union, a comparison against a code that does not exist fails the typecheck
 * instead of never matching. Codes are stored (rotation records, the key cache, the mint flow),
 * so a reader meets codes written by older versions: `readErrorCode` maps the old spellings
 * (LEGACY_ERROR_CODES) and turns anything else into `extension.unknown`, shown in generic words.
 *
 * lib/error-shape.ts is what the pages load first (no list, no words); lib/errors.ts adds the
 * words for every code and AppError, for the background. The pages load this file only when a
 * background answer is an error (lib/messaging/client.ts).
 */
import { INTERNAL_TEXT, joinText, type SerializedError } from './error-shape';
import { MINT_FAILURE_CODES } from './wallet/failure-codes';

export const ERROR_CODES = [
  // This extension itself.
  'extension.internal',
  'extension.unknown',
  'extension.dev_only',
  // The message channel between the pages and the background.
  'messaging.bad_request',
  'messaging.forbidden',
  'messaging.unknown_method',
  'messaging.invalid_input',
  'messaging.background_unreachable',
  // The vault.
  'vault.locked',
  'vault.missing',
  'vault.exists',
  'vault.wrong_passphrase',
  'vault.damaged',
  'vault.weak_passphrase',
  'vault.key_not_found',
  'vault.duplicate_key',
  'vault.invalid_key',
  'vault.key_unverifiable',
  'vault.invalid_label',
  'vault.bad_backup',
  'vault.confirmation_mismatch',
  // Settings.
  'settings.invalid_url',
  'settings.endpoint_not_allowed',
  'settings.not_admin_key',
  'settings.permission_not_granted',
  // Key management that is not Venice's own answer.
  'keys.no_management_key',
  'keys.invalid_settings',
  'keys.create_interrupted',
  'keys.create_unclear',
  'keys.secret_not_storable',
  'keys.rotation_not_found',
  'keys.rotation_step',
  'keys.rotation_uncopiable',
  'keys.management_not_verified',
  // Venice's answers (lib/venice/errors.ts).
  'venice.no_credentials',
  'venice.auth_failed',
  'venice.admin_required',
  'venice.validation',
  'venice.web3_rejected',
  'venice.not_found',
  'venice.key_limit',
  'venice.rate_limited',
  'venice.forbidden',
  'venice.insufficient_balance',
  'venice.server_error',
  'venice.gone',
  'venice.http_error',
  'venice.network',
  'venice.timeout',
  'venice.malformed_response',
  'venice.unexpected_response',
  'venice.invalid_input',
  'venice.config',
  // Usage history.
  'usage.cursor_expired',
  // Leak checks.
  'leaks.scan_refused',
  'leaks.scan_failed',
  'leaks.ticket_gone',
  // Per-app keys ("Fill a new Venice key").
  'apps.invalid_site',
  'apps.no_address',
  'apps.insecure_page',
  'apps.not_a_web_page',
  'apps.no_access',
  'apps.no_tab',
  'apps.no_field',
  'apps.not_a_text_field',
  'apps.fill_refused',
  'apps.fill_failed',
  'apps.request_gone',
  'apps.tab_gone',
  'apps.tab_moved',
  'apps.reuse_gone',
  'apps.admin_refused',
  // The wallet window's requests.
  'wallet.request_failed',
  'mint.window_failed',
  'mint.wrong_step',
  'mint.settings_invalid',
  'mint.transport_unsupported',
  'mint.request_mismatch',
  // Every way a mint can stop (the stored flow's failure codes).
  ...MINT_FAILURE_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * How codes were spelled before they were namespaced. Stored records and older senders may still
 * carry these; readers map them through here (see `readErrorCode`). Never remove a line.
 */
export const LEGACY_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  internal: 'extension.internal',
  dev_only: 'extension.dev_only',
  bad_request: 'messaging.bad_request',
  forbidden: 'messaging.forbidden',
  unknown_method: 'messaging.unknown_method',
  invalid_input: 'messaging.invalid_input',
  background_unreachable: 'messaging.background_unreachable',
  vault_locked: 'vault.locked',
  vault_missing: 'vault.missing',
  vault_exists: 'vault.exists',
  wrong_passphrase: 'vault.wrong_passphrase',
  vault_damaged: 'vault.damaged',
  weak_passphrase: 'vault.weak_passphrase',
  vault_key_not_found: 'vault.key_not_found',
  vault_duplicate_key: 'vault.duplicate_key',
  invalid_key: 'vault.invalid_key',
  key_unverifiable: 'vault.key_unverifiable',
  invalid_label: 'vault.invalid_label',
  bad_backup: 'vault.bad_backup',
  confirmation_mismatch: 'vault.confirmation_mismatch',
  invalid_url: 'settings.invalid_url',
  endpoint_not_allowed: 'settings.endpoint_not_allowed',
  not_admin_key: 'settings.not_admin_key',
  secret_not_storable: 'keys.secret_not_storable',
  leak_scan_refused: 'leaks.scan_refused',
  leak_scan_failed: 'leaks.scan_failed',
  leak_ticket_gone: 'leaks.ticket_gone',
  wallet_request_failed: 'wallet.request_failed',
  mint_window: 'mint.window_failed',
  mint_wrong_step: 'mint.wrong_step',
  mint_settings_invalid: 'mint.settings_invalid',
  mint_transport_unsupported: 'mint.transport_unsupported',
  mint_request_mismatch: 'mint.request_mismatch',
  // The mint flow's failure codes, as stored in `mint.flow` before they were namespaced.
  no_wallet: 'mint.no_wallet',
  metamask_missing: 'mint.metamask_missing',
  wallet_unavailable: 'mint.wallet_unavailable',
  site_unavailable: 'mint.site_unavailable',
  connect_rejected: 'mint.connect_rejected',
  sign_rejected: 'mint.sign_rejected',
  account_switched: 'mint.account_switched',
  signature_mismatch: 'mint.signature_mismatch',
  token_expired: 'mint.token_expired',
  no_stake: 'mint.no_stake',
  rpc_down: 'mint.rpc_down',
  venice_rejected: 'mint.venice_rejected',
  network: 'mint.network',
  rate_limited: 'mint.rate_limited',
  key_limit: 'mint.key_limit',
  mint_interrupted: 'mint.interrupted',
  token_refused: 'mint.token_refused',
};

/** The words for a code this version does not know (lib/errors.ts lists them with the rest). */
export const UNKNOWN_TEXT = {
  message: 'Something went wrong that this version of the extension does not recognise.',
  hint: 'Try again; if it keeps happening, update the extension.',
} as const;

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}

/** A code as read from storage or another sender: current, mapped from its old spelling, or `extension.unknown`. */
export function readErrorCode(raw: unknown): ErrorCode {
  if (isErrorCode(raw)) return raw;
  if (typeof raw === 'string' && Object.hasOwn(LEGACY_ERROR_CODES, raw))
    return LEGACY_ERROR_CODES[raw] as ErrorCode;
  return 'extension.unknown';
}

/**
 * A serialized error as received or stored, which may come from an older version (old code
 * spellings, no hint) or be damaged. An unknown code reads as `extension.unknown` with the
 * generic words: its own message was written for a vocabulary this version does not have.
 */
export function readSerializedError(raw: unknown): SerializedError {
  const e = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const code = readErrorCode(e.code);
  let out: SerializedError;
  if (code === 'extension.unknown') {
    const { message, hint } = UNKNOWN_TEXT;
    const named = typeof e.code === 'string' && e.code ? ` (“${e.code.slice(0, 60)}”)` : '';
    out = { code, message: joinText(`${message.slice(0, -1)}${named}.`, hint), hint };
  } else if (typeof e.message === 'string' && e.message) {
    out = { code, message: e.message };
    if (typeof e.hint === 'string' && e.hint && e.message.endsWith(e.hint)) out.hint = e.hint;
  } else out = { code, message: INTERNAL_TEXT.message };
  if (e.retryable === true) out.retryable = true;
  if (typeof e.retryAfterSeconds === 'number' && Number.isFinite(e.retryAfterSeconds))
    out.retryAfterSeconds = e.retryAfterSeconds;
  return out;
}
