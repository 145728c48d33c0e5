import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  AppError,
  ERROR_CODES,
  ERROR_TEXT,
  type ErrorCode,
  errorCode,
  errorText,
  LEGACY_ERROR_CODES,
  readErrorCode,
  readSerializedError,
  serializeError,
} from '@/lib/errors';
import { call, RemoteError } from '@/lib/messaging/client';
import { MINT_FAILURE_CODES, readMintFailureCode } from '@/lib/wallet/flow';

describe('the error vocabulary', () => {
  it('every code is `domain.reason`, listed once, with words of its own', () => {
    expect(ERROR_CODES.filter((c) => !/^[a-z]+\.[a-z0-9_]+$/.test(c))).toEqual([]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const { message, hint } = ERROR_TEXT[code];
      expect(message, code).toMatch(/^\S.*\S$/s);
      // A hint is a sentence of its own, so message and hint read as two sentences.
      if (hint) expect(`${code}: ${hint}`).toMatch(/: [A-Z“].*[.)]$/s);
    }
  });

  it('every mint failure code is in the vocabulary', () => {
    expect(MINT_FAILURE_CODES.filter((c) => !(ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
  });

  it('each old spelling maps to a code that exists, and no old spelling is a current code', () => {
    for (const [old, code] of Object.entries(LEGACY_ERROR_CODES)) {
      expect(ERROR_CODES, old).toContain(code);
      expect(ERROR_CODES, old).not.toContain(old);
    }
  });

  it('the words for every code (a change of wording shows here as a diff)', () => {
    const table = ERROR_CODES.map((code) => {
      const { message, hint } = ERROR_TEXT[code];
      return `${code}: ${message}${hint ? ` | ${hint}` : ''}`;
    });
    expect(table).toMatchInlineSnapshot(`
      [
        "extension.internal: Something went wrong inside the extension. | Please try again.",
        "extension.unknown: Something went wrong that this version of the extension does not recognise. | Try again; if it keeps happening, update the extension.",
        "extension.dev_only: Only the development build does this.",
        "messaging.bad_request: Not a request this extension understands.",
        "messaging.forbidden: Refused: only this extension’s own pages may ask for this.",
        "messaging.unknown_method: Unknown request.",
        "messaging.invalid_input: The request is not valid. | Check the form and try again.",
        "messaging.background_unreachable: The extension’s background did not answer. | Try again.",
        "vault.locked: The vault is locked. | Unlock it with your passphrase first.",
        "vault.missing: There is no vault yet. | Create one on the options page first.",
        "vault.exists: A vault already exists in this browser. | Reset it first if you want to start over.",
        "vault.wrong_passphrase: Wrong passphrase",
        "vault.damaged: The vault data is damaged. | Nothing was changed. You can restore a backup with “Import backup”, or reset the vault.",
        "vault.weak_passphrase: That passphrase is too weak.",
        "vault.key_not_found: That key is no longer in the vault.",
        "vault.duplicate_key: This key is already in the vault.",
        "vault.invalid_key: Venice does not accept this key: it is invalid, expired or revoked.",
        "vault.key_unverifiable: Venice could not be asked about this key. | The key could not be verified. You can still save it, marked unverified.",
        "vault.invalid_label: The label is not valid.",
        "vault.bad_backup: This backup file cannot be restored. | Your current vault was not changed.",
        "vault.confirmation_mismatch: The confirmation does not match. | Nothing was deleted.",
        "settings.invalid_url: That address is not a valid URL.",
        "settings.endpoint_not_allowed: This extension may not talk to that address.",
        "settings.not_admin_key: The management key must be an ADMIN key: INFERENCE keys cannot list, create or revoke keys.",
        "settings.permission_not_granted: The browser did not grant access to that address. | Nothing was changed.",
        "keys.no_management_key: No ADMIN key is chosen for managing keys. | Add one to the vault and choose it on the options page.",
        "keys.invalid_settings: The key settings are not valid.",
        "keys.create_interrupted: The extension was interrupted while creating this key. | Check the list: if the key appears, revoke it (its secret was never received) and create a new one.",
        "keys.create_unclear: Venice’s answer to the create did not arrive whole. | Venice may have made the key anyway, without its secret reaching this extension: check the list, and if the new key is there, revoke it before creating another.",
        "keys.secret_not_storable: Venice sent a secret the vault cannot store.",
        "keys.rotation_not_found: This rotation is no longer known. | Check the key list.",
        "keys.rotation_step: The rotation cannot take this step now.",
        "keys.rotation_uncopiable: Rotate cannot copy this key’s settings: the replacement would allow more than the key it replaces. | Create the replacement with “New key” in the popup, with the settings you want, then revoke this key.",
        "keys.management_not_verified: The old key is the key this extension manages your keys with. | Check the new ADMIN key first (“Verify and switch”), so the old one is revoked only once the new one works.",
        "venice.no_credentials: No API key was sent to Venice. | Add a key (or unlock the vault) and try again.",
        "venice.auth_failed: Venice did not accept this API key: it is invalid, expired or revoked.",
        "venice.admin_required: This is an INFERENCE key. | Managing keys, the breach log and billing need an ADMIN key.",
        "venice.validation: Venice rejected the request.",
        "venice.web3_rejected: Venice refused the wallet mint.",
        "venice.not_found: Venice has no such API key: it may have been revoked or have expired.",
        "venice.key_limit: Your Venice account has reached its limit of 500 active API keys. | Revoke keys you no longer use, then try again.",
        "venice.rate_limited: Venice is limiting how fast these requests may be made. | Try again in a moment.",
        "venice.forbidden: Venice refused this request (403).",
        "venice.insufficient_balance: The Venice account has too little USD or DIEM balance for this request. | Add credits at venice.ai.",
        "venice.server_error: Venice had a problem answering. | Try again in a moment.",
        "venice.gone: Venice no longer offers this feature (HTTP 410). | The extension needs an update.",
        "venice.http_error: Venice answered with an unexpected HTTP status.",
        "venice.network: Could not reach Venice. | Check your internet connection and try again.",
        "venice.timeout: Venice did not answer in time. | Try again in a moment.",
        "venice.malformed_response: Venice sent a response that is not valid JSON.",
        "venice.unexpected_response: Venice sent a response that this extension does not understand.",
        "venice.invalid_input: The request is not valid.",
        "venice.config: The Venice API address cannot be used.",
        "usage.cursor_expired: Venice no longer accepts this page cursor. | The export restarts its walk from the first page.",
        "leaks.scan_refused: This page cannot be scanned: the browser keeps its own pages, the extension store and other extensions’ pages off limits. | Open the page you want to check, then open this popup on it and try again.",
        "leaks.scan_failed: The page could not be read (it may still be loading). | Try again once it has loaded.",
        "leaks.ticket_gone: This check was already shown, or is too old. | Select the text again and choose “Check this Venice key”.",
        "apps.invalid_site: That is not a site a key can be kept for.",
        "apps.no_address: This page has no address a key could be kept for.",
        "apps.insecure_page: Keys are only filled into pages served over HTTPS.",
        "apps.not_a_web_page: Keys are only filled into web pages.",
        "apps.no_access: The extension could not reach this page’s field.",
        "apps.no_tab: There is no tab to fill.",
        "apps.no_field: No text field is focused on the page.",
        "apps.not_a_text_field: The focused element is not a text field.",
        "apps.fill_refused: The field did not take the key.",
        "apps.fill_failed: The field could not be written.",
        "apps.request_gone: This fill request is no longer open. | Use “Fill a new Venice key” on the field again.",
        "apps.tab_gone: The tab was closed, so no key was made. | Nothing changed.",
        "apps.tab_moved: The tab is no longer on the same site, so no key was made. | Open the app again and use Fill there.",
        "apps.reuse_gone: That key is no longer live for this site (revoked, expired or not in the vault).",
        "apps.admin_refused: Only INFERENCE keys are filled into pages.",
        "wallet.request_failed: The wallet request failed.",
        "mint.window_failed: Could not open the wallet window.",
        "mint.wrong_step: The mint cannot take this step now. | Reopen the wallet window to see where it stands.",
        "mint.settings_invalid: The key settings are not valid.",
        "mint.transport_unsupported: This wallet connection cannot do that.",
        "mint.request_mismatch: That wallet reply belongs to another request.",
        "mint.no_wallet: No wallet was found. | Install or enable a browser wallet (MetaMask, Rabby, Coinbase Wallet…) and try again.",
        "mint.metamask_missing: MetaMask was not found in this browser. | Install MetaMask, or use “A wallet on the Venice site” instead.",
        "mint.wallet_unavailable: The wallet could not be reached. | Make sure it is installed, enabled and unlocked, then try again.",
        "mint.site_unavailable: The Venice site could not be used for the wallet. | Try again.",
        "mint.connect_rejected: The wallet declined to connect. | Try again and approve the connection in the wallet, or choose another wallet.",
        "mint.sign_rejected: The wallet declined to sign. Nothing was sent to Venice. | Try again and approve the signature to mint the key.",
        "mint.account_switched: Your wallet switched to a different account (or locked) during the mint. | Connect again with the account you want the key for.",
        "mint.signature_mismatch: The signature does not belong to the connected address, so it was not sent to Venice. | Make sure the wallet signs with the account you connected, then try again.",
        "mint.token_expired: The token expired before it was used, so it was not sent. | Get a fresh token and sign again (you have 15 minutes).",
        "mint.no_stake: This wallet has no staked VVV on Base. | Stake VVV on Base with this wallet, then try again.",
        "mint.rpc_down: Could not read your staked VVV on Base. | Try again, change the Base RPC URL in the options, or skip the check.",
        "mint.venice_rejected: Venice refused the wallet mint. | Change the key’s settings and try again.",
        "mint.network: Could not reach Venice. | Try again in a moment.",
        "mint.rate_limited: Venice is limiting how fast keys may be made. | Try again in a moment.",
        "mint.key_limit: Your Venice account has reached its limit of 500 active API keys. | Revoke keys you no longer use, then try again.",
        "mint.interrupted: The extension was interrupted while minting the key. | Check your Venice account for the key, then try again.",
        "mint.token_refused: Venice did not hand out a token to sign. | Try again in a moment.",
        "mint.internal: Something went wrong inside the extension during the mint. | Try again.",
      ]
    `);
  });
});

describe('reading codes written by other versions', () => {
  it.each([
    ['vault_locked', 'vault.locked'],
    ['wrong_passphrase', 'vault.wrong_passphrase'],
    ['invalid_url', 'settings.invalid_url'],
    ['endpoint_not_allowed', 'settings.endpoint_not_allowed'],
    ['background_unreachable', 'messaging.background_unreachable'],
    ['internal', 'extension.internal'],
    ['no_stake', 'mint.no_stake'],
    ['mint_interrupted', 'mint.interrupted'],
    ['venice.auth_failed', 'venice.auth_failed'],
    ['keys.no_management_key', 'keys.no_management_key'],
  ] as const)('%s reads as %s', (raw, code) => {
    expect(readErrorCode(raw)).toBe(code);
  });

  it.each([['venice.brand_new'], ['toString'], ['__proto__'], [''], [42], [null], [undefined]])(
    'an unknown code (%s) reads as extension.unknown',
    (raw) => {
      expect(readErrorCode(raw)).toBe('extension.unknown');
    },
  );

  it('a mint failure code of any version reads as a mint failure code', () => {
    expect(readMintFailureCode('no_stake')).toBe('mint.no_stake');
    expect(readMintFailureCode('mint.rpc_down')).toBe('mint.rpc_down');
    expect(readMintFailureCode('internal')).toBe('mint.internal');
    // A code of the vocabulary that is not a way a mint stops, and a code no version wrote.
    expect(readMintFailureCode('vault.locked')).toBe('mint.internal');
    expect(readMintFailureCode('mint.from_the_future')).toBe('mint.internal');
  });
});

describe('AppError', () => {
  it('takes its words from the table when it brings none', () => {
    const err = new AppError('vault.locked');
    expect(err.shortMessage).toBe('The vault is locked.');
    expect(err.hint).toBe('Unlock it with your passphrase first.');
    expect(err.message).toBe('The vault is locked. Unlock it with your passphrase first.');
  });

  it('keeps the table’s hint after its own message, unless it brings its own (or none)', () => {
    expect(new AppError('vault.bad_backup', 'This file is not JSON.').message).toBe(
      'This file is not JSON. Your current vault was not changed.',
    );
    expect(new AppError('vault.locked', 'Locked.', { hint: 'Unlock.' }).message).toBe('Locked. Unlock.');
    expect(new AppError('vault.locked', 'Locked.', { hint: '' }).message).toBe('Locked.');
  });
});

describe('serialized errors', () => {
  it('carry the whole text and the hint apart', () => {
    expect(serializeError(new AppError('keys.no_management_key'))).toEqual({
      code: 'keys.no_management_key',
      message:
        'No ADMIN key is chosen for managing keys. Add one to the vault and choose it on the options page.',
      hint: 'Add one to the vault and choose it on the options page.',
    });
  });

  it('never repeat an unexpected error’s own text', () => {
    const leaked = new Error('VENICE_ADMIN_KEY_synthetic0secret');
    expect(serializeError(leaked)).toEqual({
      code: 'extension.internal',
      message: 'Something went wrong inside the extension. Please try again.',
      hint: 'Please try again.',
    });
    expect(JSON.stringify(serializeError(leaked))).not.toContain('VENICE_');
  });

  it('an older record (old code, whole text, no hint) reads in today’s vocabulary, its words kept', () => {
    expect(
      readSerializedError({ code: 'vault_locked', message: 'The vault is locked. Unlock it first.' }),
    ).toEqual({ code: 'vault.locked', message: 'The vault is locked. Unlock it first.' });
  });

  it('a code this version does not know is shown in generic words naming it, never its own text', () => {
    const read = readSerializedError({
      code: 'billing.card_declined',
      message: 'Your card <b>was</b> declined',
    });
    expect(read.code).toBe('extension.unknown');
    expect(read.message).toBe(
      'Something went wrong that this version of the extension does not recognise (“billing.card_declined”). Try again; if it keeps happening, update the extension.',
    );
  });

  it('damaged answers read as an unknown error (or without words, generic ones), without a throw', () => {
    for (const raw of [null, undefined, 'text', 42, [], { code: 7 }, { message: 'x' }])
      expect(readSerializedError(raw).code).toBe('extension.unknown');
    expect(readSerializedError({ code: 'vault.locked' })).toEqual({
      code: 'vault.locked',
      message: 'Something went wrong inside the extension.',
    });
  });

  it('keep retry details, and drop a hint that is not the end of the message', () => {
    expect(
      readSerializedError({
        code: 'venice.rate_limited',
        message: 'Slow down. Try again in 3 seconds.',
        hint: 'Try again in 3 seconds.',
        retryable: true,
        retryAfterSeconds: 3,
      }),
    ).toEqual({
      code: 'venice.rate_limited',
      message: 'Slow down. Try again in 3 seconds.',
      hint: 'Try again in 3 seconds.',
      retryable: true,
      retryAfterSeconds: 3,
    });
    expect(readSerializedError({ code: 'vault.locked', message: 'Locked.', hint: 'Elsewhere.' })).toEqual({
      code: 'vault.locked',
      message: 'Locked.',
    });
  });
});

describe('a background answer as the page sees it (call → RemoteError)', () => {
  beforeEach(() => fakeBrowser.reset());
  const answer = (error: unknown) =>
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: false, error } as never);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (err: unknown) => err as RemoteError,
    );

  it('rebuilds the short message and the hint', async () => {
    answer(serializeError(new AppError('vault.missing')));
    const err = await failure(call('vault.status'));
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.code).toBe('vault.missing');
    expect(err.hint).toBe('Create one on the options page first.');
    expect(errorText(err)).toBe('There is no vault yet. Create one on the options page first.');
  });

  it('an answer with a code this page does not know still shows, as sent (page and background are one build)', async () => {
    answer({ code: 'quantum.flux', message: 'Flux!' });
    const err = await failure(call('vault.status'));
    expect(err).toBeInstanceOf(RemoteError);
    expect(errorText(err)).toBe('Flux!');
    expect(errorCode(err)).toBe('quantum.flux');
  });

  it('no answer at all reads as the background not answering', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined as never);
    const err = await failure(call('vault.status'));
    expect(err.code).toBe('messaging.background_unreachable');
    expect(err.retryable).toBe(true);
    expect(errorText(err)).toBe('The extension’s background did not answer. Try again.');
  });
});

