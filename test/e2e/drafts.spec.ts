/**
 * Input is sacred: what the user types is in the field and in the saved draft from the first
 * keystroke, whatever the timing of renders, storage reads and unlocks; a late restore never
 * overwrites a field typed into.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Simulator } from '../simulator';
import { installPageWallet } from '../wallets';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup, type PopupPage, popupPage } from './popup-page';
import { setupAdminAccount, testPassphrase } from './setup';
import { openWalletWindow } from './wallet-window';

const PASSPHRASE = testPassphrase('drafts');

const setupAccount = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 50, DIEM: 12.5 } });

/**
 * Types `text` into the field labelled `label` in the same task that puts the field on screen:
 * the first keystroke a person could make, before any effect or storage answer. A
 * MutationObserver callback runs right after the render that added the field.
 */
async function typeTheMomentItAppears(page: Page, label: string, text: string): Promise<void> {
  await page.evaluate(
    ([label, text]) => {
      const find = () =>
        [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)?.control as
          | HTMLInputElement
          | undefined;
      const observer = new MutationObserver(() => {
        const input = find();
        if (!input) return;
        observer.disconnect();
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    },
    [label, text] as const,
  );
}

/**
 * Opens the popup with its storage.session reads held until `release()`: the saved screen and
 * drafts come back only after the user has started, as on a busy machine. The answer itself is
 * the real one.
 */
async function openPopupWithLateRestore(
  context: BrowserContext,
  ext: ExtensionHarness,
): Promise<{ popup: PopupPage; release: () => Promise<void> }> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const area = chrome.storage.session;
    const get = area.get.bind(area) as (keys: unknown) => Promise<unknown>;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    (window as unknown as { releaseSessionReads: () => void }).releaseSessionReads = () => open();
    // Asked at once (storage answers in order), answered only when released.
    (area as unknown as { get: (keys: unknown) => Promise<unknown> }).get = (keys) => {
      const answer = get(keys);
      return gate.then(() => answer);
    };
  });
  await page.goto(ext.url('popup.html'));
  await expect(page.getByRole('heading', { name: 'Venice keys' })).toBeVisible();
  return {
    popup: popupPage(page),
    release: () =>
      page.evaluate(() => (window as unknown as { releaseSessionReads: () => void }).releaseSessionReads()),
  };
}

test.describe('input is sacred', () => {
  test('the first keystroke into New key is kept, and survives closing the popup', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    let { page, newKey } = await openPopup(ext);
    await typeTheMomentItAppears(page, 'Description', 'first words');
    await newKey();
    const description = page.getByRole('textbox', { name: 'Description' });
    await expect(description).toHaveValue('first words');
    await page.getByRole('textbox', { name: 'USD cap' }).fill('4');
    await page.close();

    ({ page } = await openPopup(ext));
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('first words');
    await expect(page.getByRole('textbox', { name: 'USD cap' })).toHaveValue('4');
  });

  test('right after unlocking in the popup, the first description typed into New key is kept', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    await ext.call('vault.lock');
    const popup = await openPopup(ext);
    let { page } = popup;
    await popup.unlock(PASSPHRASE);
    await typeTheMomentItAppears(page, 'Description', 'after unlock');
    await popup.newKey();
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('after unlock');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByRole('heading', { name: 'Key created' })).toBeVisible();
    await expect(page.getByText(/^Created after unlock …/)).toBeVisible();
    await page.close();

    // Reopened on the form it was left on, which starts blank: the finished draft is not restored.
    ({ page } = await openPopup(ext));
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('');
  });

  test('a restore that lands late fills only the fields not typed into since the popup opened', async ({
    context,
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    let { page, newKey } = await openPopup(ext);
    await newKey();
    await page.getByRole('textbox', { name: 'Description' }).fill('from before');
    await page.getByRole('textbox', { name: 'DIEM cap' }).fill('3');
    await page.close();

    const late = await openPopupWithLateRestore(context, ext);
    ({ page, newKey } = late.popup);
    // The saved screen has not come back yet: the list is showing, and the user starts over.
    await newKey();
    const description = page.getByRole('textbox', { name: 'Description' });
    await description.fill('typed now');
    await late.release();
    await expect(page.getByRole('textbox', { name: 'DIEM cap' })).toHaveValue('3');
    await expect(description).toHaveValue('typed now');
    await page.close();

    ({ page } = await openPopup(ext));
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('typed now');
    await expect(page.getByRole('textbox', { name: 'DIEM cap' })).toHaveValue('3');
  });
});

test.describe('the wallet window key form', () => {
  test('what was typed survives closing the window and comes back in the reopened one', async ({
    ext,
    context,
    simulator,
  }) => {
    const privateKey = generatePrivateKey();
    simulator.control.setStake(privateKeyToAccount(privateKey).address, '1250.5');
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    await installPageWallet(context, { privateKey, origin: simulator.origin });
    const first = await openWalletWindow(ext, context);
    await first.connectSiteWallet();
    await expect(first.staked('1,250.5')).toBeVisible();
    await first.page.getByLabel(/^Description/).fill('typed in the window');
    await first.page.getByRole('textbox', { name: 'USD cap' }).fill('7');
    await first.page.close();

    const { page: win } = await openWalletWindow(ext, context);
    await expect(win.getByLabel(/^Description/)).toHaveValue('typed in the window');
    await expect(win.getByRole('textbox', { name: 'USD cap' })).toHaveValue('7');
  });
});
