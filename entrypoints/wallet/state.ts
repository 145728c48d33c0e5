/**
 * The wallet window's side of the mint: it talks to the wallet (the only context where a
 * wallet connection survives the wallet's own confirmation window), reads Base through viem,
 * and reports every step to the background, which keeps the flow. Nothing is persisted here
 * but the key form's draft: a reopened window reads the flow and picks up where it stands
 * (`resume`). One signal factory per window, `createWalletState()`, as the popup has.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { errorCode, errorText } from '@/lib/error-message';
import { defaultKeySettings, type KeySettingsDraft } from '@/lib/keys/key-settings-draft';
import { call } from '@/lib/messaging/client';
import type { Settings } from '@/lib/storage/settings-item';
import type { VaultStatus } from '@/lib/vault/types';
import {
  rpcDownMessage,
  SIGNATURE_MISMATCH_MESSAGE,
  WalletRequestError,
  walletFailure,
} from '@/lib/wallet/failures';
import type { Address, Hex, MintFailureCode, MintFlow, WalletInfo } from '@/lib/wallet/flow';
import {
  awaitInjectedAccounts,
  awaitInjectedSignature,
  createInjectedTransport,
  requestStartedBeforeLoss,
} from '@/lib/wallet/transports/injected';
import { CONNECT_TIMEOUT_MS, type WalletTransport } from '@/lib/wallet/transports/types';
import { watchFlow } from '@/lib/wallet/watch';

export const METAMASK_WALLET: WalletInfo = {
  uuid: 'metamask',
  name: 'MetaMask',
  rdns: 'io.metamask',
  icon: '',
};

export interface ShownSecret {
  secret: string;
  label: string;
  /** Why the vault could not keep it (then this is the only copy), or null when saved. */
  saveError: string | null;
}

