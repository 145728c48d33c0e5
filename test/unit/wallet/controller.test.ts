/**
 * The wallet window's mint (entrypoints/wallet/state.ts, one createWalletState() per test) against the real background: its
 * calls go through the real message router into the real mint service, vault and flow store
 * (the fake browser carries the messages). Faked are only the outside world: a recording Venice
 * (tokens and the mint POST), the Venice tab, the stake read from Base, and the wallet itself
 * (a MetaMask stand-in that signs with a viem local account, or a page wallet answering through
 * the relay). Each guard is checked by counting mint POSTs: a refused mint must send none.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultKeySettings } from '@/lib/keys/key-settings';
import { createVaultService } from '@/lib/vault/vault';
import type { Address, Hex } from '@/lib/wallet/flow';
import type { WalletService } from '@/lib/wallet/service';
import type { SignRequest, TransportEvents, WalletTransport } from '@/lib/wallet/transports/types';
import {
  type FakeSite,
  type MintVenice,
  mintDeps,
  PAGE_WALLET,
  relayMessage,
  relaySender,
  web3Token,
} from '../support/mint-fakes';
import { TEST_PASSPHRASE, vaultWithTwoKeys } from '../vault/fixtures';

const fakes = vi.hoisted(() => ({ wallet: null as unknown }));

vi.mock('@/lib/wallet/transports/metamask', () => ({
  createMetaMaskTransport: async () => fakes.wallet,
}));
// Base is not reachable from a unit test: the stake read answers "staked". The signature check
// stays real (an ordinary account's signature is recovered locally, without the RPC).
vi.mock('@/lib/wallet/chain', async (original) => ({
  ...(await original<typeof import('@/lib/wallet/chain')>()),
  readStakedVvv: async () => 10n ** 21n,
}));

const account = privateKeyToAccount(generatePrivateKey());
const otherAccount = privateKeyToAccount(generatePrivateKey());

/**
 * The MetaMask stand-in: shares `account`, and answers each signature request with what
 * `answer` returns (by default the honest signature).
 */
class FakeWallet implements WalletTransport {
  readonly kind = 'metamask' as const;
  requests: SignRequest[] = [];
  answer: (request: SignRequest) => Promise<Hex> = (request) =>
    account.signMessage({ message: request.message });
  private listeners: { [E in keyof TransportEvents]: Set<TransportEvents[E]> } = {
    accountsChanged: new Set(),
    disconnect: new Set(),
  };
  async connect(): Promise<Address> {
    return account.address;
  }
  async accounts(): Promise<Address[]> {
    return [account.address];
  }
  async sign(request: SignRequest): Promise<Hex> {
    this.requests.push(request);
    return this.answer(request);
  }
  disconnect(): void {}
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }
  switchTo(accounts: string[]): void {
    for (const listener of this.listeners.accountsChanged) listener(accounts);
  }
}

let venice: MintVenice;
let site: FakeSite;
let wallet: FakeWallet;
let controller: import('@/entrypoints/wallet/state').WalletState;
let service: WalletService;
let readFlow: typeof import('@/lib/wallet/store').readFlow;
/** The background method whose next answer is lost on its way back (a worker stopped after the work). */
let loseAnswerOf: string | null = null;
/** Who waits for the background's answer to a call of the window (see answered()). */
let answerWatchers: { method: string; resolve: () => void }[] = [];

/** The page wallet's answer as our relay content script delivers it from the Venice tab. */
function relayFromTab(requestId: string, reply: unknown) {
  return service.receiveRelayedReply(relayMessage(requestId, reply), relaySender());
}

/**
 * The wallet's answer to the pending request, relayed and taken: the flow holds it now. (A flow
 * that dropped it would leave the window waiting for the request's deadline, minutes away.)
 */
async function relayTaken(requestId: string, reply: { ok: true; result: unknown }): Promise<void> {
  expect(await relayFromTab(requestId, reply)).toEqual({ accepted: true });
  expect((await readFlow()).request).toMatchObject({ requestId, reply });
}

/** Resolves once the background has answered the window's next call of `method`. */
function answered(method: string): Promise<void> {
  return new Promise((resolve) => answerWatchers.push({ method, resolve }));
}

