/**
 * What many specs start from, in one place: a synthetic passphrase, an account whose ADMIN key
 * is in the vault as the management key, and the page objects of the popup and the wallet window.
 * Nothing here asserts behaviour a spec is about; it only gets to the starting point.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import type { BalancesInput, CreatedAccount } from '../simulator/types';
import { type ApiResult, type ExtensionHarness, expect } from './fixtures';

/** A key stored in the vault, as `vault.listKeys` returns it (metadata, never a secret). */
export type StoredKey = ApiResult<'vault.listKeys'>[number];

/** A synthetic passphrase, new for each spec file run, strong enough for the vault's strength check. */
export function testPassphrase(tag: string): string {
  return `${tag}-e2e ${Math.random().toString(36).slice(2)} correct horse battery`;
}

export interface AdminAccount extends CreatedAccount {
  /** The vault entry of the account's ADMIN key. */
  adminEntryId: string;
}

/**
 * An account in the simulator, a new vault (with `passphrase`) holding the account's ADMIN key
 * as "Admin", chosen to manage keys, and to feed the badge when `badge` is set.
 */
export async function setupAdminAccount(
  ext: ExtensionHarness,
  simulator: Simulator,
  options: { passphrase: string; balances?: BalancesInput; badge?: boolean },
): Promise<AdminAccount> {
  const account = simulator.control.createAccount({ balances: options.balances ?? { USD: 50 } });
  await ext.call('vault.create', { passphrase: options.passphrase });
  const added = await addToVault(ext, 'Admin', account.adminKey);
  await ext.configure({
    managementKeyId: added.entryId,
    ...(options.badge ? { badgeKeyId: added.entryId } : {}),
  });
  return { ...account, adminEntryId: added.entryId };
}

/** Adds a key to the vault (checked with Venice, as the options page does). */
export async function addToVault(ext: ExtensionHarness, label: string, secret: string): Promise<StoredKey> {
  return (await ext.call('vault.addKey', { label, secret, allowUnverified: false })).key;
}

// The popup's page object: opening it, and the parts of it specs look at, by role and name.

/** Opens the toolbar popup as a tab and waits for its heading. */
export async function openPopup(ext: ExtensionHarness): Promise<Page> {
  const page = await ext.open('popup.html');
  await expect(page.getByRole('heading', { name: 'Venice keys' })).toBeVisible();
  return page;
}

/** One key's row in the popup's list, by its accessible name ("description …last6"). */
export const row = (page: Page, name: string | RegExp): Locator => page.getByRole('listitem', { name });

/** "3 keys" / "1 of 3 keys". */
export const keyCount = (page: Page): Locator => page.getByRole('status', { name: 'Key count' });

/** "Updated 5 s ago", "Refreshing…". */
export const listAge = (page: Page): Locator => page.getByRole('status', { name: 'List age' });

/** The wallet window, opened as the popup's button does (a real popup-type window). */
export async function openWalletWindow(ext: ExtensionHarness, context: BrowserContext): Promise<Page> {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/wallet.html') });
  await ext.call('mint.openWindow');
  const page = await opened;
  await expect(page.getByRole('heading', { name: 'Mint a key with your wallet' })).toBeVisible();
  return page;
}
