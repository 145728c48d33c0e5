/**
 * The mint background (lib/wallet/service.ts) against fakes: a recording Venice client, a fake
 * Venice tab (site.ts), the real vault in the fake browser's storage, the real flow store, and
 * real signatures from a viem local account. Each guard in front of the mint POST is checked by
 * counting POSTs: a refused submit must send none.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultKeySettings } from '@/lib/keys/key-settings';
import { VaultLockedError } from '@/lib/vault/errors';
import { createVaultService } from '@/lib/vault/vault';
import { VeniceServerError } from '@/lib/venice/errors';
import type { Hex } from '@/lib/wallet/flow';
import { createWalletService, type WalletService } from '@/lib/wallet/service';
import { readFlow } from '@/lib/wallet/store';
import {
  announcedFlow,
  DOCUMENT,
  type FakeSite,
  type MintVenice,
  mintDeps,
  relayMessage as relay,
  relaySender as sender,
  TAB,
  PAGE_WALLET as WALLET,
  web3Token,
} from '../support/mint-fakes';
import { TEST_PASSPHRASE, vaultWithTwoKeys } from '../vault/fixtures';

const account = privateKeyToAccount(generatePrivateKey());
const otherAccount = privateKeyToAccount(generatePrivateKey());

let venice: MintVenice;
let site: FakeSite;
let refreshes: string[];
let service: WalletService;

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse('2026-11-29T12:00:00.000Z'));
  const made = mintDeps();
  ({ venice, site, refreshes } = made);
  service = createWalletService(made.deps);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Connects the test wallet through the Venice tab and passes the stake check. */
async function connected() {
  const vault = await vaultWithTwoKeys();
  await service.begin('injected');
  await service.discover();
  const { requestId } = await service.connectInjected(WALLET.uuid);
  expect(
    await service.receiveRelayedReply(relay(requestId, { ok: true, result: [account.address] }), sender()),
  ).toEqual({ accepted: true });
  await service.report({ type: 'connected', address: account.address, wallet: WALLET });
  await service.report({ type: 'preflightStarted' });
  await service.report({ type: 'preflightDone', stake: { kind: 'staked', amount: '1000' } });
  return vault;
}

/** …then a fresh token and the wallet's signature, relayed from the tab. */
async function signed() {
  const setup = await connected();
  const started = await service.startSigning({ ...defaultKeySettings(), description: 'minted here' });
  if (!('requestId' in started)) throw new Error(`signing did not start: ${started.flow.failure?.message}`);
  const signature = await account.signMessage({ message: started.message });
  expect(
    await service.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), sender()),
  ).toEqual({ accepted: true });
  return { ...setup, requestId: started.requestId, signature, message: started.message };
}

describe('a mint that goes through', () => {
  it('signs the exact token, posts once, and the secret is in the vault before it is returned', async () => {
    const { vault, requestId, signature, message } = await signed();
    expect(venice.tokens).toBe(1);
    const signRequest = site.requests.find((r) => r.request.method === 'personal_sign');
    expect(signRequest?.request.params[1]).toBe(account.address);
    expect(signRequest?.request.params[0]).toBe(`0x${Buffer.from(message).toString('hex')}`);

    // Reads the stored record at the moment the POST's answer leaves the fake: nothing saved yet.
    let storedDuringPost: string[] | null = null;
    venice.duringPost = async () => {
      storedDuringPost = (await vault.listStoredKeys()).map((k) => k.label);
    };
    const result = await service.submit(requestId, signature);
    expect(venice.posts).toHaveLength(1);
    expect(venice.posts[0]).toMatchObject({ address: account.address, signature, token: message });
    expect(storedDuringPost).toEqual(['admin', 'app']);

    const created = venice.minted[0]!;
    expect(result.secret).toBe(created.apiKey);
    expect(result.saveError).toBeNull();
    expect(result.flow.step).toBe('done');
    const entryId = result.flow.result?.entryId;
    expect(entryId).toEqual(expect.any(String));
    // A fresh vault instance reads only storage: the secret was durable when submit resolved.
    const fresh = createVaultService({ policy: vault.policy });
    expect(await fresh.getStoredSecret(entryId!)).toBe(created.apiKey);
    expect((await fresh.findStoredKeyByVeniceId(created.id))?.source).toBe('minted');
    // The flow keeps no secret, and the token is spent.
    expect(JSON.stringify(await readFlow())).not.toContain(created.apiKey);
    expect((await readFlow()).token).toBeNull();
  });

  it('when the vault locks during the POST, the secret is returned once with the save error', async () => {
    const { vault, requestId, signature } = await signed();
    venice.duringPost = () => vault.lock();
    const result = await service.submit(requestId, signature);
    expect(venice.posts).toHaveLength(1);
    expect(result.secret).toBe(venice.minted[0]!.apiKey);
    expect(result.saveError?.code).toBe(new VaultLockedError().code);
    expect(result.flow.result?.entryId).toBeNull();
  });

  it('a failed POST is reported and never retried by itself', async () => {
    const { requestId, signature } = await signed();
    venice.failPost = new VeniceServerError(503);
    const result = await service.submit(requestId, signature);
    expect(venice.posts).toHaveLength(1);
    expect(result.secret).toBeNull();
    expect(result.flow.step).toBe('failed');
  });
});