beforeEach(async () => {
  fakeBrowser.reset();
  vi.resetModules();
  loseAnswerOf = null;
  answerWatchers = [];
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse('2026-11-29T12:00:00.000Z'));
  wallet = new FakeWallet();
  fakes.wallet = wallet;

  // The background: the real router with the methods the wallet window calls, over a mint
  // service built on the shared fakes, answering only our own page (the wallet window).
  const [
    { createRouter },
    { isRpcRequest },
    { createMintApi },
    { vaultApi },
    { settingsApi },
    walletService,
  ] = await Promise.all([
    import('@/lib/messaging/router'),
    import('@/lib/messaging/protocol'),
    import('@/lib/wallet/api'),
    import('@/lib/vault/api'),
    import('@/lib/settings/api'),
    import('@/lib/wallet/service'),
  ]);
  const made = mintDeps();
  ({ venice, site } = made);
  service = walletService.createWalletService(made.deps);
  const handle = createRouter(
    { ...settingsApi, ...vaultApi, ...createMintApi(() => service) },
    { extensionId: fakeBrowser.runtime.id, extensionOrigin: fakeBrowser.runtime.getURL('/') },
  );
  const windowSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/wallet.html') };
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    if (!isRpcRequest(message)) return undefined;
    const answer = handle(message, windowSender);
    const watching = answerWatchers.filter((w) => w.method === message.method);
    answerWatchers = answerWatchers.filter((w) => w.method !== message.method);
    for (const w of watching) void answer.finally(w.resolve);
    if (message.method !== loseAnswerOf) return answer;
    loseAnswerOf = null;
    // The worker did the work and stopped before its answer reached the window, as Chrome says it then.
    return answer.then(() =>
      Promise.reject(new Error('The message port closed before a response was received.')),
    );
  });
  controller = (await import('@/entrypoints/wallet/state')).createWalletState();
  readFlow = (await import('@/lib/wallet/store')).readFlow;
  // The first test pays for transforming the whole background (viem, zod) on a busy machine.
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});

/**
 * The request the window's `operation` should send to the Venice tab, or a clear failure as soon
 * as the operation ends, or the window shows it is `waiting` for the wallet, without the request
 * having been sent (instead of waiting for the test's timeout).
 */
async function sentBefore<T>(
  request: Promise<T>,
  operation: Promise<void>,
  what: string,
  waiting: RegExp | null = null,
): Promise<T> {
  const gaveUp = operation.then(() => null);
  const sent = await Promise.race(waiting ? [request, gaveUp, windowShows(waiting)] : [request, gaveUp]);
  if (sent === null) {
    throw new Error(
      `${what} was never sent to the Venice tab; the window says: ${controller.busy.value ?? controller.problem.value}`,
    );
  }
  return sent;
}

/** Resolves with null once the window's busy line matches `pattern`. */
function windowShows(pattern: RegExp): Promise<null> {
  return new Promise((resolve) => {
    let seen = false;
    const stop = controller.busy.subscribe((text) => {
      if (seen || !text || !pattern.test(text)) return;
      seen = true;
      queueMicrotask(() => stop());
      resolve(null);
    });
  });
}

/** MetaMask connected through the window, stake checked: the key form is next. */
async function connectedWithMetaMask() {
  const setup = await vaultWithTwoKeys();
  await service.begin('metamask');
  await controller.connectMetaMask();
  const flow = await readFlow();
  expect(flow).toMatchObject({ step: 'preflight', address: account.address, stake: { kind: 'staked' } });
  return setup;
}

const DRAFT = { ...defaultKeySettings(), description: 'minted in the window' };

describe('a mint from the wallet window', () => {
  it('posts the wallet’s signature once, and the secret is in the vault before the window shows it', async () => {
    await connectedWithMetaMask();
    // The order in which the vault record is written and the secret is shown.
    const events: string[] = [];
    fakeBrowser.storage.local.onChanged.addListener((changes) => {
      if ('vault' in changes) events.push('vault written');
    });
    const stopWatching = controller.shownSecret.subscribe((shown) => {
      if (shown) events.push('secret shown');
    });

    await controller.signAndMint(DRAFT);
    stopWatching();

    expect(wallet.requests).toHaveLength(1);
    const token = wallet.requests[0]!.message;
    expect(venice.posts).toHaveLength(1);
    expect(venice.posts[0]).toMatchObject({
      address: account.address,
      token,
      signature: await account.signMessage({ message: token }),
      description: 'minted in the window',
    });
    const shown = controller.shownSecret.value;
    expect(shown).toEqual({
      secret: venice.minted[0]!.apiKey,
      label: 'minted in the window',
      saveError: null,
    });
    expect(events.indexOf('vault written')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('vault written')).toBeLessThan(events.indexOf('secret shown'));
    // A fresh vault instance reads only storage: the shown secret is the stored one.
    const flow = await readFlow();
    expect(flow.step).toBe('done');
    const fresh = createVaultService();
    expect(await fresh.getStoredSecret(flow.result!.entryId!)).toBe(shown!.secret);
    expect(controller.problem.value).toBeNull();
  });
});

