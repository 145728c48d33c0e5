/**
 * Minting a key with a wallet (issue 5), end to end in Chromium against the simulator, through
 * both transports: a page wallet in the simulator's Venice-site page (EIP-6963) and a stand-in
 * MetaMask extension speaking the external-connection protocol. Signatures are real
 * (viem local accounts, EIP-191); the simulator verifies them as Venice does.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Simulator } from '../simulator';
import {
  connectStandin,
  installPageWallet,
  type MetaMaskStandin,
  metamaskStandinDir,
  type PageWallet,
} from '../wallets';
import { type ExtensionHarness, expect, test } from './fixtures';

const PASSPHRASE = `mint-e2e ${Math.random().toString(36).slice(2)} correct horse battery`;
const MINT_PATH = '/api/v1/api_keys/generate_web3_key';

interface StoredKey {
  entryId: string;
  label: string;
  type: string;
  source: string;
  veniceKeyId: string | null;
  last6: string;
}

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

/** The wallet window, opened as the popup's button does (a real popup-type window). */
async function openWalletWindow(ext: ExtensionHarness, context: BrowserContext): Promise<Page> {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/wallet.html') });
  await ext.call('mint.openWindow');
  const page = await opened;
  await expect(page.getByRole('heading', { name: 'Mint a key with your wallet' })).toBeVisible();
  return page;
}

/** Connects the page wallet through the Venice-site transport, up to the key settings. */
async function connectPageWallet(win: Page): Promise<void> {
  await win.getByRole('button', { name: 'A wallet on the Venice site' }).click();
  await win.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await expect(win.getByText(/Staked on Base: 1,250\.5 sVVV/)).toBeVisible();
}

async function fillAndSign(win: Page, description: string): Promise<void> {
  await win.getByLabel(/^Description/).fill(description);
  await win.getByRole('button', { name: 'Get token and sign' }).click();
}

async function expectMinted(win: Page, description: string): Promise<string> {
  await expect(win.getByRole('heading', { name: 'Key minted' })).toBeVisible();
  await expect(win.getByText(`Saved in your vault as “${description}”`)).toBeVisible();
  return win.getByRole('textbox', { name: 'Secret of the new key' }).inputValue();
}

/** The key really works at "Venice": the simulator accepts it. */
async function expectKeyWorks(simulator: Simulator, secret: string): Promise<void> {
  const res = await fetch(`${simulator.apiBase}/api_keys/rate_limits`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(res.status).toBe(200);
}

async function expectInVault(ext: ExtensionHarness, secret: string, description: string): Promise<StoredKey> {
  const keys = await ext.call<StoredKey[]>('vault.listKeys');
  const minted = keys.filter((k) => k.source === 'minted');
  expect(minted).toHaveLength(1);
  const entry = minted[0]!;
  expect(entry.label).toBe(description);
  expect(entry.last6).toBe(secret.slice(-6));
  const stored = await ext.call<{ secret: string }>('vault.revealSecret', { entryId: entry.entryId });
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
    await expect(win.getByRole('region', { name: 'Connected wallet' })).toContainText(
      `${address.slice(0, 6)}…${address.slice(-4)}`,
    );
    await fillAndSign(win, 'web3 e2e key');
    const secret = await expectMinted(win, 'web3 e2e key');

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
});

test.describe('mint with MetaMask, extension to extension (stand-in)', () => {
  test.use({ extraExtensions: [metamaskStandinDir()] });

  async function standin(ext: ExtensionHarness, context: BrowserContext, privateKey: `0x${string}`) {
    const mm = await connectStandin(context);
    await mm.configure({ privateKey, connect: 'approve', sign: 'approve' });
    await ext.configure({ wallet: { metamaskExtensionId: mm.id } });
    return mm;
  }

  async function connectMetaMask(win: Page): Promise<void> {
    await win.getByRole('button', { name: 'MetaMask (extension)' }).click();
    await expect(win.getByText(/Staked on Base: 1,250\.5 sVVV/)).toBeVisible();
  }

  test('mints end to end and the key works', async ({ ext, context, simulator, consoleLog }) => {
    const { privateKey, address } = await prepare(ext, simulator);
    const mm = await standin(ext, context, privateKey);
    const win = await openWalletWindow(ext, context);
    await connectMetaMask(win);
    await expect(win.getByRole('region', { name: 'Connected wallet' })).toContainText('MetaMask');
    await fillAndSign(win, 'metamask e2e key');
    const secret = await expectMinted(win, 'metamask e2e key');

    await expectKeyWorks(simulator, secret);
    await expectInVault(ext, secret, 'metamask e2e key');
    const signs = (await mm.requests()).filter((r) => r.method === 'personal_sign');
    expect(signs).toHaveLength(1);
    expect((signs[0]!.params as string[])[1]!.toLowerCase()).toBe(address.toLowerCase());
    expect(signs[0]!.from).toBe(ext.id);
    expectNoSecretLogged(consoleLog, secret);
  });
});