describe('every guard in front of the mint POST sends nothing', () => {
  it('a relayed reply other than the signature submitted', async () => {
    const { requestId } = await signed();
    const forged = await otherAccount.signMessage({ message: 'anything' });
    await expect(service.submit(requestId, forged)).rejects.toThrow(/not the signature the wallet sent/);
    expect(venice.posts).toHaveLength(0);
    expect((await readFlow()).step).toBe('signing');
  });

  it('a signature submitted before the wallet answered through the relay', async () => {
    const { vault } = await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const signature = await account.signMessage({ message: started.message });
    await expect(service.submit(started.requestId, signature)).rejects.toThrow(
      /not the signature the wallet sent/,
    );
    expect(venice.posts).toHaveLength(0);
    expect(await vault.listStoredKeys()).toHaveLength(2);
  });

  it('a wrong request id', async () => {
    const { signature } = await signed();
    await expect(service.submit(crypto.randomUUID(), signature)).rejects.toMatchObject({
      name: 'MintRequestMismatchError',
      code: 'mint.request_mismatch',
      message: 'This signature is not for the mint in progress. Reopen the wallet window.',
    });
    expect(venice.posts).toHaveLength(0);
  });

  it('a relayed reply for another request id is refused at the relay', async () => {
    await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const signature = await account.signMessage({ message: started.message });
    expect(
      await service.receiveRelayedReply(
        relay(crypto.randomUUID(), { ok: true, result: signature }),
        sender(),
      ),
    ).toEqual({ accepted: false, reason: 'unknown request id' });
    expect(
      await service.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), {
        id: 'another-extension',
        tab: { id: TAB },
      }),
    ).toMatchObject({ accepted: false });
    expect(
      await service.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), {
        id: fakeBrowser.runtime.id,
        tab: { id: TAB + 1 },
      }),
    ).toEqual({ accepted: false, reason: 'wrong tab' });
    expect((await readFlow()).request?.reply).toBeNull();
    await expect(service.submit(started.requestId, signature)).rejects.toThrow();
    expect(venice.posts).toHaveLength(0);
  });

  it('a reply from a subframe, another site or another document in the tab is refused at the relay', async () => {
    await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const signature = await account.signMessage({ message: started.message });
    const reply = relay(started.requestId, { ok: true, result: signature });
    expect(await service.receiveRelayedReply(reply, { ...sender(), frameId: 4 })).toEqual({
      accepted: false,
      reason: 'not the top frame',
    });
    expect(await service.receiveRelayedReply(reply, { ...sender(), origin: 'https://evil.example' })).toEqual(
      {
        accepted: false,
        reason: 'not the Venice site',
      },
    );
    expect(
      await service.receiveRelayedReply(reply, { ...sender(), documentId: 'DOC-after-navigation' }),
    ).toEqual({
      accepted: false,
      reason: 'another document in the tab',
    });
    expect((await readFlow()).request?.reply).toBeNull();
    await expect(service.submit(started.requestId, signature)).rejects.toThrow();
    expect(venice.posts).toHaveLength(0);
  });

  it('a token that would outlive Venice’s 15 minutes is never sent to the wallet', async () => {
    await connected();
    venice.getWeb3Token = async () => {
      venice.tokens += 1;
      return web3Token(Math.floor(Date.now() / 1000), 7 * 86_400);
    };
    const before = site.requests.length;
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    expect('requestId' in started).toBe(false);
    expect(started.flow.failure).toMatchObject({ code: 'mint.token_refused', retryable: true });
    expect(site.requests.slice(before).filter((r) => r.request.method === 'personal_sign')).toEqual([]);
    expect(venice.posts).toHaveLength(0);
  });

  it('an answer that is not a signature', async () => {
    const { requestId } = await signed();
    await expect(service.submit(requestId, '0x1234' as Hex)).rejects.toThrow(/not a signature/);
    expect(venice.posts).toHaveLength(0);
  });

  it('an expired token: the flow says so, retryable', async () => {
    const { requestId, signature } = await signed();
    vi.setSystemTime(Date.now() + 15 * 60_000);
    const result = await service.submit(requestId, signature);
    expect(venice.posts).toHaveLength(0);
    expect(result.secret).toBeNull();
    expect(result.flow.failure).toMatchObject({ code: 'mint.token_expired', retryable: true });
  });

  it('a token one second from its end still goes through (the edge is the token’s own lifetime)', async () => {
    const { requestId, signature } = await signed();
    vi.setSystemTime(Date.now() + 15 * 60_000 - 1_000);
    const result = await service.submit(requestId, signature);
    expect(venice.posts).toHaveLength(1);
    expect(result.flow.step).toBe('done');
  });

  it('the wallet switched accounts after signing', async () => {
    const { requestId, signature } = await signed();
    const flow = await service.report({ type: 'accountsChanged', accounts: [otherAccount.address] });
    expect(flow.failure?.code).toBe('mint.account_switched');
    await expect(service.submit(requestId, signature)).rejects.toThrow(/not for the mint in progress/);
    expect(venice.posts).toHaveLength(0);
  });

  it('the same account reported again changes nothing', async () => {
    const { requestId, signature } = await signed();
    expect(
      (await service.report({ type: 'accountsChanged', accounts: [account.address.toLowerCase()] })).step,
    ).toBe('signing');
    expect((await service.submit(requestId, signature)).flow.step).toBe('done');
  });

  it('a locked vault: nothing is sent, and the same signature goes through after unlocking', async () => {
    const { vault, requestId, signature } = await signed();
    await vault.lock();
    await expect(service.submit(requestId, signature)).rejects.toBeInstanceOf(VaultLockedError);
    expect(venice.posts).toHaveLength(0);
    expect((await readFlow()).step).toBe('signing');
    await vault.unlock(TEST_PASSPHRASE);
    const result = await service.submit(requestId, signature);
    expect(venice.posts).toHaveLength(1);
    expect(await vault.getStoredSecret(result.flow.result!.entryId!)).toBe(result.secret);
  });

  it('a locked vault before signing: no token is even fetched', async () => {
    const { vault } = await connected();
    await vault.lock();
    await expect(service.startSigning({ ...defaultKeySettings(), description: 'x' })).rejects.toBeInstanceOf(
      VaultLockedError,
    );
    expect(venice.tokens).toBe(0);
    expect(site.requests.filter((r) => r.request.method === 'personal_sign')).toEqual([]);
  });

  it('a second submit of a spent signature sends nothing more', async () => {
    const { requestId, signature } = await signed();
    await service.submit(requestId, signature);
    await expect(service.submit(requestId, signature)).rejects.toThrow(/not for the mint in progress/);
    expect(venice.posts).toHaveLength(1);
  });
});

