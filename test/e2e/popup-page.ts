/**
 * The toolbar popup's page object: opening it, its parts specs look at, and the sequences specs
 * repeat (open a key, create, edit, revoke, rotate, lock, unlock, filter, refresh), by role and
 * name. A key is named as its row is: "description …last6". Each action gets to a state; what
 * the popup shows then is for the spec to assert.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { type ExtensionHarness, expect } from './fixtures';
import { type LeakWindow, leakWindow } from './setup';

export interface PopupPage {
  page: Page;
  /** One key's row in the list, by its accessible name ("description …last6"). */
  row(name: string | RegExp): Locator;
  /** Every row of the "Keys" list. */
  rows: Locator;
  /** "3 keys" / "1 of 3 keys". */
  keyCount: Locator;
  /** "Updated 5 s ago", "Refreshing…". */
  listAge: Locator;
  /** The current view's problem (a refused create, a failed refresh…). */
  alert: Locator;
  /** "Secret of the new key", shown once after a create or a rotation. */
  newSecret: Locator;
  /** The first confirm of a revoke ("Revoke this key?"). */
  revokeDialog: Locator;
  /** Waits for the list: fetched from Venice, and no refresh on its way ("Updated …"). */
  waitForList(): Promise<void>;
  /** Types into the list's filter (an empty string clears it). */
  filter(text: string): Promise<void>;
  /** "Refresh the key list". */
  refresh(): Promise<void>;
  /** Opens the key's detail, once its heading is shown. */
  openDetail(name: string): Promise<void>;
  /** "Back to keys", from a detail, form or other view. */
  backToKeys(): Promise<void>;
  /** "New key": the create form. */
  newKey(): Promise<void>;
  /** "New key", the description typed, then "Create key". */
  create(description: string): Promise<void>;
  /** "Edit <name>" in the key's detail: the edit form, once it holds the key's settings. */
  edit(name: string): Promise<void>;
  /** The edit form's "Save changes". */
  saveChanges(): Promise<void>;
  /** The row's "Revoke <name>": the first confirm. */
  askRevoke(name: string): Promise<void>;
  /** The row's "Revoke <name>", then "Revoke <name> now" in the confirm. */
  revoke(name: string): Promise<void>;
  /** "Rotate <name>" (in the list or the key's detail): the rotation's view, before the create. */
  openRotation(name: string): Promise<void>;
  /** "Rotate <name>", then "Create the new key" in the rotation's view. */
  rotate(name: string): Promise<void>;
  /** "Lock now", once the unlock form is shown. */
  lock(): Promise<void>;
  /** The "Vault locked" form's passphrase, then "Unlock". */
  unlock(passphrase: string): Promise<void>;
}

export function popupPage(page: Page): PopupPage {
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const row = (name: string | RegExp) => page.getByRole('listitem', { name });
  const revokeDialog = page.getByRole('alertdialog', { name: 'Revoke this key?' });
  const askRevoke = async (name: string) => {
    await row(name)
      .getByRole('button', { name: `Revoke ${name}`, exact: true })
      .click();
  };
  const openRotation = async (name: string) => {
    await button(`Rotate ${name}`).click();
    await expect(page.getByRole('heading', { name: `Rotate ${name}`, exact: true })).toBeVisible();
  };
  const listAge = page.getByRole('status', { name: 'List age' });
  return {
    page,
    row,
    rows: page.getByRole('list', { name: 'Keys' }).getByRole('listitem'),
    keyCount: page.getByRole('status', { name: 'Key count' }),
    listAge,
    alert: page.getByRole('alert'),
    newSecret: page.getByRole('textbox', { name: 'Secret of the new key' }),
    revokeDialog,
    async waitForList() {
      await expect(listAge).toHaveText(/^Updated/);
    },
    async filter(text) {
      await page.getByRole('searchbox', { name: /Filter keys/ }).fill(text);
    },
    async refresh() {
      await button('Refresh the key list').click();
    },
    async openDetail(name) {
      await button(`Details of ${name}`).click();
      await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
    },
    async backToKeys() {
      await button('Back to keys').click();
    },
    async newKey() {
      await button('New key').click();
    },
    async create(description) {
      await button('New key').click();
      await page.getByRole('textbox', { name: 'Description' }).fill(description);
      await button('Create key').click();
    },
    async edit(name) {
      await button(`Edit ${name}`).click();
      await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    },
    async saveChanges() {
      await button('Save changes').click();
    },
    askRevoke,
    async revoke(name) {
      await askRevoke(name);
      await revokeDialog.getByRole('button', { name: `Revoke ${name} now`, exact: true }).click();
    },
    openRotation,
    async rotate(name) {
      await openRotation(name);
      await button('Create the new key').click();
    },
    async lock() {
      await button('Lock now').click();
      await expect(page.getByRole('heading', { name: 'Vault locked' })).toBeVisible();
    },
    async unlock(passphrase) {
      await page.getByLabel('Passphrase').fill(passphrase);
      await button('Unlock').click();
    },
  };
}

/** Opens the toolbar popup as a tab, once its heading is shown. */
export async function openPopup(ext: ExtensionHarness): Promise<PopupPage> {
  const page = await ext.open('popup.html');
  await expect(page.getByRole('heading', { name: 'Venice keys' })).toBeVisible();
  return popupPage(page);
}

/**
 * The popup's "Scan this page for my keys" on `tab`: the leak window with what it found. A real
 * popup is opened on the page by the toolbar click, which grants activeTab for it. Here the popup
 * is a tab of its own, so the page is brought to the front to be the window's active tab; the test
 * build's host permission for http://127.0.0.1 stands in for the grant (Playwright cannot click
 * the toolbar button).
 */
export async function scanFromPopup(
  popup: PopupPage,
  tab: Page,
  context: BrowserContext,
): Promise<LeakWindow> {
  await tab.bringToFront();
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('/leak.html') });
  await popup.page.getByRole('button', { name: 'Scan this page for my keys' }).click();
  return leakWindow(await opened);
}
