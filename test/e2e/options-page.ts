/**
 * The options page's page object: opening it, its sections, and the actions specs repeat
 * (unlock, save a settings group, add a key, choose the management key), by role and name. It
 * gets to a state; what the page shows then is for the spec to assert.
 */
import type { Locator, Page } from '@playwright/test';
import { type ExtensionHarness, expect } from './fixtures';

/** Each section's link in "Settings sections", and the heading it opens on. */
export const OPTIONS_SECTIONS = {
  Keys: 'Stored keys',
  Badge: 'Balance badge',
  Wallet: 'Wallet',
  Usage: 'Account usage',
  'Vault & security': 'Vault',
  Advanced: 'Venice API',
} as const;
export type OptionsSection = keyof typeof OPTIONS_SECTIONS;

export interface OptionsPage {
  page: Page;
  /** The "Settings sections" navigation. */
  nav: Locator;
  /** Clicks the section's link and waits for its heading. */
  openSection(link: OptionsSection): Promise<void>;
  /** The "Balance badge" region and its save. */
  badge: Locator;
  saveBadgeSettings(): Promise<void>;
  /** "Badge settings saved." */
  badgeSaved: Locator;
  /** The "Wallet" region and its save. */
  wallet: Locator;
  saveWalletSettings(): Promise<void>;
  /** The unlock form of a locked vault. */
  unlock(passphrase: string): Promise<void>;
  /** A stored key's item in the Keys section, by its label. */
  storedKey(label: string): Locator;
  /** "Add key" with `secret` (and a label when given), in the Keys section or the first run. */
  addKey(secret: string, label?: string): Promise<void>;
  /** "Use <label> to manage keys": the management key is replaced by that stored key. */
  useToManageKeys(label: string): Promise<void>;
}

export function optionsPage(page: Page): OptionsPage {
  const nav = page.getByRole('navigation', { name: 'Settings sections' });
  const badge = page.getByRole('region', { name: 'Balance badge' });
  const wallet = page.getByRole('region', { name: 'Wallet' });
  return {
    page,
    nav,
    async openSection(link) {
      await nav.getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { name: OPTIONS_SECTIONS[link], exact: true })).toBeVisible();
    },
    badge,
    async saveBadgeSettings() {
      await badge.getByRole('button', { name: 'Save badge settings' }).click();
    },
    badgeSaved: badge.getByRole('status').filter({ hasText: 'Badge settings saved.' }),
    wallet,
    async saveWalletSettings() {
      await wallet.getByRole('button', { name: 'Save wallet settings' }).click();
    },
    async unlock(passphrase) {
      await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
      await page.getByRole('button', { name: 'Unlock' }).click();
    },
    storedKey: (label) => page.getByRole('listitem', { name: label }),
    async addKey(secret, label) {
      if (label !== undefined) await page.getByLabel('Label (optional)').fill(label);
      await page.getByLabel('API key', { exact: true }).fill(secret);
      await page.getByRole('button', { name: 'Add key' }).click();
    },
    async useToManageKeys(label) {
      await page.getByRole('button', { name: `Use ${label} to manage keys` }).click();
    },
  };
}

/** The options page, at one of its sections (`keys`, `badge`…) when given, once its heading is shown. */
export async function openOptions(ext: ExtensionHarness, section?: string): Promise<OptionsPage> {
  const page = await ext.open(section ? `options.html#${section}` : 'options.html');
  await expect(page.getByRole('heading', { name: 'Venice Key Companion', level: 1 })).toBeVisible();
  return optionsPage(page);
}