describe('connecting', () => {
  it('refuses an address the wallet never shared', async () => {
    await vaultWithTwoKeys();
    await service.begin('injected');
    await service.discover();
    const { requestId } = await service.connectInjected(WALLET.uuid);
    await service.receiveRelayedReply(relay(requestId, { ok: true, result: [account.address] }), sender());
    await expect(
      service.report({ type: 'connected', address: otherAccount.address, wallet: WALLET }),
    ).rejects.toThrow(/not one the wallet shared/);
    expect((await readFlow()).address).toBeNull();
  });

  it('the Venice tab closed while the wallet is asked fails the flow at once', async () => {
    await vaultWithTwoKeys();
    await service.begin('injected');
    await service.discover();
    await service.connectInjected(WALLET.uuid);
    await service.siteTabClosed(TAB + 1);
    expect((await readFlow()).step).toBe('connecting');
    await service.siteTabClosed(TAB);
    expect((await readFlow()).failure).toMatchObject({
      code: 'mint.site_unavailable',
      retryable: true,
      message: expect.stringContaining('The Venice tab was closed while the wallet was being asked.'),
    });
  });
});

describe('the wallet window', () => {
  it('opens once as a popup window on wallet.html; asked again, brings the same window forward', async () => {
    const before = (await fakeBrowser.windows.getAll()).length;
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const first = await service.openWindow();
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![0]).toMatchObject({
      url: fakeBrowser.runtime.getURL('/wallet.html'),
      type: 'popup',
      focused: true,
    });
    expect((await fakeBrowser.windows.get(first.windowId)).type).toBe('popup');
    const update = vi.spyOn(fakeBrowser.windows, 'update');
    expect(await service.openWindow()).toEqual(first);
    expect(update).toHaveBeenCalledWith(first.windowId, { focused: true });
    expect(create).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.windows.getAll()).toHaveLength(before + 1);
  });

  it('opens a new one when the known window was closed, or forgotten', async () => {
    const first = await service.openWindow();
    await fakeBrowser.windows.remove(first.windowId);
    const second = await service.openWindow();
    expect(second.windowId).not.toBe(first.windowId);
    await service.forgetWindow(first.windowId);
    expect(await service.openWindow()).toEqual(second);
    await service.forgetWindow(second.windowId);
    const third = await service.openWindow();
    expect(third.windowId).not.toBe(second.windowId);
  });
});

