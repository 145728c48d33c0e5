/**
 * The wallet window's page object ("Mint a key with your wallet"): opening it, and the steps
 * specs repeat, acting by role and name. It gets to a step; what a step shows is for the spec
 * to assert.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { type ExtensionHarness, expect } from './fixtures';

export interface WalletWindow {
  page: Page;
  /** The step's problem or the flow's failure. */
  alert: Locator;
  /** "Staked on Base: <amount> sVVV", once the stake check read it. */
  staked(amount: string): Locator;
  /** The key form's submit. */
  signButton: Locator;
  /** "A wallet on the Venice site", then "Connect <name>" among the wallets found there. */
  connectSiteWallet(name?: string): Promise<void>;
  /** "MetaMask (extension)": the stand-in or the real one is asked to connect. */
  connectMetaMask(): Promise<void>;
  /** Types the new key's description, then "Get token and sign". */
  sign(description: string): Promise<void>;
  /** The vault gate's unlock form. */
  unlock(passphrase: string): Promise<void>;
  /** The vault gate's "Create the vault" form (no vault yet). */
  createVault(passphrase: string): Promise<void>;
  /** Waits for "Key minted" saved in the vault as `description`; the secret shown. */
  minted(description: string): Promise<string>;
}

export function walletWindow(page: Page): WalletWindow {
  const button = (name: string) => page.getByRole('button', { name });
  return {
    page,
    alert: page.getByRole('alert'),
    staked: (amount) =>
      page.getByText(new RegExp(`Staked on Base: ${amount.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} sVVV`)),
    signButton: button('Get token and sign'),
    async connectSiteWallet(name = 'Test Wallet') {
      await button('A wallet on the Venice site').click();
      await button(`Connect ${name}`).click();
    },
    async connectMetaMask() {
      await button('MetaMask (extension)').click();
    },
    async sign(description) {
      await page.getByLabel(/^Description/).fill(description);
      await button('Get token and sign').click();
    },
    async unlock(passphrase) {
      await page.getByLabel('Passphrase').fill(passphrase);
      await button('Unlock').click();
    },
    async createVault(passphrase) {
      const form = page.getByRole('form', { name: 'Create the vault' });
      await form.getByLabel('Vault passphrase', { exact: true }).fill(passphrase);
      await form.getByLabel('Repeat the vault passphrase').fill(passphrase);
      await form.getByRole('button', { name: 'Create the vault' }).click();
    },
    async minted(description) {
      try {
        await expect(page.getByRole('heading', { name: 'Key minted' })).toBeVisible();
      } catch (err) {
        // Say what the window shows instead (a step, a problem), by role and name: a run on a busy
        // machine that fails here leaves nothing else behind. Text fields' values are left out (a
        // secret must never reach test output).
        const shown = await page
          .locator('main')
          .ariaSnapshot()
          .then((tree) => tree.replace(/^(\s*- textbox\b[^\n:]*):.*$/gm, '$1'))
          .catch(() => '(the window is gone)');
        throw new Error(`${(err as Error).message}\n\nThe wallet window shows:\n${shown}`);
      }
      await expect(page.getByText(`Saved in your vault as “${description}”`)).toBeVisible();
      return page.getByRole('textbox', { name: 'Secret of the new key' }).inputValue();
    },
  };
}

/** The wallet window that `act` opens (a real popup-type window), once its heading is shown. */
export async function walletWindowOpenedBy(
  context: BrowserContext,
  act: () => Promise<unknown>,
): Promise<WalletWindow> {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/wallet.html') });
  await act();
  const page = await opened;
  await expect(page.getByRole('heading', { name: 'Mint a key with your wallet' })).toBeVisible();
  return walletWindow(page);
}

/** The wallet window, opened as the popup's button does. */
export function openWalletWindow(ext: ExtensionHarness, context: BrowserContext): Promise<WalletWindow> {
  return walletWindowOpenedBy(context, () => ext.call('mint.openWindow'));
}