describe('every guard in the wallet window sends no mint POST', () => {
  it('a signature by another account', async () => {
    await connectedWithMetaMask();
    wallet.answer = (request) => otherAccount.signMessage({ message: request.message });
    await controller.signAndMint(DRAFT);
    expect(venice.posts).toHaveLength(0);
    expect((await readFlow()).failure).toMatchObject({ code: 'mint.signature_mismatch', retryable: true });
    expect(controller.shownSecret.value).toBeNull();
  });

  it('a signature of something other than the token Venice issued', async () => {
    await connectedWithMetaMask();
    wallet.answer = () => account.signMessage({ message: web3Token(Math.floor(Date.now() / 1000) - 60) });
    await controller.signAndMint(DRAFT);
    expect(venice.posts).toHaveLength(0);
    expect((await readFlow()).failure?.code).toBe('mint.signature_mismatch');
    expect(controller.shownSecret.value).toBeNull();
  });

  it('a page wallet’s reply relayed under another request id is not taken as the signature', async () => {
    await vaultWithTwoKeys();
    await service.begin('injected');
    await service.discover();
    const connecting = controller.connectInjected(PAGE_WALLET);
    const connect = await sentBefore(site.request(0), connecting, 'the accounts request');
    expect(connect.request.method).toBe('eth_requestAccounts');
    await relayTaken(connect.request.requestId, { ok: true, result: [account.address] });
    await connecting;
    expect((await readFlow()).step).toBe('preflight');

    const signing = controller.signAndMint(DRAFT);
    // The window shows it waits for the wallet only once the background has sent the request.
    const sign = await sentBefore(site.request(1), signing, 'the signature request', /approve the signature/);
    expect(sign.request.method).toBe('personal_sign');
    const token = (await readFlow()).token!.value;
    const signature = await account.signMessage({ message: token });
    expect(await relayFromTab(crypto.randomUUID(), { ok: true, result: signature })).toMatchObject({
      accepted: false,
    });
    // The window is still waiting on its own request; the person gives up.
    expect(controller.busy.value).toMatch(/Waiting for Test Wallet/);
    expect((await readFlow()).request).toMatchObject({ requestId: sign.request.requestId, reply: null });
    await controller.startOver();
    // Before waiting on the window: a flow that did not go back to idle would leave it waiting.
    expect((await readFlow()).step).toBe('idle');
    await signing;
    expect(venice.posts).toHaveLength(0);
    expect(controller.shownSecret.value).toBeNull();
    expect((await readFlow()).step).toBe('idle');
  });

  it('a signature that arrives after the token expired', async () => {
    await connectedWithMetaMask();
    wallet.answer = async (request) => {
      const signature = await account.signMessage({ message: request.message });
      vi.setSystemTime(request.deadline);
      return signature;
    };
    await controller.signAndMint(DRAFT);
    expect(venice.posts).toHaveLength(0);
    expect((await readFlow()).failure).toMatchObject({ code: 'mint.token_expired', retryable: true });
    expect(controller.shownSecret.value).toBeNull();
  });

  it('the wallet switched to another account while signing', async () => {
    await connectedWithMetaMask();
    wallet.answer = async (request) => {
      // The background has taken the switch in before the wallet answers.
      const reported = answered('mint.report');
      wallet.switchTo([otherAccount.address]);
      await reported;
      return account.signMessage({ message: request.message });
    };
    await controller.signAndMint(DRAFT);
    expect(venice.posts).toHaveLength(0);
    expect((await readFlow()).failure?.code).toBe('mint.account_switched');
    expect(controller.problem.value).toMatch(/not for the mint in progress/);
    expect(controller.shownSecret.value).toBeNull();
  });

  it('a vault that locked while the wallet signed: nothing is sent until it is unlocked, then the same signature', async () => {
    const { vault } = await connectedWithMetaMask();
    wallet.answer = async (request) => {
      await vault.lock();
      return account.signMessage({ message: request.message });
    };
    await controller.signAndMint(DRAFT);
    expect(venice.posts).toHaveLength(0);
    expect(controller.problem.value).toMatch(/Unlock it to finish: nothing was sent yet/);
    expect(controller.vaultStatus.value).toBe('locked');
    expect(controller.shownSecret.value).toBeNull();
    const signature = controller.pendingSubmit.value?.signature;
    expect(signature).toBe(await account.signMessage({ message: wallet.requests[0]!.message }));

    await controller.unlockVault(TEST_PASSPHRASE);
    expect(wallet.requests).toHaveLength(1);
    expect(venice.posts).toHaveLength(1);
    expect(venice.posts[0]!.signature).toBe(signature);
    expect(controller.pendingSubmit.value).toBeNull();
    const flow = await readFlow();
    expect(await vault.getStoredSecret(flow.result!.entryId!)).toBe(controller.shownSecret.value?.secret);
  });
});