describe('starting', () => {
  it('on Firefox a MetaMask mint is refused before any flow starts; the Venice-site wallet is offered', async () => {
    const firefox = createWalletService(mintDeps({ firefox: true }).deps);
    await expect(firefox.begin('metamask')).rejects.toMatchObject({
      name: 'MintTransportError',
      code: 'mint.transport_unsupported',
      message: expect.stringContaining('A wallet on the Venice site'),
    });
    expect((await readFlow()).step).toBe('idle');
    expect((await firefox.begin('injected')).step).toBe('connecting');
  });

  it('each mint gets a new flow id from the service', async () => {
    const first = await service.begin('metamask');
    const second = await service.begin('metamask');
    expect(first.flowId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.flowId).not.toBe(first.flowId);
  });
});

describe('the Venice tab and its wallets', () => {
  it('looking for wallets before a site-wallet mint began is refused', async () => {
    await expect(service.discover()).rejects.toThrow(/A wallet on the Venice site/);
    await service.begin('metamask');
    await expect(service.discover()).rejects.toThrow(/A wallet on the Venice site/);
  });

  it('no wallet on the page fails the flow, naming the site, retryable', async () => {
    await service.begin('injected');
    site.noWallets = true;
    const flow = await service.discover();
    expect(flow.failure).toMatchObject({ code: 'mint.no_wallet', retryable: true });
    expect(flow.failure?.message).toContain('venice.ai');
  });

  it('a Venice tab that cannot be opened fails the flow with its reason, retryable', async () => {
    await service.begin('injected');
    site.unavailable = 'The Venice site did not load.';
    const flow = await service.discover();
    expect(flow.failure).toEqual(
      expect.objectContaining({
        code: 'mint.site_unavailable',
        message: 'The Venice site did not load.',
        retryable: true,
      }),
    );
  });

  it('a wallet not among those found is refused before the tab is asked anything', async () => {
    await service.begin('injected');
    await service.discover();
    await expect(service.connectInjected('some-other-uuid')).rejects.toThrow(/not among the ones found/);
    expect(site.requests).toEqual([]);
    expect((await readFlow()).request).toBeNull();
  });

  it('the wallet declining to connect fails the flow in the wallet’s name', async () => {
    await service.begin('injected');
    await service.discover();
    site.refuse = { code: 4001, message: 'User rejected the request.' };
    const { flow } = await service.connectInjected(WALLET.uuid);
    expect(flow.failure).toMatchObject({ code: 'mint.connect_rejected', retryable: true });
    expect(flow.failure?.message).toContain('Test Wallet');
  });

  it('the tab gone when the signature is asked for fails the flow; no signature can follow', async () => {
    await connected();
    site.unavailable = 'The Venice tab was closed.';
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    expect('requestId' in started).toBe(false);
    expect(started.flow.failure).toMatchObject({ code: 'mint.site_unavailable', retryable: true });
    expect(venice.posts).toHaveLength(0);
  });

  it('the wallet declining to sign fails the flow; nothing is posted', async () => {
    await connected();
    site.refuse = { code: 4001, message: 'User rejected the request.' };
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    expect('requestId' in started).toBe(false);
    expect(started.flow.failure).toMatchObject({ code: 'mint.sign_rejected', retryable: true });
    expect(venice.posts).toHaveLength(0);
  });

  it('closing the Venice tab after the wallet answered changes nothing: the answer stands', async () => {
    const { requestId, signature } = await signed();
    await service.siteTabClosed(TAB);
    expect((await readFlow()).step).toBe('signing');
    expect((await service.submit(requestId, signature)).flow.step).toBe('done');
  });

  it('closing the Venice tab of a MetaMask mint changes nothing', async () => {
    await vaultWithTwoKeys();
    await service.begin('metamask');
    await service.siteTabClosed(TAB);
    expect((await readFlow()).step).toBe('connecting');
  });
});

