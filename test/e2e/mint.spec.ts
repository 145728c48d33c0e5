/**
 * Minting a key with a wallet (issue 5), end to end in Chromium against the simulator, through
 * both transports: a page wallet in the simulator's Venice-site page (EIP-6963) and a stand-in
 * MetaMask extension speaking the external-connection protocol. Signatures are real
 * (viem local accounts, EIP-191); the simulator verifies them as Venice does.
 */
import type { BrowserContext } from '@playwright/test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Simulator } from '../simulator';
import { connectStandin, installPageWallet, metamaskStandinDir } from '../wallets';
import { type ExtensionHarness, expect, test } from './fixtures';
import { addToVault, type StoredKey, testPassphrase } from './setup';
import { openWalletWindow, type WalletWindow, walletWindowOpenedBy } from './wallet-window';

const PASSPHRASE = testPassphrase('mint');
const MINT_PATH = '/api/v1/api_keys/generate_web3_key';

/** A staked wallet known to the simulator, a vault in the extension. */
async function prepare(ext: ExtensionHarness, simulator: Simulator, stake = '1250.5') {
  const privateKey = generatePrivateKey();
  const address = privateKeyToAccount(privateKey).address;
  if (stake !== '0') simulator.control.setStake(address, stake);
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  return { privateKey, address };
}

async function pageWallet(context: BrowserContext, simulator: Simulator, privateKey: `0x${string}`) {
  return installPageWallet(context, { privateKey, origin: simulator.origin });
}

function mintRequests(simulator: Simulator, method: 'GET' | 'POST') {
  return simulator.control.requestLog().filter((r) => r.method === method && r.path === MINT_PATH);
}

/** Connects the page wallet through the Venice-site transport, up to the key settings. */
async function connectPageWallet(win: WalletWindow): Promise<void> {
  await win.connectSiteWallet();
  await expect(win.staked('1,250.5')).toBeVisible();
}

