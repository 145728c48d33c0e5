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
 */
import { browser } from 'wxt/browser';
import { requestBadgeRefresh } from '@/lib/badge';
import { AppError, type SerializedError, serializeError } from '@/lib/errors';
import { refreshKeyList } from '@/lib/keys';
import {
  hasErrors,
  type KeySettingsDraft,
  toCreateInput,
  validateKeySettings,
} from '@/lib/keys/key-settings';
import { normaliseLabel, vaultFieldsOfCreated } from '@/lib/keys/normalise';
import { getSettings } from '@/lib/settings/service';
import { mintWindowItem } from '@/lib/storage/mint';
import {
  addStoredKey,
  getStoredSecret,
  getVaultStatus,
  VaultLockedError,
  VaultMissingError,
} from '@/lib/vault';
import { getVeniceClient } from '@/lib/venice';
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
  type StakeResult,
  type TransportKind,
  type WalletInfo,
} from './flow';
import { checkRelayReply, isValidResult, REPLY_TAG, type RelaySender } from './relay';
import {
  discoverWallets,
  ensureSiteTab,
  type SiteTarget,
  SiteUnavailableError,
  startWalletRequest,
} from './site';
import { applyEvent, readFlow, WORKER_INSTANCE } from './store';
import { isTokenExpired, tokenFromResponse, tokenProblem, tokenToSignHex } from './token';

export class MintSettingsInvalidError extends AppError {
  override name = 'MintSettingsInvalidError';
  readonly fieldErrors: Record<string, string>;
  constructor(fieldErrors: Record<string, string>) {
    super(
      'mint_settings_invalid',
      Object.values(fieldErrors).join('\n') || 'The key settings are not valid.',
    );
    this.fieldErrors = fieldErrors;
  }
}

export class MintTransportError extends AppError {
  override name = 'MintTransportError';
  constructor(message: string) {
    super('mint_transport_unsupported', message);
  }
}

export class MintRequestMismatchError extends AppError {
  override name = 'MintRequestMismatchError';
  constructor(message: string) {
    super('mint_request_mismatch', message);
  }
}

function siteOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

function newId(): string {
  return crypto.randomUUID();
}

/** The flow as it stands (a flow orphaned by a stopped worker is reported as such). */
export function mintStatus(): Promise<MintFlow> {
  return readFlow();
}

// ---- the wallet window -------------------------------------------------------------------

const windowItem = mintWindowItem;
const WINDOW_SIZE = { width: 440, height: 720 };

/** Opens the wallet window, or brings the open one to the front. */
export async function openMintWindow(): Promise<{ windowId: number }> {
  const known = await windowItem.getValue();
  if (known !== null) {
    const existing = await browser.windows.get(known).catch(() => null);
    if (existing?.id !== undefined) {
      await browser.windows.update(existing.id, { focused: true });
      return { windowId: existing.id };
    }
  }
  const created = await browser.windows.create({
    url: browser.runtime.getURL('/wallet.html'),
    type: 'popup',
    focused: true,
    ...WINDOW_SIZE,
  });
  if (created?.id === undefined) throw new AppError('mint_window', 'Could not open the wallet window.');
  await windowItem.setValue(created.id);
  return { windowId: created.id };
}

export async function forgetMintWindow(windowId: number): Promise<void> {
  if ((await windowItem.getValue()) === windowId) await windowItem.setValue(null);
}

// ---- starting and connecting ------------------------------------------------------------

export async function beginMint(transport: TransportKind): Promise<MintFlow> {
  if (transport === 'metamask' && import.meta.env.FIREFOX)
    throw new MintTransportError(
      'Firefox does not let extensions talk to MetaMask directly. Use “A wallet on the Venice site” instead.',
    );
  return applyEvent({ type: 'begin', flowId: newId(), transport });
}

async function failFlow(failure: {
  code: MintFailureCode;
  message: string;
  retryable: boolean;
  walletWords?: string;
}): Promise<MintFlow> {
  return applyEvent({ type: 'fail', ...failure });
}

/** injected: opens (or reuses) the Venice tab and lists the wallets on it. */
export async function discoverInjectedWallets(): Promise<MintFlow> {
  const flow = await readFlow();
  if (flow.step !== 'connecting' || flow.transport !== 'injected')
    throw new MintRequestMismatchError('Start a mint with “A wallet on the Venice site” first.');
  const { veniceSiteUrl } = await getSettings();
  try {
    const tabId = await ensureSiteTab(veniceSiteUrl, flow.tabId);
    const { wallets, documentId } = await discoverWallets(tabId);
    if (wallets.length === 0) return failFlow(noWalletFailure(veniceSiteUrl));
    return applyEvent({ type: 'walletsFound', tabId, documentId, wallets });
  } catch (err) {
    if (err instanceof SiteUnavailableError)
      return failFlow({ code: 'site_unavailable', message: err.message, retryable: true });
    throw err;
  }
}