describe('signing needs settings, a vault and a token', () => {
  it('no settings chosen and none kept: refused before a token is asked for', async () => {
    await connected();
    await expect(service.startSigning()).rejects.toThrow(/Choose the key’s settings first/);
    expect(venice.tokens).toBe(0);
  });

  it('settings that do not validate: refused before a token is asked for', async () => {
    await connected();
    await expect(
      service.startSigning({ ...defaultKeySettings(), description: 'x', usdCap: '-5' }),
    ).rejects.toMatchObject({ code: 'mint.settings_invalid' });
    expect(venice.tokens).toBe(0);
  });

  it('signing again without a draft reuses the settings already chosen', async () => {
    await connected();
    const first = await service.startSigning({ ...defaultKeySettings(), description: 'kept settings' });
    if (!('requestId' in first)) throw new Error('signing did not start');
    const again = await service.startSigning();
    if (!('requestId' in again)) throw new Error('signing again did not start');
    expect(again.requestId).not.toBe(first.requestId);
    expect(venice.tokens).toBe(2);
    expect(again.flow.settings?.description).toBe('kept settings');
  });

  it('no vault at all: refused before a token is asked for', async () => {
    await service.begin('metamask');
    await service.report({ type: 'connected', address: account.address, wallet: WALLET });
    await service.report({ type: 'preflightStarted' });
    await service.report({ type: 'preflightDone', stake: { kind: 'staked', amount: '1000' } });
    await expect(service.startSigning({ ...defaultKeySettings(), description: 'x' })).rejects.toMatchObject({
      code: 'vault.missing',
    });
    expect(venice.tokens).toBe(0);
  });

  it('Venice failing to give a token fails the flow; no wallet is asked to sign', async () => {
    await connected();
    venice.getWeb3Token = async () => {
      throw new VeniceServerError(503);
    };
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    expect('requestId' in started).toBe(false);
    expect(started.flow.step).toBe('failed');
    expect(started.flow.failure?.retryable).toBe(true);
    expect(site.requests.filter((r) => r.request.method === 'personal_sign')).toEqual([]);
  });
});