/** The key really works at "Venice": the simulator accepts it. */
async function expectKeyWorks(simulator: Simulator, secret: string): Promise<void> {
  const res = await fetch(`${simulator.apiBase}/api_keys/rate_limits`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(res.status).toBe(200);
}

async function expectInVault(ext: ExtensionHarness, secret: string, description: string): Promise<StoredKey> {
  const keys = await ext.call('vault.listKeys');
  const minted = keys.filter((k) => k.source === 'minted');
  expect(minted).toHaveLength(1);
  const entry = minted[0]!;
  expect(entry.label).toBe(description);
  expect(entry.last6).toBe(secret.slice(-6));
  const stored = await ext.call('vault.revealSecret', { entryId: entry.entryId });
  expect(stored.secret).toBe(secret);
  return entry;
}

function expectNoSecretLogged(consoleLog: string[], secret: string): void {
  expect(consoleLog.filter((line) => line.includes(secret))).toEqual([]);
}

test.describe('mint with a wallet on the Venice site (EIP-6963)', () => {
  test('mints end to end: connect, stake check, token, signature, vault, and the key works', async ({
    ext,
    context,
    simulator,
    consoleLog,
  }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    await expect(win.page.getByRole('region', { name: 'Connected wallet' })).toContainText(
      `${address.slice(0, 6)}…${address.slice(-4)}`,
    );
    await win.sign('web3 e2e key');
    const secret = await win.minted('web3 e2e key');

    expect(secret).toMatch(/^VENICE_INFERENCE_KEY_/);
    await expectKeyWorks(simulator, secret);
    const entry = await expectInVault(ext, secret, 'web3 e2e key');
    const account = simulator.control.accountForWallet(address);
    expect(account?.keys.map((k) => k.id)).toContain(entry.veniceKeyId);
    // The wallet signed the exact token, hex-encoded, for the connected address.
    const sign = wallet.requests.find((r) => r.method === 'personal_sign');
    expect(sign?.params[1]).toBe(address);
    expectNoSecretLogged(consoleLog, secret);
  });
  test('with no vault at all, the popup offers the mint, and the window creates the vault for the key', async ({
    ext,
    context,
    simulator,
  }) => {
    const privateKey = generatePrivateKey();
    const address = privateKeyToAccount(privateKey).address;
    simulator.control.setStake(address, '1250.5');
    await pageWallet(context, simulator, privateKey);
    expect((await ext.call('vault.status')).status).toBe('none');

    const popup = await ext.open('popup.html');
    await expect(popup.getByRole('heading', { name: 'Set up your vault' })).toBeVisible();
    const win = await walletWindowOpenedBy(context, () =>
      popup
        .getByRole('region', { name: 'Mint with wallet' })
        .getByRole('button', { name: 'Mint with wallet' })
        .click(),
    );

    await connectPageWallet(win);
    await expect(win.signButton).toBeDisabled();
    await win.createVault(PASSPHRASE);
    await expect(win.signButton).toBeEnabled();
    expect((await ext.call('vault.status')).status).toBe('unlocked');

    await win.sign('first key, no vault before');
    const secret = await win.minted('first key, no vault before');
    await expectKeyWorks(simulator, secret);
    await expectInVault(ext, secret, 'first key, no vault before');

    // The popup now knows the minted INFERENCE key, and still offers another mint.
    const again = await ext.open('popup.html');
    await expect(again.getByRole('heading', { name: 'Admin API key required' })).toBeVisible();
    await expect(again.getByRole('region', { name: 'Mint with wallet' })).toContainText(
      /Minted “first key, no vault before” \(…\w{6}\), saved in your vault\./,
    );
  });

  test('a rejected connection says so, and connecting again works', async ({ ext, context, simulator }) => {
    const { privateKey } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    wallet.setMode('connect', 'reject');
    const win = await openWalletWindow(ext, context);
    await win.connectSiteWallet();
    await expect(win.alert).toContainText('Test Wallet declined to connect');
    expect(mintRequests(simulator, 'GET')).toHaveLength(0);

    wallet.setMode('connect', 'approve');
    await win.page.getByRole('button', { name: 'Connect again' }).click();
    await win.page.getByRole('button', { name: 'Connect Test Wallet' }).click();
    await expect(win.staked('1,250.5')).toBeVisible();
  });

  test('no stake stops before any token or signature, and checking again after staking goes on', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey, address } = await prepare(ext, simulator, '0');
    const wallet = await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await win.connectSiteWallet();
    await expect(win.alert).toContainText('This wallet has no staked VVV on Base');
    expect(mintRequests(simulator, 'GET')).toHaveLength(0);
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).toHaveLength(0);
    await expect(win.signButton).toHaveCount(0);

    simulator.control.setStake(address, '1250.5');
    await win.page.getByRole('button', { name: 'Check the stake again' }).click();
    await expect(win.staked('1,250.5')).toBeVisible();
  });

  test('a signature by another key is refused before anything is posted', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    wallet.signWith(generatePrivateKey());
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    await win.sign('wrong signer');
    await expect(win.alert).toContainText('The signature does not belong to the connected address');
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).toHaveLength(1);
    expect(mintRequests(simulator, 'POST')).toHaveLength(0);
    expect(await ext.call('vault.listKeys')).toEqual([]);
  });

  test('a wallet that switched accounts mid-flow is stopped with its own message', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    wallet.switchAccount(generatePrivateKey());
    await win.sign('switched');
    await expect(win.alert).toContainText('Your wallet switched to a different account');
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).toHaveLength(0);
    expect(mintRequests(simulator, 'POST')).toHaveLength(0);
    await expect(win.page.getByRole('button', { name: 'Connect again' })).toBeVisible();
  });

  test('a token that expires while the wallet waits is refused by Venice, and a fresh one is signed', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    // A short-lived token, so that running past it leaves the next one within the 15 minutes
    // the extension agrees to sign (it refuses a token that expires later than that).
    simulator.control.configure({ web3TokenTtlMs: 2 * 60_000 });
    wallet.setMode('sign', 'hold');
    await win.sign('fresh token');
    await wallet.waitForRequest('sign');
    await expect(win.page.getByText(/Token valid for \d+:\d\d/)).toBeVisible();
    simulator.control.advance(3 * 60_000);
    await wallet.release('sign');
    await expect(win.alert).toContainText('Token has expired');
    expect(simulator.control.accountForWallet(address)).toBeNull();
    // Through the Venice tab, page scripts could have used the signature first: say so.
    await expect(win.page.getByText('Someone else may have used your signature')).toBeVisible();
    await expect(win.page.getByRole('button', { name: 'Check the key list' })).toBeVisible();

    wallet.setMode('sign', 'approve');
    await win.page.getByRole('button', { name: 'Sign a fresh token' }).click();
    await win.minted('fresh token');
    expect(mintRequests(simulator, 'GET')).toHaveLength(2);
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).toHaveLength(2);
    expect(simulator.control.accountForWallet(address)?.keys).toHaveLength(1);
  });

  test('a token that lives longer than Venice’s 15 minutes is never given to the wallet', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    simulator.control.configure({ web3TokenTtlMs: 60 * 60_000 });
    await win.sign('long token');
    await expect(win.alert).toContainText('lives longer than 15 minutes');
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).toHaveLength(0);
    expect(mintRequests(simulator, 'POST')).toHaveLength(0);
    expect(simulator.control.accountForWallet(address)).toBeNull();
  });

  test('the service worker stopped while the wallet signs: the mint still completes', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const wallet = await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    wallet.setMode('sign', 'hold');
    await win.sign('survives a stopped worker');
    await wallet.waitForRequest('sign');
    await ext.stopWorker();
    await wallet.release('sign');
    const secret = await win.minted('survives a stopped worker');
    await expectKeyWorks(simulator, secret);
    await expectInVault(ext, secret, 'survives a stopped worker');
    expect(simulator.control.accountForWallet(address)?.keys).toHaveLength(1);
  });

  test('the popup closed during signing and reopened shows the step, then the result', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey } = await prepare(ext, simulator);
    // The popup shows its key list (and MintStatus) with a management key.
    const account = simulator.control.createAccount({ balances: { USD: 10 } });
    const admin = await addToVault(ext, 'Admin', account.adminKey);
    await ext.configure({ managementKeyId: admin.entryId });
    const wallet = await pageWallet(context, simulator, privateKey);

    const popup = await ext.open('popup.html');
    const win = await walletWindowOpenedBy(context, () =>
      popup.getByRole('button', { name: 'Mint with wallet' }).click(),
    );
    await connectPageWallet(win);
    wallet.setMode('sign', 'hold');
    await win.sign('popup reopened');
    await wallet.waitForRequest('sign');
    await popup.close();

    const again = await ext.open('popup.html');
    const status = again.getByRole('region', { name: 'Mint with wallet' });
    await expect(status).toContainText('Minting with wallet: Waiting for the wallet’s signature');
    await expect(status).toContainText(/token valid for \d+:\d\d/);
    await again.close();

    await wallet.release('sign');
    await win.minted('popup reopened');
    const last = await ext.open('popup.html');
    await expect(last.getByRole('region', { name: 'Mint with wallet' })).toContainText(
      /Minted “popup reopened” \(…\w{6}\), saved in your vault\./,
    );
  });

  test('a fault on the POST leaves a retryable state, and the retry makes exactly one key', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    await pageWallet(context, simulator, privateKey);
    // (A dropped connection is not used here: Chromium itself resends a POST whose reused socket
    // was closed, so the fault would never reach the extension.)
    simulator.control.addFault({ method: 'POST', path: MINT_PATH, kind: 'status', status: 502, times: 1 });
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    await win.sign('after a failed POST');
    await expect(win.alert).toContainText('Venice had a problem answering (HTTP 502)');
    await expect(win.alert).toContainText('token is spent');
    expect(simulator.control.accountForWallet(address)).toBeNull();
    expect(await ext.call('vault.listKeys')).toEqual([]);

    await win.page.getByRole('button', { name: 'Try again' }).click();
    const secret = await win.minted('after a failed POST');
    await expectKeyWorks(simulator, secret);
    expect(simulator.control.accountForWallet(address)?.keys).toHaveLength(1);
    expect(mintRequests(simulator, 'POST')).toHaveLength(2);
    await expectInVault(ext, secret, 'after a failed POST');
  });

  test('a locked vault is unlocked in the window before anyone signs', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey } = await prepare(ext, simulator);
    await ext.call('vault.lock');
    await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectPageWallet(win);
    await expect(win.signButton).toBeDisabled();
    await win.unlock(PASSPHRASE);
    await win.sign('after unlock');
    await win.minted('after unlock');
  });

  test('an unreachable Base RPC can be skipped, with a warning that stays', async ({
    ext,
    context,
    simulator,
  }) => {
    const { privateKey } = await prepare(ext, simulator);
    await ext.configure({ baseRpcUrl: 'http://127.0.0.1:9/rpc' });
    await pageWallet(context, simulator, privateKey);
    const win = await openWalletWindow(ext, context);
    await win.connectSiteWallet();
    await expect(win.alert).toContainText('Could not read your staked VVV on Base from 127.0.0.1:9');
    await win.page.getByRole('button', { name: 'Skip the stake check' }).click();
    await expect(win.page.getByRole('note')).toContainText('The stake check was skipped');
    await expect(win.signButton).toBeEnabled();
  });

  test('the wallet window closed while the worker sleeps is forgotten (its tab’s removal wakes the worker)', async ({
    ext,
    context,
  }) => {
    const win = await openWalletWindow(ext, context);
    const remembered = async () => {
      const worker = await ext.worker();
      return worker.evaluate(
        async () => (await chrome.storage.session.get('mint.window'))['mint.window'] ?? null,
      );
    };
    expect(await remembered()).toEqual(expect.any(Number));
    await ext.stopWorker();
    await win.page.close();
    await expect.poll(remembered).toBeNull();
  });
});

