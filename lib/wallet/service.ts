/**
 * The mint flow's background side. The wallet window drives the wallet (it is the only
 * context that outlives a wallet's confirmation window and whose ports keep working); the
 * background owns the flow's state, every Venice call, the Venice-site tab and the vault.
 *
 * The minted secret: the POST runs only while the vault is unlocked, and its answer goes
 * into the vault (addStoredKey, durable before it resolves) before anything else happens,
 * then back to the window once to show. Before the POST the flow is marked `minting` with
 * this worker's id; a worker stopped mid-POST leaves that mark for the next one to report
 * (interruptedFlow) instead of a silent loss. A failed POST never retries by itself: a
 * token works once, so a retry is a fresh token and a fresh signature.
 *
 * Everything outside the flow's own store comes in through `WalletServiceDeps` (Venice, the
 * vault, the Venice tab, the browser's windows, the clock), so tests run it against fakes;
 * `getWalletService()` (index.ts) wires the real ones.
 */
import { AppError, type SerializedError, serializeError } from '@/lib/errors';
import {
  hasErrors,
  type KeySettingsDraft,
  toCreateInput,
  validateKeySettings,
} from '@/lib/keys/key-settings';
import { normaliseLabel, vaultFieldsOfCreated } from '@/lib/keys/normalise';
import { mintWindowItem } from '@/lib/storage/mint';
import { VaultLockedError, VaultMissingError } from '@/lib/vault/errors';
import type { AddStoredKeyInput, VaultStatus } from '@/lib/vault/types';
import type { CreatedApiKey, VeniceClient } from '@/lib/venice/types';
import { noWalletFailure, TOKEN_EXPIRED_MESSAGE, veniceFailure, walletFailure } from './failures';
import {
  type Address,
  type Hex,
  isActive,
  type MintFailureCode,
  type MintFlow,
  type MintKeySettings,
  type MintReport,
  type MintResult,
  type TransportKind,
  type WalletInfo,
} from './flow';
import { checkRelayReply, isValidResult, REPLY_TAG, type RelaySender } from './relay';
import {
  type discoverWallets,
  type ensureSiteTab,
  type SiteTarget,
  SiteUnavailableError,
  type startWalletRequest,
} from './site';
import { applyEvent, readFlow, WORKER_INSTANCE } from './store';
import { isTokenExpired, tokenFromResponse, tokenProblem, tokenToSignHex } from './token';

export class MintSettingsInvalidError extends AppError {
  override name = 'MintSettingsInvalidError';
  readonly fieldErrors: Record<string, string>;
  constructor(fieldErrors: Record<string, string>) {
    super(
      'mint.settings_invalid',
      Object.values(fieldErrors).join('\n') || 'The key settings are not valid.',
    );
    this.fieldErrors = fieldErrors;
  }
}

export class MintTransportError extends AppError {
  override name = 'MintTransportError';
  constructor(message: string) {
    super('mint.transport_unsupported', message);
  }
}

export class MintRequestMismatchError extends AppError {
  override name = 'MintRequestMismatchError';
  constructor(message: string) {
    super('mint.request_mismatch', message);
  }
}