describe('after the mint', () => {
  it('reads the new key’s limits back with the management key when Venice shows it', async () => {
    const { admin, requestId, signature } = await signed();
    const { updateSettings } = await import('@/lib/settings/service');
    await updateSettings({ managementKeyId: admin.entryId });
    const readBack = { usd: 25, diem: null };
    const asked: { secret: string; id: string }[] = [];
    venice.getApiKey = async (secret, id) => {
      asked.push({ secret, id });
      return { ...venice.minted[0]!, consumptionLimits: readBack };
    };
    const read = announcedFlow((flow) => flow.result?.limitsSource === 'venice');
    const result = await service.submit(requestId, signature);
    expect(result.flow.result?.limitsSource).toBe('echo');
    // A read-back that ends without announcing fails here at once, not at the test's timeout.
    const after = await Promise.race([read, service.readBackSettled().then(() => null)]);
    expect(after, 'the read-back ended without announcing the limits Venice shows').not.toBeNull();
    expect(after?.result?.limits).toEqual(readBack);
    expect(asked).toEqual([
      { secret: expect.stringMatching(/^VENICE_ADMIN_KEY_/), id: venice.minted[0]!.id },
    ]);
  });

  it('tells the badge and the key list that a key was minted', async () => {
    const { requestId, signature } = await signed();
    expect(refreshes).toEqual([]);
    await service.submit(requestId, signature);
    expect(refreshes).toEqual(['badge: wallet mint', 'keys: wallet mint']);
  });

  it('a failed POST refreshes nothing', async () => {
    const { requestId, signature } = await signed();
    venice.failPost = new VeniceServerError(503);
    await service.submit(requestId, signature);
    expect(refreshes).toEqual([]);
  });

  it('a relayed reply for a flow that moved on is not accepted', async () => {
    await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    await service.reset();
    const signature = await account.signMessage({ message: started.message });
    expect(
      await service.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), sender()),
    ).toMatchObject({ accepted: false });
    expect((await readFlow()).step).toBe('idle');
  });
});