describe('errorText and errorCode: the one way the UI turns a failure into words', () => {
  const cases: [string, unknown, ErrorCode, string][] = [
    [
      'an AppError',
      new AppError('vault.locked'),
      'vault.locked',
      'The vault is locked. Unlock it with your passphrase first.',
    ],
    [
      'a background answer',
      new RemoteError({ code: 'venice.network', message: 'Could not reach Venice at api.venice.ai.' }),
      'venice.network',
      'Could not reach Venice at api.venice.ai.',
    ],
    [
      'a serialized error',
      { code: 'vault.wrong_passphrase', message: 'Wrong passphrase' },
      'vault.wrong_passphrase',
      'Wrong passphrase',
    ],
    [
      'an Error of unknown origin',
      new Error('VENICE_INFERENCE_KEY_synthetic'),
      'extension.internal',
      'Something went wrong inside the extension. Please try again.',
    ],
    [
      'a thrown string',
      'a string',
      'extension.internal',
      'Something went wrong inside the extension. Please try again.',
    ],
    [
      'undefined',
      undefined,
      'extension.internal',
      'Something went wrong inside the extension. Please try again.',
    ],
    [
      'an object that is not a serialized error',
      { status: 500, text: 'raw words' },
      'extension.internal',
      'Something went wrong inside the extension. Please try again.',
    ],
  ];
  it.each(cases)('%s', (_what, err, code, text) => {
    expect(errorCode(err)).toBe(code);
    expect(errorText(err)).toBe(text);
  });
});