test.describe('mint with MetaMask, extension to extension (stand-in)', () => {
  test.use({ extraExtensions: [metamaskStandinDir()] });

  async function standin(ext: ExtensionHarness, context: BrowserContext, privateKey: `0x${string}`) {
    const mm = await connectStandin(context);
    await mm.configure({ privateKey, connect: 'approve', sign: 'approve' });
    await ext.configure({ wallet: { metamaskExtensionId: mm.id } });
    return mm;
  }

  async function connectMetaMask(win: WalletWindow): Promise<void> {
    await win.connectMetaMask();
    await expect(win.staked('1,250.5')).toBeVisible();
  }

  test('mints end to end and the key works', async ({ ext, context, simulator, consoleLog }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const mm = await standin(ext, context, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectMetaMask(win);
    await expect(win.page.getByRole('region', { name: 'Connected wallet' })).toContainText('MetaMask');
    await win.sign('metamask e2e key');
    const secret = await win.minted('metamask e2e key');

    await expectKeyWorks(simulator, secret);
    await expectInVault(ext, secret, 'metamask e2e key');
    const signs = (await mm.requests()).filter((r) => r.method === 'personal_sign');
    expect(signs).toHaveLength(1);
    expect((signs[0]!.params as string[])[1]!.toLowerCase()).toBe(address.toLowerCase());
    expect(signs[0]!.from).toBe(ext.id);
    expectNoSecretLogged(consoleLog, secret);
  });
  test('a rejected signature says so, and asking again mints', async ({ ext, context, simulator }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const mm = await standin(ext, context, privateKey);
    await mm.configure({ sign: 'reject' });
    const win = await openWalletWindow(ext, context);
    await connectMetaMask(win);
    await win.sign('signed second time');
    await expect(win.alert).toContainText('MetaMask declined to sign. Nothing was sent to Venice.');
    expect(mintRequests(simulator, 'POST')).toHaveLength(0);

    await mm.configure({ sign: 'approve' });
    await win.page.getByRole('button', { name: 'Ask for the signature again' }).click();
    await win.minted('signed second time');
    expect(simulator.control.accountForWallet(address)?.keys).toHaveLength(1);
  });

  test('a rejected connection says so', async ({ ext, context, simulator }) => {
    const { privateKey } = await prepare(ext, simulator);
    const mm = await standin(ext, context, privateKey);
    await mm.configure({ connect: 'reject' });
    const win = await openWalletWindow(ext, context);
    await win.connectMetaMask();
    await expect(win.alert).toContainText('MetaMask declined to connect');
    await mm.configure({ connect: 'approve' });
    await win.page.getByRole('button', { name: 'Connect again' }).click();
    await expect(win.staked('1,250.5')).toBeVisible();
  });

  test('switching accounts in MetaMask mid-flow stops the mint', async ({ ext, context, simulator }) => {
    const { privateKey } = await prepare(ext, simulator);
    const mm = await standin(ext, context, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectMetaMask(win);
    await mm.switchAccount(generatePrivateKey());
    await expect(win.alert).toContainText('Your wallet switched to a different account');
  });
});

test.describe('mint with MetaMask when it is not installed', () => {
  test('says MetaMask was not found and offers the Venice-site wallet', async ({
    ext,
    context,
    simulator,
  }) => {
    await prepare(ext, simulator);
    await ext.configure({ wallet: { metamaskExtensionId: 'abcdefghijklmnopabcdefghijklmnop' } });
    const win = await openWalletWindow(ext, context);
    await win.connectMetaMask();
    await expect(win.alert).toContainText('MetaMask was not found in this browser');
    await expect(win.page.getByRole('button', { name: 'Use a wallet on the Venice site' })).toBeVisible();
  });
});