describe('what the service sends and keeps, field by field', () => {
  it('the wallet window is 440 × 720; a window the browser could not open is said, and nothing is kept', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    await service.openWindow();
    expect(create.mock.calls[0]![0]).toMatchObject({ width: 440, height: 720 });

    fakeBrowser.reset();
    const noWindow = createWalletService({
      ...mintDeps().deps,
      windows: { ...fakeBrowser.windows, create: async () => ({}) },
    });
    await expect(noWindow.openWindow()).rejects.toMatchObject({
      code: 'mint.window_failed',
      message: 'Could not open the wallet window.',
    });
    // Nothing was remembered: the next call tries to open one again.
    const opened = await service.openWindow();
    expect((await fakeBrowser.windows.get(opened.windowId)).type).toBe('popup');
  });

  it('forgetting another window keeps the known one', async () => {
    const first = await service.openWindow();
    await service.forgetWindow(first.windowId + 1000);
    expect(await service.openWindow()).toEqual(first);
  });

  it('looking again reuses the Venice tab found before, and the flow keeps the tab and document', async () => {
    await service.begin('injected');
    const found = await service.discover();
    expect(found).toMatchObject({ tabId: TAB, documentId: DOCUMENT, wallets: [WALLET] });
    await service.discover();
    expect(site.ensured).toEqual([null, TAB]);
  });

  it('an unexpected failure while looking for wallets is not dressed up as the site’s: it is thrown', async () => {
    const broken = withBrokenTab('discoverWallets');
    await broken.begin('injected');
    await expect(broken.discover()).rejects.toBeInstanceOf(TypeError);
    expect((await readFlow()).step).toBe('connecting');
  });

  it('connecting asks the wallet in the tab’s document, with a fresh request id and no address to expect', async () => {
    await service.begin('injected');
    await service.discover();
    const { requestId, flow } = await service.connectInjected(WALLET.uuid);
    expect(site.requests).toEqual([
      {
        target: { tabId: TAB, documentId: DOCUMENT },
        request: {
          requestId,
          tag: 'vkc/wallet-reply',
          wallet: { uuid: WALLET.uuid, rdns: WALLET.rdns },
          method: 'eth_requestAccounts',
          params: [],
          expectAddress: null,
        },
      },
    ]);
    expect(flow.request).toEqual({
      requestId,
      method: 'eth_requestAccounts',
      tabId: TAB,
      startedAt: Date.now(),
      reply: null,
    });
  });

  it('an unexpected failure in the tab while connecting is thrown, not turned into a wallet refusal', async () => {
    const broken = withBrokenTab('startWalletRequest');
    await broken.begin('injected');
    await broken.discover();
    await expect(broken.connectInjected(WALLET.uuid)).rejects.toBeInstanceOf(TypeError);
    expect((await readFlow()).failure).toBeNull();
  });

  it('the signature is asked for in the same document, expecting the connected address', async () => {
    await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const sign = site.of('personal_sign');
    expect(sign).toHaveLength(1);
    expect(sign[0]!.target).toEqual({ tabId: TAB, documentId: DOCUMENT });
    expect(sign[0]!.request).toMatchObject({
      requestId: started.requestId,
      tag: 'vkc/wallet-reply',
      wallet: { uuid: WALLET.uuid, rdns: WALLET.rdns },
      expectAddress: account.address,
    });
    expect(started.flow.request).toMatchObject({
      method: 'personal_sign',
      tabId: TAB,
      startedAt: Date.now(),
    });
    expect(started.flow.token).toMatchObject({ receivedAt: Date.now() });
  });

  it('a connected address is matched to the shared one whatever its letter case; a refusal shares none', async () => {
    await vaultWithTwoKeys();
    await service.begin('injected');
    await service.discover();
    const { requestId } = await service.connectInjected(WALLET.uuid);
    await service.receiveRelayedReply(
      relay(requestId, { ok: true, result: [account.address.toLowerCase()] }),
      sender(),
    );
    const flow = await service.report({ type: 'connected', address: account.address, wallet: WALLET });
    expect(flow).toMatchObject({ step: 'connected', address: account.address });

    await service.reset();
    await service.begin('injected');
    await service.discover();
    const second = await service.connectInjected(WALLET.uuid);
    await service.receiveRelayedReply(
      relay(second.requestId, { ok: false, error: { code: 4001, message: 'User rejected the request.' } }),
      sender(),
    );
    await expect(
      service.report({ type: 'connected', address: account.address, wallet: WALLET }),
    ).rejects.toThrow(/not one the wallet shared/);
  });

  it('MetaMask’s address needs no relayed answer (the window talks to MetaMask itself)', async () => {
    await service.begin('metamask');
    const flow = await service.report({ type: 'connected', address: account.address, wallet: WALLET });
    expect(flow).toMatchObject({ step: 'connected', address: account.address });
  });

  it('settings that do not validate say every problem, one per line', async () => {
    await connected();
    const refused: { name?: string; message: string; fieldErrors: Record<string, string> } = await service
      .startSigning({ ...defaultKeySettings(), description: 'x', usdCap: '-5', diemCap: 'lots' })
      .then(
        () => ({ message: 'accepted', fieldErrors: {} }),
        (err: { message: string; fieldErrors: Record<string, string> }) => err,
      );
    expect(refused).toMatchObject({ name: 'MintSettingsInvalidError', code: 'mint.settings_invalid' });
    expect(Object.keys(refused.fieldErrors).sort()).toEqual(['diemCap', 'usdCap']);
    expect(refused.message.split('\n').sort()).toEqual(Object.values(refused.fieldErrors).sort());
  });

  it('posts the chosen settings with the wallet’s parts, and the flow records what was minted', async () => {
    await connected();
    const started = await service.startSigning({
      ...defaultKeySettings(),
      description: '  my   key ',
      usdCap: '12',
      limitPeriod: 'MONTH',
    });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const signature = await account.signMessage({ message: started.message });
    await service.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), sender());
    const result = await service.submit(started.requestId, signature);
    expect(venice.posts).toEqual([
      {
        apiKeyType: 'INFERENCE',
        description: 'my   key',
        limitPeriod: 'MONTH',
        consumptionLimit: { usd: 12 },
        address: account.address,
        signature,
        token: started.message,
      },
    ]);
    const created = venice.minted[0]!;
    expect(result.flow.result).toEqual({
      veniceKeyId: created.id,
      apiKeyType: 'INFERENCE',
      label: 'my key',
      last6: created.apiKey.slice(-6),
      entryId: expect.any(String),
      limits: created.consumptionLimits,
      limitsSource: 'echo',
      limitPeriod: created.limitPeriod,
      expiresAt: created.expiresAt,
      mintedAt: Date.now(),
    });
  });

  it('a key minted without a name takes Venice’s, and nothing is read back without a management key', async () => {
    const { requestId, signature } = await signedWith({ ...defaultKeySettings(), description: '' });
    let readBacks = 0;
    venice.getApiKey = async () => {
      readBacks += 1;
      throw new Error('not expected');
    };
    const result = await service.submit(requestId, signature);
    expect(venice.posts[0]).not.toHaveProperty('description');
    expect(result.flow.result?.label).toBe('Web3 API Key');
    expect(refreshes).toHaveLength(2);
    expect(readBacks).toBe(0);
  });

  it('the Venice tab closing after the flow ended, or while no request waits, changes nothing', async () => {
    await vaultWithTwoKeys();
    await service.begin('injected');
    await service.discover();
    // Wallets found, nothing asked yet.
    await service.siteTabClosed(TAB);
    expect((await readFlow()).step).toBe('connecting');
    expect((await readFlow()).failure).toBeNull();
    await service.connectInjected(WALLET.uuid);
    await service.reset();
    await service.siteTabClosed(TAB);
    expect((await readFlow()).step).toBe('idle');
  });
});