/** What the mint needs from the world; the real wiring is `getWalletService()` in index.ts. */
export interface WalletServiceDeps {
  getClient(): Promise<Pick<VeniceClient, 'getWeb3Token' | 'mintWeb3Key' | 'getApiKey'>>;
  getSettings(): Promise<{ veniceSiteUrl: string; managementKeyId: string | null }>;
  vault: {
    getVaultStatus(): Promise<VaultStatus>;
    getStoredSecret(entryId: string): Promise<string>;
    addStoredKey(input: AddStoredKeyInput): Promise<{ entryId: string }>;
  };
  /** The Venice-site tab (site.ts): open or reuse it, find its wallets, ask one of them. */
  site: {
    ensureSiteTab: typeof ensureSiteTab;
    discoverWallets: typeof discoverWallets;
    startWalletRequest: typeof startWalletRequest;
  };
  /** The browser's windows, as far as the wallet window goes. */
  windows: {
    get(windowId: number): Promise<{ id?: number }>;
    create(options: {
      url: string;
      type: 'popup';
      focused: boolean;
      width: number;
      height: number;
    }): Promise<{ id?: number } | undefined>;
    update(windowId: number, options: { focused: boolean }): Promise<unknown>;
  };
  /** The wallet window's page (chrome-extension://…/wallet.html). */
  walletPageUrl: string;
  /** This extension's id: only its own relay is believed. */
  extensionId: string;
  /** Firefox lets no extension talk to MetaMask. */
  firefox: boolean;
  requestBadgeRefresh(reason: string): Promise<void>;
  refreshKeyList(reason: string): Promise<void>;
  now(): number;
  newId(): string;
}

export interface SignRequest {
  requestId: string;
  /** The exact token to sign (personal_sign of its UTF-8 bytes). */
  message: string;
  address: Address;
  flow: MintFlow;
}

export interface SubmitResult {
  flow: MintFlow;
  /** The new key's secret, for the window to show once. Already in the vault unless saveError. */
  secret: string | null;
  saveError: SerializedError | null;
}

type FailureInput = { code: MintFailureCode; message: string; retryable: boolean; walletWords?: string };

const WINDOW_SIZE = { width: 440, height: 720 };

/** The site's origin, or null when the setting is not a URL (then no relayed answer counts). */
function siteOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function toMintSettings(draft: KeySettingsDraft): MintKeySettings {
  const errors = validateKeySettings(draft, 'mint');
  if (hasErrors(errors)) throw new MintSettingsInvalidError(errors as Record<string, string>);
  const { description, ...rest } = toCreateInput(draft);
  return description ? { ...rest, description } : rest;
}