interface PendingSubmit {
  requestId: string;
  signature: Hex;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The stored draft (lib/storage/wallet-draft.ts), loaded when first needed: the storage library
 * stays out of the window's initial load.
 */
let draftModuleLoad: Promise<typeof import('@/lib/storage/wallet-draft')> | null = null;
function draftModule() {
  draftModuleLoad ??= import('@/lib/storage/wallet-draft');
  return draftModuleLoad;
}

/** Failures after which "try again" means: a fresh token, signed again with the same settings. */
const SIGN_AGAIN: readonly MintFailureCode[] = [
  'mint.token_refused',
  'mint.token_expired',
  'mint.sign_rejected',
  'mint.signature_mismatch',
  'mint.network',
  'mint.interrupted',
];

/**
 * The wallet window's state and what it does, one per window (App.tsx makes it, views get it as
 * a prop): the flow as the background last announced it, the window's own signals, and the
 * actions that drive the wallet and report to the background.
 */
export function createWalletState() {
  const flow = signal<MintFlow | null>(null);
  const vaultStatus = signal<VaultStatus | null>(null);
  /** What the window is doing right now, for a person ("Waiting for MetaMask…"), or null. */
  const busy = signal<string | null>(null);
  /** A problem that is not a step of the flow (a call that failed, a refused input). */
  const problem = signal<string | null>(null);
  const shownSecret = signal<ShownSecret | null>(null);
  /** A verified signature waiting for the vault to be unlocked before it is posted. */
  const pendingSubmit = signal<PendingSubmit | null>(null);
  /** Ticks every second for the token countdown. */
  const now = signal(Date.now());
  /** The new key's settings as typed; kept here so a retry keeps them, and in storage.session so a closed window does. */
  const draft = signal<KeySettingsDraft>(defaultKeySettings());
  /** Fields typed into in this window: the saved draft, read late, never overwrites them. */
  const typedFields = new Set<keyof KeySettingsDraft>();

  /** One field typed into the key form, onto the latest draft, saved at once. */
  function typeDraft<K extends keyof KeySettingsDraft>(field: K, value: KeySettingsDraft[K]): void {
    typedFields.add(field);
    draft.value = { ...draft.value, [field]: value };
    const typed = draft.value;
    draftModule()
      .then((m) => m.walletKeyDraftItem.setValue(typed))
      .catch(() => undefined);
  }

  /** The draft a closed window left, merged into the fields not typed into here. */
  async function restoreDraft(): Promise<void> {
    let saved: KeySettingsDraft | null;
    try {
      const { value, problem: damaged } = await (await draftModule()).loadWalletKeyDraft();
      saved = value;
      if (damaged) {
        // Said once, in words; the stored draft stays as it is until the next field typed.
        problem.value = `Some of the key settings typed before could not be read (${damaged.reason}): ${
          saved ? 'the rest are back in the form' : 'the form starts blank'
        }.`;
      }
    } catch {
      return; // storage.session could not be read: the form starts blank
    }
    if (!saved) return;
    const merged: Record<string, unknown> = { ...saved };
    for (const field of typedFields) merged[field] = draft.value[field];
    draft.value = merged as unknown as KeySettingsDraft;
  }

  function clearDraft(): void {
    typedFields.clear();
    draft.value = defaultKeySettings();
    draftModule()
      .then((m) => m.walletKeyDraftItem.removeValue())
      .catch(() => undefined);
  }
  /** Set when the signature's check depended on the Base RPC (a contract wallet): the window says so. */
  const signatureCheckNote = signal<string | null>(null);
  /** The Venice site set in the options (where "a wallet on the Venice site" runs); null until read. */
  const veniceSiteUrl = signal<string | null>(null);
  /** A MetaMask signature request this window was waiting on is gone (the window was reopened). */
  const signatureLost = signal(false);

  let transport: WalletTransport | null = null;
  let stopAccountWatch: (() => void) | null = null;
  /** Steps this window is already working on, so a flow change does not start them twice. */
  const running = new Set<string>();

  async function settings(): Promise<Settings> {
    return call('settings.get');
  }

  /** Runs one piece of work once at a time, with its busy text; errors become `problem`. */
  async function task(key: string, label: string, work: () => Promise<void>): Promise<void> {
    if (running.has(key)) return;
    running.add(key);
    busy.value = label;
    problem.value = null;
    try {
      await work();
    } catch (err) {
      problem.value = errorText(err);
    } finally {
      running.delete(key);
      if (running.size === 0) busy.value = null;
    }
  }

  /** A wallet's refusal or breakdown becomes the flow's failure (the background words it). */
  async function reportWalletError(
    phase: 'connect' | 'sign',
    err: unknown,
    walletName: string,
  ): Promise<void> {
    if (err instanceof WalletRequestError) {
      if (err.walletCode === 'flow_stopped') return; // the flow already says why
      await call('mint.report', {
        type: 'fail',
        ...walletFailure(phase, err.walletCode, err.message, walletName),
      });
      return;
    }
    throw err;
  }

  async function refreshVaultStatus(): Promise<void> {
    vaultStatus.value = (await call('vault.status')).status;
  }

  // ---- start, resume ------------------------------------------------------------------------

  async function startWindow(): Promise<void> {
    void restoreDraft();
    watchFlow((next) => {
      flow.value = next;
    });
    setInterval(() => {
      now.value = Date.now();
    }, 1000);
    settings()
      .then((s) => {
        veniceSiteUrl.value = s.veniceSiteUrl;
      })
      .catch(() => undefined);
    try {
      const [current] = await Promise.all([call('mint.status'), refreshVaultStatus()]);
      flow.value = current;
      await resume(current);
    } catch (err) {
      problem.value = errorText(err);
    }
  }

  /** Picks a flow up where it stands when the window (re)opens. */
  async function resume(current: MintFlow): Promise<void> {
    const request = current.request;
    switch (current.step) {
      case 'connecting':
        if (current.transport !== 'injected') return; // MetaMask: the person clicks Connect again
        if (request?.method === 'eth_requestAccounts') {
          const wallet = current.wallets.find((w) => w.uuid === current.wallet?.uuid) ?? current.wallets[0];
          if (wallet) await finishInjectedConnect(wallet, request.requestId);
        } else if (current.wallets.length === 0) await discover();
        return;
      case 'connected':
        await runPreflight();
        return;
      case 'preflight':
        if (current.stake === null) await runPreflight();
        return;
      case 'signing':
        if (!request) return;
        if (current.transport === 'injected') await finishInjectedSignature(current, request.requestId);
        else signatureLost.value = true; // the port to MetaMask closed with the old window
        return;
      default:
        return;
    }
  }

  // ---- connecting ---------------------------------------------------------------------------

  function chooseTransport(kind: 'metamask' | 'injected'): Promise<void> {
    return task('begin', 'Starting…', async () => {
      shownSecret.value = null;
      signatureLost.value = false;
      await call('mint.begin', { transport: kind });
      if (kind === 'metamask') void connectMetaMask();
      else void discover();
    });
  }

  function discover(): Promise<void> {
    return task('discover', 'Looking for wallets on the Venice page…', async () => {
      await call('mint.discover');
    });
  }

  function watchAccounts(t: WalletTransport): void {
    stopAccountWatch?.();
    const offAccounts = t.on('accountsChanged', (accounts) => {
      void call('mint.report', { type: 'accountsChanged', accounts }).catch(() => undefined);
    });
    const offDisconnect = t.on('disconnect', () => {
      transport = null;
    });
    stopAccountWatch = () => {
      offAccounts();
      offDisconnect();
    };
  }

  async function metaMaskTransport(): Promise<WalletTransport> {
    if (transport?.kind === 'metamask') return transport;
    const { createMetaMaskTransport } = await import('@/lib/wallet/transports/metamask');
    const t = await createMetaMaskTransport((await settings()).wallet.metamaskExtensionId);
    transport = t;
    watchAccounts(t);
    return t;
  }

  function connectMetaMask(): Promise<void> {
    return task('connect', 'Waiting for MetaMask: approve the connection there…', async () => {
      let address: Address;
      try {
        transport?.disconnect();
        transport = null;
        address = await (await metaMaskTransport()).connect();
      } catch (err) {
        await reportWalletError('connect', err, 'MetaMask');
        return;
      }
      await call('mint.report', { type: 'connected', address, wallet: METAMASK_WALLET });
      await runPreflight();
    });
  }

  function connectInjected(wallet: WalletInfo): Promise<void> {
    return task('connect', `Waiting for ${wallet.name}: approve the connection there…`, async () => {
      const t = createInjectedTransport(wallet);
      let address: Address;
      try {
        address = await t.connect();
      } catch (err) {
        await reportWalletError('connect', err, wallet.name);
        return;
      }
      transport = t;
      await call('mint.report', { type: 'connected', address, wallet });
      await runPreflight();
    });
  }

  function finishInjectedConnect(wallet: WalletInfo, requestId: string): Promise<void> {
    return task('connect', `Waiting for ${wallet.name}: approve the connection there…`, async () => {
      let accounts: Address[];
      try {
        accounts = await awaitInjectedAccounts(requestId, Date.now() + CONNECT_TIMEOUT_MS);
      } catch (err) {
        await reportWalletError('connect', err, wallet.name);
        return;
      }
      transport = createInjectedTransport(wallet);
      await call('mint.report', { type: 'connected', address: accounts[0]!, wallet });
      await runPreflight();
    });
  }

  // ---- preflight ----------------------------------------------------------------------------

  function runPreflight(): Promise<void> {
    return task('preflight', 'Checking staked VVV on Base…', async () => {
      const current = await call('mint.status');
      if (current.step === 'connected') await call('mint.report', { type: 'preflightStarted' });
      else if (current.step !== 'preflight' || current.stake !== null) return;
      const address = current.address!;
      const { baseRpcUrl } = await settings();
      const chain = await import('@/lib/wallet/chain');
      try {
        const client = await chain.createBaseClient(baseRpcUrl);
        const staked = await chain.readStakedVvv(client, address);
        await call('mint.report', {
          type: 'preflightDone',
          stake: { kind: 'staked', amount: staked.toString() },
        });
      } catch (err) {
        if (!(err instanceof chain.RpcUnavailableError)) throw err;
        await call('mint.report', {
          type: 'fail',
          code: 'mint.rpc_down',
          message: rpcDownMessage(baseRpcUrl, err.detail),
          retryable: true,
        });
      }
      await refreshVaultStatus();
    });
  }

  function skipPreflight(): Promise<void> {
    return task('skip', 'Going on without the stake check…', async () => {
      await call('mint.report', {
        type: 'preflightSkipped',
        warning:
          'The stake check was skipped: if this wallet has no staked VVV on Base, Venice will refuse the key after you sign.',
      });
      await refreshVaultStatus();
    });
  }

  // ---- vault ---------------------------------------------------------------------------------

  function unlockVault(passphrase: string): Promise<void> {
    return task('vault', 'Unlocking the vault…', async () => {
      await call('vault.unlock', { passphrase });
      await refreshVaultStatus();
      const waiting = pendingSubmit.value;
      if (waiting && vaultStatus.value === 'unlocked') {
        pendingSubmit.value = null;
        await submit(waiting.requestId, waiting.signature);
      }
    });
  }

  function createVault(passphrase: string): Promise<void> {
    return task('vault', 'Creating the vault…', async () => {
      await call('vault.create', { passphrase });
      await refreshVaultStatus();
    });
  }

  // ---- token, signature, mint ---------------------------------------------------------------

  /** Fresh token → the wallet signs it → checked here → posted by the background. */
  function signAndMint(draft?: KeySettingsDraft): Promise<void> {
    return task('sign', 'Getting a token from Venice…', async () => {
      signatureLost.value = false;
      const started = await call('mint.sign', draft ? { draft } : {}).catch(async (err: unknown) => {
        // The worker stopped before answering: the signature may have been asked for already.
        const { requestId, flow: current } = await requestStartedBeforeLoss(err, 'personal_sign');
        return { requestId, message: current.token!.value, address: current.address!, flow: current };
      });
      if (!('requestId' in started)) return; // the flow failed and says why
      const current = started.flow;
      const walletName = current.wallet?.name ?? 'The wallet';
      busy.value = `Waiting for ${walletName}: approve the signature there…`;
      let signature: Hex;
      try {
        const t =
          current.transport === 'metamask'
            ? await metaMaskTransport()
            : (transport ?? createInjectedTransport(current.wallet!));
        signature = await t.sign({
          requestId: started.requestId,
          message: started.message,
          address: started.address,
          deadline: current.token?.expiresAt ?? Date.now() + 15 * 60_000,
        });
      } catch (err) {
        await reportWalletError('sign', err, walletName);
        return;
      }
      await verifyAndSubmit(started.requestId, started.message, started.address, signature);
    });
  }

  function finishInjectedSignature(current: MintFlow, requestId: string): Promise<void> {
    const walletName = current.wallet?.name ?? 'The wallet';
    return task('sign', `Waiting for ${walletName}: approve the signature there…`, async () => {
      let signature: Hex;
      try {
        signature = await awaitInjectedSignature(requestId, current.token?.expiresAt ?? Date.now());
      } catch (err) {
        await reportWalletError('sign', err, walletName);
        return;
      }
      await verifyAndSubmit(requestId, current.token!.value, current.address!, signature);
    });
  }

  async function verifyAndSubmit(
    requestId: string,
    message: string,
    address: Address,
    signature: Hex,
  ): Promise<void> {
    busy.value = 'Checking the signature…';
    const { baseRpcUrl } = await settings();
    const chain = await import('@/lib/wallet/chain');
    let check: { valid: boolean; via: 'local' | 'rpc' };
    try {
      check = await chain.verifyTokenSignature(await chain.createBaseClient(baseRpcUrl), {
        address,
        message,
        signature,
      });
    } catch (err) {
      if (!(err instanceof chain.RpcUnavailableError)) throw err;
      await call('mint.report', {
        type: 'fail',
        code: 'mint.rpc_down',
        message: `The signature could not be checked, so nothing was sent to Venice. ${rpcDownMessage(baseRpcUrl, err.detail)}`,
        retryable: true,
      });
      return;
    }
    signatureCheckNote.value =
      check.via === 'rpc'
        ? `This wallet signs as a contract (ERC-1271), which only Base can check: the extension took the word of the Base RPC (${hostOf(baseRpcUrl)}) that the signature is valid. An ordinary account’s signature is checked here, without the RPC.`
        : null;
    if (!check.valid) {
      await call('mint.report', {
        type: 'fail',
        code: 'mint.signature_mismatch',
        message: SIGNATURE_MISMATCH_MESSAGE,
        retryable: true,
      });
      return;
    }
    await submit(requestId, signature);
  }

  async function submit(requestId: string, signature: Hex): Promise<void> {
    busy.value = 'Minting the key…';
    try {
      const outcome = await call('mint.submit', { requestId, signature });
      // The key exists: its settings are spent, and the next mint starts from a blank form.
      if (outcome.flow.step === 'done') clearDraft();
      if (outcome.secret) {
        shownSecret.value = {
          secret: outcome.secret,
          label: outcome.flow.result?.label ?? 'Web3 API Key',
          saveError: outcome.saveError?.message ?? null,
        };
      }
    } catch (err) {
      if (errorCode(err) === 'vault.locked' || errorCode(err) === 'vault.missing') {
        // Nothing was posted: unlock, then the same signature goes out.
        pendingSubmit.value = { requestId, signature };
        await refreshVaultStatus();
        problem.value =
          'The vault locked before the key could be minted. Unlock it to finish: nothing was sent yet.';
        return;
      }
      throw err;
    }
  }

  // ---- after a failure, or done ---------------------------------------------------------------

  function retry(): Promise<void> {
    return task('retry', 'Trying again…', async () => {
      const failed = flow.value?.failure?.code;
      const next = await call('mint.retry');
      if (next.step === 'connecting') {
        if (next.transport === 'metamask') void connectMetaMask();
        else void discover();
      } else if (next.step === 'connected') void runPreflight();
      else {
        await refreshVaultStatus();
        if (next.step === 'preflight' && next.settings && failed && SIGN_AGAIN.includes(failed))
          void signAndMint();
      }
    });
  }

  function startOver(): Promise<void> {
    return task('reset', 'Starting over…', async () => {
      transport?.disconnect();
      transport = null;
      stopAccountWatch?.();
      shownSecret.value = null;
      pendingSubmit.value = null;
      signatureLost.value = false;
      clearDraft();
      await call('mint.reset');
    });
  }

  async function useSiteWallet(): Promise<void> {
    await startOver();
    await chooseTransport('injected');
  }

  /** Opens the key list (the popup's page, in a tab) to look for a key minted by someone else. */
  async function openKeyList(): Promise<void> {
    await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
  }

  function dismissProblem(): void {
    problem.value = null;
  }

  return {
    flow,
    vaultStatus,
    busy,
    problem,
    shownSecret,
    pendingSubmit,
    now,
    draft,
    typeDraft,
    restoreDraft,
    signatureCheckNote,
    veniceSiteUrl,
    signatureLost,
    refreshVaultStatus,
    startWindow,
    chooseTransport,
    discover,
    connectMetaMask,
    connectInjected,
    runPreflight,
    skipPreflight,
    unlockVault,
    createVault,
    signAndMint,
    retry,
    startOver,
    useSiteWallet,
    openKeyList,
    dismissProblem,
  };
}

export type WalletState = ReturnType<typeof createWalletState>;