describe('the relay, once more', () => {
  it('a Venice site setting that is not a URL accepts no answer, not even from an opaque ("null") origin', async () => {
    await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const made = mintDeps();
    const misconfigured = createWalletService({
      ...made.deps,
      getSettings: async () => ({ veniceSiteUrl: 'not a url', managementKeyId: null }),
    });
    const signature = await account.signMessage({ message: started.message });
    expect(
      await misconfigured.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), {
        ...sender(),
        origin: 'null',
      }),
    ).toEqual({ accepted: false, reason: 'the Venice site setting is not a URL' });
    expect((await readFlow()).request?.reply).toBeNull();
  });

  it('an answer that checked out but lost the race to a reset is not recorded', async () => {
    await connected();
    const started = await service.startSigning({ ...defaultKeySettings(), description: 'x' });
    if (!('requestId' in started)) throw new Error('signing did not start');
    const signature = await account.signMessage({ message: started.message });
    // The answer is checked against the flow as read; the reset lands before it is recorded.
    let resetDone: Promise<unknown> = Promise.resolve();
    const racing = createWalletService({
      ...mintDeps().deps,
      getSettings: async () => {
        resetDone = service.reset();
        await resetDone;
        return { veniceSiteUrl: 'https://venice.ai', managementKeyId: null };
      },
    });
    const outcome = await racing.receiveRelayedReply(
      relay(started.requestId, { ok: true, result: signature }),
      sender(),
    );
    await resetDone;
    expect(outcome).toEqual({ accepted: false, reason: 'the flow moved on' });
    expect((await readFlow()).step).toBe('idle');
  });

  it('after the wallet declined to sign, trying again goes back to the key settings, settings kept', async () => {
    await connected();
    site.refuse = { code: 4001, message: 'User rejected the request.' };
    await service.startSigning({ ...defaultKeySettings(), description: 'kept' });
    const again = await service.retry();
    expect(again).toMatchObject({ step: 'preflight', failure: null, token: null });
    expect(again.settings?.description).toBe('kept');
  });
});

/** A service whose Venice tab fails at `step` with an error that is not the site's own. */
function withBrokenTab(step: 'discoverWallets' | 'startWalletRequest'): WalletService {
  const made = mintDeps();
  const broken = async (): Promise<never> => {
    throw new TypeError('unexpected');
  };
  return createWalletService({ ...made.deps, site: { ...made.site.deps, [step]: broken } });
}

/** `signed()` with the given key settings. */
async function signedWith(draft: ReturnType<typeof defaultKeySettings>) {
  await connected();
  const started = await service.startSigning(draft);
  if (!('requestId' in started)) throw new Error(`signing did not start: ${started.flow.failure?.message}`);
  const signature = await account.signMessage({ message: started.message });
  await service.receiveRelayedReply(relay(started.requestId, { ok: true, result: signature }), sender());
  return { requestId: started.requestId, signature };
}