export function createWalletService(deps: WalletServiceDeps) {
  const windowItem = mintWindowItem;
  const apply = (event: Parameters<typeof applyEvent>[0]) => applyEvent(event, deps.now());
  const read = () => readFlow(deps.now());
  const failFlow = (failure: FailureInput): Promise<MintFlow> => apply({ type: 'fail', ...failure });

  /** The flow as it stands (a flow orphaned by a stopped worker is reported as such). */
  function status(): Promise<MintFlow> {
    return read();
  }

  // ---- the wallet window -----------------------------------------------------------------

  /** Opens the wallet window, or brings the open one to the front. */
  async function openWindow(): Promise<{ windowId: number }> {
    const known = await windowItem.getValue();
    if (known !== null) {
      const existing = await deps.windows.get(known).catch(() => null);
      if (existing?.id !== undefined) {
        await deps.windows.update(existing.id, { focused: true });
        return { windowId: existing.id };
      }
    }
    const created = await deps.windows.create({
      url: deps.walletPageUrl,
      type: 'popup',
      focused: true,
      ...WINDOW_SIZE,
    });
    if (created?.id === undefined) throw new AppError('mint.window_failed');
    await windowItem.setValue(created.id);
    return { windowId: created.id };
  }

  async function forgetWindow(windowId: number): Promise<void> {
    if ((await windowItem.getValue()) === windowId) await windowItem.setValue(null);
  }

  // ---- starting and connecting ----------------------------------------------------------

  async function begin(transport: TransportKind): Promise<MintFlow> {
    if (transport === 'metamask' && deps.firefox)
      throw new MintTransportError(
        'Firefox does not let extensions talk to MetaMask directly. Use “A wallet on the Venice site” instead.',
      );
    return apply({ type: 'begin', flowId: deps.newId(), transport });
  }

  /** injected: opens (or reuses) the Venice tab and lists the wallets on it. */
  async function discover(): Promise<MintFlow> {
    const flow = await read();
    if (flow.step !== 'connecting' || flow.transport !== 'injected')
      throw new MintRequestMismatchError('Start a mint with “A wallet on the Venice site” first.');
    const { veniceSiteUrl } = await deps.getSettings();
    try {
      const tabId = await deps.site.ensureSiteTab(veniceSiteUrl, flow.tabId);
      const { wallets, documentId } = await deps.site.discoverWallets(tabId);
      if (wallets.length === 0) return failFlow(noWalletFailure(veniceSiteUrl));
      return apply({ type: 'walletsFound', tabId, documentId, wallets });
    } catch (err) {
      if (err instanceof SiteUnavailableError)
        return failFlow({ code: 'mint.site_unavailable', message: err.message, retryable: true });
      throw err;
    }
  }

  /** injected: asks the chosen wallet for its accounts; the answer arrives through the relay. */
  async function connectInjected(uuid: string): Promise<{ requestId: string; flow: MintFlow }> {
    const flow = await read();
    const wallet = flow.wallets.find((w) => w.uuid === uuid);
    if (flow.step !== 'connecting' || flow.transport !== 'injected' || flow.tabId === null || !wallet)
      throw new MintRequestMismatchError(
        'That wallet is not among the ones found on the Venice page. Look again.',
      );
    const requestId = deps.newId();
    const tabId = flow.tabId;
    await apply({
      type: 'requestStarted',
      request: { requestId, method: 'eth_requestAccounts', tabId, startedAt: deps.now() },
    });
    return {
      requestId,
      flow: await startInTab(
        { tabId, documentId: flow.documentId ?? null },
        requestId,
        wallet,
        'eth_requestAccounts',
        [],
        null,
        'connect',
      ),
    };
  }

  async function startInTab(
    target: SiteTarget,
    requestId: string,
    wallet: WalletInfo,
    method: 'eth_requestAccounts' | 'personal_sign',
    params: unknown[],
    expectAddress: Address | null,
    phase: 'connect' | 'sign',
  ): Promise<MintFlow> {
    try {
      const started = await deps.site.startWalletRequest(target, {
        requestId,
        tag: REPLY_TAG,
        wallet: { uuid: wallet.uuid, rdns: wallet.rdns },
        method,
        params,
        expectAddress,
      });
      if (!started.ok)
        return failFlow(walletFailure(phase, started.error.code, started.error.message, wallet.name));
      return read();
    } catch (err) {
      if (err instanceof SiteUnavailableError)
        return failFlow({ code: 'mint.site_unavailable', message: err.message, retryable: true });
      throw err;
    }
  }

  /**
   * What the wallet window learned from the wallet or from Base (`mint.report`), applied to the
   * flow. A connected address must be one the wallet itself shared through the relay (injected).
   */
  async function report(event: MintReport): Promise<MintFlow> {
    if (event.type === 'connected') {
      const flow = await read();
      if (flow.transport === 'injected') {
        const reply = flow.request?.method === 'eth_requestAccounts' ? flow.request.reply : null;
        const accounts = reply?.ok && Array.isArray(reply.result) ? reply.result : [];
        if (!accounts.some((a) => a.toLowerCase() === event.address.toLowerCase()))
          throw new MintRequestMismatchError('That address is not one the wallet shared. Connect again.');
      }
    }
    return apply(event);
  }

  function retry(): Promise<MintFlow> {
    return apply({ type: 'retry' });
  }

  function reset(): Promise<MintFlow> {
    return apply({ type: 'reset' });
  }

  // ---- token, signature, mint -------------------------------------------------------------

  /** The vault must be able to take the secret before anyone signs for it. */
  async function requireUnlockedVault(): Promise<void> {
    const vaultStatus = await deps.vault.getVaultStatus();
    if (vaultStatus === 'none') throw new VaultMissingError();
    if (vaultStatus === 'locked') throw new VaultLockedError();
  }

  /**
   * Fetches a fresh token (right before signing, as Venice advises) and opens the signature
   * request: the wallet window signs it (metamask), or the Venice tab starts it now (injected).
   */
  async function startSigning(draft?: KeySettingsDraft): Promise<SignRequest | { flow: MintFlow }> {
    // No draft: sign again with the settings already chosen (e.g. the window was closed mid-signature).
    const settings = draft ? toMintSettings(draft) : (await read()).settings;
    if (!settings) throw new MintSettingsInvalidError({ settings: 'Choose the key’s settings first.' });
    await requireUnlockedVault();
    const before = await apply({ type: 'tokenRequested', settings });
    const address = before.address!;
    let flow: MintFlow;
    try {
      const client = await deps.getClient();
      const value = await client.getWeb3Token();
      const refused = tokenProblem(value, deps.now());
      if (refused)
        return { flow: await failFlow({ code: 'mint.token_refused', message: refused, retryable: true }) };
      flow = await apply({ type: 'tokenReceived', token: tokenFromResponse(value, deps.now()) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'mint.wrong_step') throw err;
      return { flow: await failFlow(veniceFailure(err, 'token')) };
    }
    const token = flow.token!.value;
    const requestId = deps.newId();
    const tabId = flow.transport === 'injected' ? flow.tabId : null;
    flow = await apply({
      type: 'requestStarted',
      request: { requestId, method: 'personal_sign', tabId, startedAt: deps.now() },
    });
    if (flow.transport === 'injected') {
      if (tabId === null || !flow.wallet)
        return { flow: await failFlow(walletFailure('sign', 'wallet_gone', '', '')) };
      flow = await startInTab(
        { tabId, documentId: flow.documentId ?? null },
        requestId,
        flow.wallet,
        'personal_sign',
        [tokenToSignHex(token), address],
        address,
        'sign',
      );
      if (flow.step !== 'signing') return { flow };
    }
    return { requestId, message: token, address, flow };
  }

  /**
   * Posts the verified signature. The wallet window verified it against the connected address
   * (viem) before calling; here the request must be the pending one, the token still alive,
   * and the vault unlocked, or nothing is sent.
   */
  async function submit(requestId: string, signature: Hex): Promise<SubmitResult> {
    const flow = await read();
    if (flow.step !== 'signing' || flow.request?.requestId !== requestId || !flow.token || !flow.address)
      throw new MintRequestMismatchError(
        'This signature is not for the mint in progress. Reopen the wallet window.',
      );
    if (!isValidResult('personal_sign', signature))
      throw new MintRequestMismatchError('The wallet’s answer is not a signature.');
    if (flow.transport === 'injected') {
      const reply = flow.request.reply;
      if (!reply?.ok || reply.result !== signature)
        throw new MintRequestMismatchError('This is not the signature the wallet sent. Sign again.');
    }
    if (isTokenExpired(flow.token, deps.now()))
      return {
        flow: await failFlow({ code: 'mint.token_expired', message: TOKEN_EXPIRED_MESSAGE, retryable: true }),
        secret: null,
        saveError: null,
      };
    // Locked now: the window asks for the passphrase and submits the same signature again.
    await requireUnlockedVault();

    const settings = flow.settings ?? { apiKeyType: 'INFERENCE' as const };
    const token = flow.token.value;
    const address = flow.address;
    await apply({
      type: 'mintStarted',
      attempt: { attemptId: deps.newId(), startedAt: deps.now(), workerInstance: WORKER_INSTANCE },
    });

    let created: CreatedApiKey;
    try {
      const client = await deps.getClient();
      created = await client.mintWeb3Key({ ...settings, address, signature, token });
    } catch (err) {
      return { flow: await failFlow(veniceFailure(err, 'mint')), secret: null, saveError: null };
    }

    // The secret exists only in `created` now: into the vault before anything else.
    const label = normaliseLabel(settings.description || created.description, 'Web3 API Key');
    let entryId: string | null = null;
    let saveError: SerializedError | null = null;
    try {
      const meta = await deps.vault.addStoredKey({
        ...vaultFieldsOfCreated(created, label, 'Web3 API Key'),
        type: created.apiKeyType,
        source: 'minted',
        verified: true,
      });
      entryId = meta.entryId;
    } catch (err) {
      saveError = serializeError(err);
    }

    const result: MintResult = {
      veniceKeyId: created.id,
      apiKeyType: created.apiKeyType,
      label,
      last6: created.apiKey.slice(-6),
      entryId,
      limits: created.consumptionLimits,
      limitsSource: 'echo',
      limitPeriod: created.limitPeriod,
      expiresAt: created.expiresAt,
      mintedAt: deps.now(),
    };
    const done = await apply({ type: 'minted', result });
    readingBack = afterMint(created.id);
    return { flow: done, secret: created.apiKey, saveError };
  }

  /** The last mint's read-back, left running after submit answered (it never rejects). */
  let readingBack: Promise<void> = Promise.resolve();

  /**
   * Resolves when the last mint's read-back has ended, whether or not it changed the flow: a
   * test waiting for the read limits' announcement fails at once instead of at its timeout.
   */
  function readBackSettled(): Promise<void> {
    return readingBack;
  }

  /**
   * The web3 answer echoes caps unreliably (FACTS §3.8): with a management key, read the key
   * back. A web3 key belongs to the wallet's own Venice account, so another account's ADMIN
   * key may not see it; the echo then stays, marked as such.
   */
  async function afterMint(veniceKeyId: string): Promise<void> {
    void deps.requestBadgeRefresh('wallet mint');
    void deps.refreshKeyList('wallet mint');
    try {
      const { managementKeyId } = await deps.getSettings();
      if (!managementKeyId) return;
      const secret = await deps.vault.getStoredSecret(managementKeyId);
      const client = await deps.getClient();
      const key = await client.getApiKey(secret, veniceKeyId);
      await apply({ type: 'limitsRead', limits: key.consumptionLimits });
    } catch {
      // Not visible to the management key, or the flow moved on: the echo stays, marked as one.
    }
  }

  // ---- the relay ---------------------------------------------------------------------------

  /** A wallet answer relayed from the Venice tab: recorded for the wallet window if it checks out. */
  async function receiveRelayedReply(
    message: unknown,
    sender: RelaySender,
  ): Promise<{ accepted: boolean; reason?: string }> {
    const flow = await read();
    const origin = siteOrigin((await deps.getSettings()).veniceSiteUrl);
    // An opaque origin is the string "null": it must never match a site setting that is not a URL.
    if (origin === null) return { accepted: false, reason: 'the Venice site setting is not a URL' };
    const check = checkRelayReply(message, sender, deps.extensionId, flow, origin);
    if (!check.ok) return { accepted: false, reason: check.reason };
    try {
      await apply({ type: 'requestReplied', requestId: check.requestId, reply: check.reply });
      return { accepted: true };
    } catch {
      return { accepted: false, reason: 'the flow moved on' };
    }
  }

  /** The Venice tab was closed while the wallet was asked something: say so at once. */
  async function siteTabClosed(tabId: number): Promise<void> {
    const flow = await read();
    if (!isActive(flow.step) || flow.transport !== 'injected' || flow.tabId !== tabId) return;
    const waiting = flow.request !== null && flow.request.reply === null && flow.request.tabId === tabId;
    if (!waiting) return;
    await failFlow({
      code: 'mint.site_unavailable',
      message:
        'The Venice tab was closed while the wallet was being asked. Try again: a fresh tab will open.',
      retryable: true,
    }).catch(() => undefined);
  }

  return {
    status,
    openWindow,
    forgetWindow,
    begin,
    discover,
    connectInjected,
    report,
    startSigning,
    submit,
    retry,
    reset,
    receiveRelayedReply,
    siteTabClosed,
    readBackSettled,
  };
}

export type WalletService = ReturnType<typeof createWalletService>;