describe('a worker that stopped before answering the window loses no wallet request', () => {
  /** The page wallet connected through the window, stake checked: the key form is next. */
  async function connectedWithPageWallet(): Promise<void> {
    await vaultWithTwoKeys();
    await service.begin('injected');
    await service.discover();
    loseAnswerOf = 'mint.connectInjected';
    const connecting = controller.connectInjected(PAGE_WALLET);
    const connect = await sentBefore(site.request(0), connecting, 'the accounts request');
    expect(connect.request.method).toBe('eth_requestAccounts');
    expect(loseAnswerOf).toBeNull();
    await relayTaken(connect.request.requestId, { ok: true, result: [account.address] });
    await connecting;
    expect(controller.problem.value).toBeNull();
    expect(await readFlow()).toMatchObject({ step: 'preflight', address: account.address });
  }

  it('the connect request: the window takes the accounts the wallet shares', async () => {
    await connectedWithPageWallet();
    expect(site.requests).toHaveLength(1);
  });

  it('the signature request: the window waits for the signature the wallet sends, and mints once', async () => {
    await connectedWithPageWallet();
    loseAnswerOf = 'mint.sign';
    const signing = controller.signAndMint(DRAFT);
    const sign = await sentBefore(site.request(1), signing, 'the signature request');
    expect(sign.request.method).toBe('personal_sign');
    const token = (await readFlow()).token!.value;
    const signature = await account.signMessage({ message: token });
    await relayTaken(sign.request.requestId, { ok: true, result: signature });
    await signing;
    expect(loseAnswerOf).toBeNull();
    expect(controller.problem.value).toBeNull();
    expect(venice.posts).toHaveLength(1);
    expect(venice.posts[0]).toMatchObject({ token, signature, description: 'minted in the window' });
    const flow = await readFlow();
    expect(flow.step).toBe('done');
    expect(controller.shownSecret.value?.secret).toBe(venice.minted[0]!.apiKey);
  });

  it('MetaMask: the window asks for the signature the background was about to hand it', async () => {
    await connectedWithMetaMask();
    loseAnswerOf = 'mint.sign';
    await controller.signAndMint(DRAFT);
    expect(loseAnswerOf).toBeNull();
    expect(controller.problem.value).toBeNull();
    expect(wallet.requests).toHaveLength(1);
    expect(venice.posts).toHaveLength(1);
    expect((await readFlow()).step).toBe('done');
  });

  it('a flow that did not get as far as asking: the window says the background did not answer, and nothing is sent', async () => {
    await connectedWithMetaMask();
    venice.getWeb3Token = async () => {
      throw new Error('Venice is down');
    };
    loseAnswerOf = 'mint.sign';
    await controller.signAndMint(DRAFT);
    expect(loseAnswerOf).toBeNull();
    expect(controller.problem.value).toMatch(/background did not answer/);
    expect((await readFlow()).step).toBe('failed');
    expect(wallet.requests).toHaveLength(0);
    expect(venice.posts).toHaveLength(0);
  });
});
