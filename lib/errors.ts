/**
 * The words for every error code, and AppError, the error the background throws. Every failure a
 * person can meet is an AppError with a code from ERROR_CODES (`domain.reason`), a short message
 * (what happened) and a hint (what to do), as viem's errors have `shortMessage` and `details`.
 * An error whose message must name something (a field, a host, a number of seconds) brings its
 * own short message and keeps the table's hint. test/unit/errors.test.ts pins the whole table
 * with an inline snapshot, so a change of wording shows up as a diff in review. Messages never
 * contain secrets.
 *
 * The pages import lib/error-shape.ts instead, to keep the list and the words out of their
 * first paint.
 */
import { type ErrorCode, UNKNOWN_TEXT } from './error-codes';
import { CodedError, type ErrorText, INTERNAL_TEXT, joinText, UNREACHABLE_TEXT } from './error-shape';

export * from './error-codes';
export * from './error-message';
export * from './error-shape';

/** The words for every code. An error that names specifics brings its own message, keeps the hint. */
export const ERROR_TEXT: Record<ErrorCode, ErrorText> = {
  'extension.internal': INTERNAL_TEXT,
  'extension.unknown': UNKNOWN_TEXT,
  'extension.dev_only': { message: 'Only the development build does this.', hint: '' },
  'messaging.bad_request': { message: 'Not a request this extension understands.', hint: '' },
  'messaging.forbidden': {
    message: 'Refused: only this extension’s own pages may ask for this.',
    hint: '',
  },
  'messaging.unknown_method': { message: 'Unknown request.', hint: '' },
  'messaging.background_unreachable': UNREACHABLE_TEXT,
  'messaging.invalid_input': { message: 'The request is not valid.', hint: 'Check the form and try again.' },
  'vault.locked': { message: 'The vault is locked.', hint: 'Unlock it with your passphrase first.' },
  'vault.missing': { message: 'There is no vault yet.', hint: 'Create one on the options page first.' },
  'vault.exists': {
    message: 'A vault already exists in this browser.',
    hint: 'Reset it first if you want to start over.',
  },
  // The vault issue asks for exactly these two words and nothing more.
  'vault.wrong_passphrase': { message: 'Wrong passphrase', hint: '' },
  'vault.damaged': {
    message: 'The vault data is damaged.',
    hint: 'Nothing was changed. You can restore a backup with “Import backup”, or reset the vault.',
  },
  'vault.weak_passphrase': { message: 'That passphrase is too weak.', hint: '' },
  'vault.key_not_found': { message: 'That key is no longer in the vault.', hint: '' },
  'vault.duplicate_key': { message: 'This key is already in the vault.', hint: '' },
  'vault.invalid_key': {
    message: 'Venice does not accept this key: it is invalid, expired or revoked.',
    hint: '',
  },
  'vault.key_unverifiable': {
    message: 'Venice could not be asked about this key.',
    hint: 'The key could not be verified. You can still save it, marked unverified.',
  },
  'vault.invalid_label': { message: 'The label is not valid.', hint: '' },
  'vault.bad_backup': {
    message: 'This backup file cannot be restored.',
    hint: 'Your current vault was not changed.',
  },
  'vault.confirmation_mismatch': {
    message: 'The confirmation does not match.',
    hint: 'Nothing was deleted.',
  },
  'settings.invalid_url': { message: 'That address is not a valid URL.', hint: '' },
  'settings.endpoint_not_allowed': {
    message: 'This extension may not talk to that address.',
    hint: '',
  },
  'settings.not_admin_key': {
    message: 'The management key must be an ADMIN key: INFERENCE keys cannot list, create or revoke keys.',
    hint: '',
  },
  'settings.permission_not_granted': {
    message: 'The browser did not grant access to that address.',
    hint: 'Nothing was changed.',
  },
  'keys.no_management_key': {
    message: 'No ADMIN key is chosen for managing keys.',
    hint: 'Add one to the vault and choose it on the options page.',
  },
  'keys.invalid_settings': { message: 'The key settings are not valid.', hint: '' },
  'keys.create_interrupted': {
    message: 'The extension was interrupted while creating this key.',
    hint: 'Check the list: if the key appears, revoke it (its secret was never received) and create a new one.',
  },
  'keys.create_unclear': {
    message: 'Venice’s answer to the create did not arrive whole.',
    hint: 'Venice may have made the key anyway, without its secret reaching this extension: check the list, and if the new key is there, revoke it before creating another.',
  },
  'keys.secret_not_storable': { message: 'Venice sent a secret the vault cannot store.', hint: '' },
  'keys.rotation_not_found': {
    message: 'This rotation is no longer known.',
    hint: 'Check the key list.',
  },
  'keys.rotation_step': { message: 'The rotation cannot take this step now.', hint: '' },
  'keys.rotation_uncopiable': {
    message:
      'Rotate cannot copy this key’s settings: the replacement would allow more than the key it replaces.',
    hint: 'Create the replacement with “New key” in the popup, with the settings you want, then revoke this key.',
  },
  'keys.management_not_verified': {
    message: 'The old key is the key this extension manages your keys with.',
    hint: 'Check the new ADMIN key first (“Verify and switch”), so the old one is revoked only once the new one works.',
  },
  'venice.no_credentials': {
    message: 'No API key was sent to Venice.',
    hint: 'Add a key (or unlock the vault) and try again.',
  },
  'venice.auth_failed': {
    message: 'Venice did not accept this API key: it is invalid, expired or revoked.',
    hint: '',
  },
  'venice.admin_required': {
    message: 'This is an INFERENCE key.',
    hint: 'Managing keys, the breach log and billing need an ADMIN key.',
  },
  'venice.validation': { message: 'Venice rejected the request.', hint: '' },
  'venice.web3_rejected': { message: 'Venice refused the wallet mint.', hint: '' },
  'venice.not_found': {
    message: 'Venice has no such API key: it may have been revoked or have expired.',
    hint: '',
  },
  'venice.key_limit': {
    message: 'Your Venice account has reached its limit of 500 active API keys.',
    hint: 'Revoke keys you no longer use, then try again.',
  },
  'venice.rate_limited': {
    message: 'Venice is limiting how fast these requests may be made.',
    hint: 'Try again in a moment.',
  },
  'venice.forbidden': { message: 'Venice refused this request (403).', hint: '' },
  'venice.insufficient_balance': {
    message: 'The Venice account has too little USD or DIEM balance for this request.',
    hint: 'Add credits at venice.ai.',
  },
  'venice.server_error': { message: 'Venice had a problem answering.', hint: 'Try again in a moment.' },
  'venice.gone': {
    message: 'Venice no longer offers this feature (HTTP 410).',
    hint: 'The extension needs an update.',
  },
  'venice.http_error': { message: 'Venice answered with an unexpected HTTP status.', hint: '' },
  'venice.network': {
    message: 'Could not reach Venice.',
    hint: 'Check your internet connection and try again.',
  },
  'venice.timeout': { message: 'Venice did not answer in time.', hint: 'Try again in a moment.' },
  'venice.malformed_response': { message: 'Venice sent a response that is not valid JSON.', hint: '' },
  'venice.unexpected_response': {
    message: 'Venice sent a response that this extension does not understand.',
    hint: '',
  },
  'venice.invalid_input': { message: 'The request is not valid.', hint: '' },
  'venice.config': { message: 'The Venice API address cannot be used.', hint: '' },
  'usage.cursor_expired': {
    message: 'Venice no longer accepts this page cursor.',
    hint: 'The export restarts its walk from the first page.',
  },
  'leaks.scan_refused': {
    message:
      'This page cannot be scanned: the browser keeps its own pages, the extension store and other extensions’ pages off limits.',
    hint: 'Open the page you want to check, then open this popup on it and try again.',
  },
  'leaks.scan_failed': {
    message: 'The page could not be read (it may still be loading).',
    hint: 'Try again once it has loaded.',
  },
  'leaks.ticket_gone': {
    message: 'This check was already shown, or is too old.',
    hint: 'Select the text again and choose “Check this Venice key”.',
  },
  'apps.invalid_site': { message: 'That is not a site a key can be kept for.', hint: '' },
  'apps.no_address': { message: 'This page has no address a key could be kept for.', hint: '' },
  'apps.insecure_page': { message: 'Keys are only filled into pages served over HTTPS.', hint: '' },
  'apps.not_a_web_page': { message: 'Keys are only filled into web pages.', hint: '' },
  'apps.no_access': { message: 'The extension could not reach this page’s field.', hint: '' },
  'apps.no_tab': { message: 'There is no tab to fill.', hint: '' },
  'apps.no_field': { message: 'No text field is focused on the page.', hint: '' },
  'apps.not_a_text_field': { message: 'The focused element is not a text field.', hint: '' },
  'apps.fill_refused': { message: 'The field did not take the key.', hint: '' },
  'apps.fill_failed': { message: 'The field could not be written.', hint: '' },
  'apps.request_gone': {
    message: 'This fill request is no longer open.',
    hint: 'Use “Fill a new Venice key” on the field again.',
  },
  'apps.tab_gone': {
    message: 'The tab was closed, so no key was made.',
    hint: 'Nothing changed.',
  },
  'apps.tab_moved': {
    message: 'The tab is no longer on the same site, so no key was made.',
    hint: 'Open the app again and use Fill there.',
  },
  'apps.reuse_gone': {
    message: 'That key is no longer live for this site (revoked, expired or not in the vault).',
    hint: '',
  },
  'apps.admin_refused': { message: 'Only INFERENCE keys are filled into pages.', hint: '' },
  'wallet.request_failed': { message: 'The wallet request failed.', hint: '' },
  'mint.window_failed': { message: 'Could not open the wallet window.', hint: '' },
  'mint.wrong_step': {
    message: 'The mint cannot take this step now.',
    hint: 'Reopen the wallet window to see where it stands.',
  },
  'mint.settings_invalid': { message: 'The key settings are not valid.', hint: '' },
  'mint.transport_unsupported': { message: 'This wallet connection cannot do that.', hint: '' },
  'mint.request_mismatch': { message: 'That wallet reply belongs to another request.', hint: '' },
  'mint.no_wallet': {
    message: 'No wallet was found.',
    hint: 'Install or enable a browser wallet (MetaMask, Rabby, Coinbase Wallet…) and try again.',
  },
  'mint.metamask_missing': {
    message: 'MetaMask was not found in this browser.',
    hint: 'Install MetaMask, or use “A wallet on the Venice site” instead.',
  },
  'mint.wallet_unavailable': {
    message: 'The wallet could not be reached.',
    hint: 'Make sure it is installed, enabled and unlocked, then try again.',
  },
  'mint.site_unavailable': {
    message: 'The Venice site could not be used for the wallet.',
    hint: 'Try again.',
  },
  'mint.connect_rejected': {
    message: 'The wallet declined to connect.',
    hint: 'Try again and approve the connection in the wallet, or choose another wallet.',
  },
  'mint.sign_rejected': {
    message: 'The wallet declined to sign. Nothing was sent to Venice.',
    hint: 'Try again and approve the signature to mint the key.',
  },
  'mint.account_switched': {
    message: 'Your wallet switched to a different account (or locked) during the mint.',
    hint: 'Connect again with the account you want the key for.',
  },
  'mint.signature_mismatch': {
    message: 'The signature does not belong to the connected address, so it was not sent to Venice.',
    hint: 'Make sure the wallet signs with the account you connected, then try again.',
  },
  'mint.token_expired': {
    message: 'The token expired before it was used, so it was not sent.',
    hint: 'Get a fresh token and sign again (you have 15 minutes).',
  },
  'mint.no_stake': {
    message: 'This wallet has no staked VVV on Base.',
    hint: 'Stake VVV on Base with this wallet, then try again.',
  },
  'mint.rpc_down': {
    message: 'Could not read your staked VVV on Base.',
    hint: 'Try again, change the Base RPC URL in the options, or skip the check.',
  },
  'mint.venice_rejected': {
    message: 'Venice refused the wallet mint.',
    hint: 'Change the key’s settings and try again.',
  },
  'mint.network': { message: 'Could not reach Venice.', hint: 'Try again in a moment.' },
  'mint.rate_limited': {
    message: 'Venice is limiting how fast keys may be made.',
    hint: 'Try again in a moment.',
  },
  'mint.key_limit': {
    message: 'Your Venice account has reached its limit of 500 active API keys.',
    hint: 'Revoke keys you no longer use, then try again.',
  },
  'mint.interrupted': {
    message: 'The extension was interrupted while minting the key.',
    hint: 'Check your Venice account for the key, then try again.',
  },
  'mint.token_refused': {
    message: 'Venice did not hand out a token to sign.',
    hint: 'Try again in a moment.',
  },
  'mint.internal': {
    message: 'Something went wrong inside the extension during the mint.',
    hint: 'Try again.',
  },
};

export interface AppErrorOptions {
  /** What to do; defaults to the code's hint in ERROR_TEXT ('' for none). */
  hint?: string;
  cause?: unknown;
  /** Whether trying the same thing again may succeed (network, 5xx, 429…). */
  retryable?: boolean;
}

/**
 * The one error shape that crosses the message boundary. `shortMessage` says what happened,
 * `hint` what to do; `message` is both, as a person reads them.
 */
export class AppError extends CodedError {
  override name = 'AppError';
  constructor(code: ErrorCode, shortMessage?: string, options: AppErrorOptions = {}) {
    const text = ERROR_TEXT[code];
    const hint = options.hint ?? text.hint;
    super(code, joinText(shortMessage ?? text.message, hint), hint, options);
  }

  /** What happened, without the hint (viem's `shortMessage`). */
  get shortMessage(): string {
    return this.hint ? this.message.slice(0, -this.hint.length - 1) : this.message;
  }
}