/** injected: asks the chosen wallet for its accounts; the answer arrives through the relay. */
export async function connectInjectedWallet(uuid: string): Promise<{ requestId: string; flow: MintFlow }> {
  const flow = await readFlow();
  const wallet = flow.wallets.find((w) => w.uuid === uuid);
  if (flow.step !== 'connecting' || flow.transport !== 'injected' || flow.tabId === null || !wallet)
    throw new MintRequestMismatchError(
      'That wallet is not among the ones found on the Venice page. Look again.',
    );
  const requestId = newId();
  const tabId = flow.tabId;
  await applyEvent({
    type: 'requestStarted',
    request: { requestId, method: 'eth_requestAccounts', tabId, startedAt: Date.now() },
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
    const started = await startWalletRequest(target, {
      requestId,
      tag: REPLY_TAG,
      wallet: { uuid: wallet.uuid, rdns: wallet.rdns },
      method,
      params,
      expectAddress,
    });
    if (!started.ok)
      return failFlow(walletFailure(phase, started.error.code, started.error.message, wallet.name));
    return readFlow();
  } catch (err) {
    if (err instanceof SiteUnavailableError)
      return failFlow({ code: 'site_unavailable', message: err.message, retryable: true });
    throw err;
  }
}

// ---- preflight, token, signature ---------------------------------------------------------

/**
 * What the wallet window learned from the wallet or from Base (`mint.report`), applied to the
 * flow. A connected address must be one the wallet itself shared through the relay (injected).
 */
export async function reportMint(event: MintReport): Promise<MintFlow> {
  if (event.type === 'connected') {
    const flow = await readFlow();
    if (flow.transport === 'injected') {
      const reply = flow.request?.method === 'eth_requestAccounts' ? flow.request.reply : null;
      const accounts = reply?.ok && Array.isArray(reply.result) ? reply.result : [];
      if (!accounts.some((a) => a.toLowerCase() === event.address.toLowerCase()))
        throw new MintRequestMismatchError('That address is not one the wallet shared. Connect again.');
    }
  }
  return applyEvent(event);
}

export function retryMint(): Promise<MintFlow> {
  return applyEvent({ type: 'retry' });
}

export function resetMint(): Promise<MintFlow> {
  return applyEvent({ type: 'reset' });
}

function toMintSettings(draft: KeySettingsDraft): MintKeySettings {
  const errors = validateKeySettings(draft, 'mint');
  if (hasErrors(errors)) throw new MintSettingsInvalidError(errors as Record<string, string>);
  const { description, ...rest } = toCreateInput(draft);
  return description ? { ...rest, description } : rest;
}

/** The vault must be able to take the secret before anyone signs for it. */
async function requireUnlockedVault(): Promise<void> {
  const status = await getVaultStatus();
  if (status === 'none') throw new VaultMissingError();
  if (status === 'locked') throw new VaultLockedError();
}

export interface SignRequest {
  requestId: string;
  /** The exact token to sign (personal_sign of its UTF-8 bytes). */
  message: string;
  address: Address;
  flow: MintFlow;
}

/**
 * Fetches a fresh token (right before signing, as Venice advises) and opens the signature
 * request: the wallet window signs it (metamask), or the Venice tab starts it now (injected).
 */
export async function startSigning(draft?: KeySettingsDraft): Promise<SignRequest | { flow: MintFlow }> {
  // No draft: sign again with the settings already chosen (e.g. the window was closed mid-signature).
  const settings = draft ? toMintSettings(draft) : (await readFlow()).settings;
  if (!settings) throw new MintSettingsInvalidError({ settings: 'Choose the key’s settings first.' });
  await requireUnlockedVault();
  const before = await applyEvent({ type: 'tokenRequested', settings });
  const address = before.address!;
  let flow: MintFlow;
  try {
    const client = await getVeniceClient();
    const value = await client.getWeb3Token();
    const refused = tokenProblem(value, Date.now());
    if (refused)
      return { flow: await failFlow({ code: 'token_refused', message: refused, retryable: true }) };
    flow = await applyEvent({ type: 'tokenReceived', token: tokenFromResponse(value, Date.now()) });
  } catch (err) {
    if (err instanceof AppError && err.code === 'mint_wrong_step') throw err;
    return { flow: await failFlow(veniceFailure(err, 'token')) };
  }
  const token = flow.token!.value;
  const requestId = newId();
  const tabId = flow.transport === 'injected' ? flow.tabId : null;
  flow = await applyEvent({
    type: 'requestStarted',
    request: { requestId, method: 'personal_sign', tabId, startedAt: Date.now() },
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

export interface SubmitResult {
  flow: MintFlow;
  /** The new key's secret, for the window to show once. Already in the vault unless saveError. */
  secret: string | null;
  saveError: SerializedError | null;
}

/**
 * Posts the verified signature. The wallet window verified it against the connected address
 * (viem) before calling; here the request must be the pending one, the token still alive,
 * and the vault unlocked, or nothing is sent.
 */
export async function submitSignature(requestId: string, signature: Hex): Promise<SubmitResult> {
  const flow = await readFlow();
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
  if (isTokenExpired(flow.token, Date.now()))
    return {
      flow: await failFlow({ code: 'token_expired', message: TOKEN_EXPIRED_MESSAGE, retryable: true }),
      secret: null,
      saveError: null,
    };
  // Locked now: the window asks for the passphrase and submits the same signature again.
  await requireUnlockedVault();

  const settings = flow.settings ?? { apiKeyType: 'INFERENCE' as const };
  const token = flow.token.value;
  const address = flow.address;
  await applyEvent({
    type: 'mintStarted',
    attempt: { attemptId: newId(), startedAt: Date.now(), workerInstance: WORKER_INSTANCE },
  });

  let created: Awaited<ReturnType<Awaited<ReturnType<typeof getVeniceClient>>['mintWeb3Key']>>;
  try {
    const client = await getVeniceClient();
    created = await client.mintWeb3Key({ ...settings, address, signature, token });
  } catch (err) {
    return { flow: await failFlow(veniceFailure(err, 'mint')), secret: null, saveError: null };
  }

  // The secret exists only in `created` now: into the vault before anything else.
  const label = normaliseLabel(settings.description || created.description, 'Web3 API Key');
  let entryId: string | null = null;
  let saveError: SerializedError | null = null;
  try {
    const meta = await addStoredKey({
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
    mintedAt: Date.now(),
  };
  const done = await applyEvent({ type: 'minted', result });
  void afterMint(created.id);
  return { flow: done, secret: created.apiKey, saveError };
}

/**
 * The web3 answer echoes caps unreliably (FACTS §3.8): with a management key, read the key
 * back. A web3 key belongs to the wallet's own Venice account, so another account's ADMIN
 * key may not see it; the echo then stays, marked as such.
 */
async function afterMint(veniceKeyId: string): Promise<void> {
  void requestBadgeRefresh('wallet mint');
  void refreshKeyList('wallet mint');
  try {
    const { managementKeyId } = await getSettings();
    if (!managementKeyId) return;
    const secret = await getStoredSecret(managementKeyId);
    const client = await getVeniceClient();
    const key = await client.getApiKey(secret, veniceKeyId);
    await applyEvent({ type: 'limitsRead', limits: key.consumptionLimits });
  } catch {
    // Not visible to the management key, or the flow moved on: the echo stays, marked as one.
  }
}

// ---- the relay ---------------------------------------------------------------------------

/** A wallet answer relayed from the Venice tab: recorded for the wallet window if it checks out. */
export async function receiveRelayedReply(
  message: unknown,
  sender: RelaySender,
): Promise<{ accepted: boolean; reason?: string }> {
  const flow = await readFlow();
  const { veniceSiteUrl } = await getSettings();
  const check = checkRelayReply(message, sender, browser.runtime.id, flow, siteOrigin(veniceSiteUrl));
  if (!check.ok) return { accepted: false, reason: check.reason };
  try {
    await applyEvent({ type: 'requestReplied', requestId: check.requestId, reply: check.reply });
    return { accepted: true };
  } catch {
    return { accepted: false, reason: 'the flow moved on' };
  }
}

/** The Venice tab was closed while the wallet was asked something: say so at once. */
export async function siteTabClosed(tabId: number): Promise<void> {
  const flow = await readFlow();
  if (!isActive(flow.step) || flow.transport !== 'injected' || flow.tabId !== tabId) return;
  const waiting = flow.request !== null && flow.request.reply === null && flow.request.tabId === tabId;
  if (!waiting) return;
  await failFlow({
    code: 'site_unavailable',
    message: 'The Venice tab was closed while the wallet was being asked. Try again: a fresh tab will open.',
    retryable: true,
  }).catch(() => undefined);
}
