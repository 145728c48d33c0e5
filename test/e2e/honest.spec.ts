/**
 * Issue 11, §3, §4 and §6: a tolerant reader for whatever Venice sends, honest states (ages,
 * failures, past times), one badge vocabulary, and a wallet window that tells the truth about its
 * step, its site and why the site failed. Venice's odd answers come from the simulator's
 * setWireQuirks (FACTS §2, §6.20), never from mocks in the page.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Simulator } from '../simulator';
import { installPageWallet } from '../wallets';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openOptions } from './options-page';
import { openPopup } from './popup-page';
import { addToVault, setupAdminAccount, testPassphrase } from './setup';
import { openWalletWindow } from './wallet-window';

const PASSPHRASE = testPassphrase('honest');
const DAY = 24 * 60 * 60 * 1000;

const setupAccount = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 50 } });

/** "2026-01-31 13:45 UTC", as the popup writes a date and time. */
function utc(iso: string): string {
  return `${new Date(Date.parse(iso)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

test.describe('a tolerant reader', () => {
  test('one odd key hides nothing: unknown values are shown as sent, an unreadable key is counted', async ({
    ext,
    simulator,
  }) => {
    const a = await setupAccount(ext, simulator);
    const { control } = simulator;
    const privacy = control.addKey({ accountId: a.accountId, description: 'new privacy' });
    control.setWireQuirks(privacy.id, { key: { modelPrivacy: 'NEW_VALUE' } });
    const typed = control.addKey({ accountId: a.accountId, description: 'new type' });
    control.setWireQuirks(typed.id, { key: { apiKeyType: 'SUPER' } });
    const dated = control.addKey({ accountId: a.accountId, description: 'odd date' });
    control.setWireQuirks(dated.id, { key: { createdAt: 'last Tuesday' } });
    const broken = control.addKey({ accountId: a.accountId, description: 'no caps' });
    control.setWireQuirks(broken.id, { key: { consumptionLimits: 'n/a' } });

    const popup = await openPopup(ext);
    const { page } = popup;
    await expect(popup.row(`new privacy …${privacy.last6Chars}`)).toContainText('privacy: NEW_VALUE');
    await expect(popup.row(`new type …${typed.last6Chars}`)).toContainText('SUPER');
    await expect(popup.row(`odd date …${dated.last6Chars}`)).toContainText('Created unknown');
    await expect(popup.row(/^Admin key …/)).toBeVisible();
    await expect(popup.row(/^no caps …/)).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'cannot read' })).toHaveText(
      'Venice sent 1 key this extension cannot read, so it is not shown (consumptionLimits: expected object).',
    );
    await expect(page.getByText('does not understand')).toHaveCount(0);
    await expect(popup.keyCount).toHaveText('4 keys');

    await popup.openDetail(`new privacy …${privacy.last6Chars}`);
    await expect(page.getByText('privacy: NEW_VALUE')).toBeVisible();
  });

  test('an expiry Venice sends as {} is unknown in the list, and the detail agrees with the rate limits', async ({
    ext,
    simulator,
  }) => {
    const a = await setupAccount(ext, simulator);
    const { control } = simulator;
    const key = control.addKey({
      accountId: a.accountId,
      description: 'spec dates',
      expiresAt: control.now() + 30 * DAY,
    });
    control.setWireQuirks(key.id, { key: { expiresAt: {} } });
    await addToVault(ext, 'spec dates', key.secret);
    const expiresAt = control.key(key.id).expiresAt as string;

    const popup = await openPopup(ext);
    const { page } = popup;
    const listed = popup.row(`spec dates …${key.last6Chars}`);
    await expect(listed).toContainText('Expiry unknown');
    await expect(listed).not.toContainText('Never expires');

    await popup.openDetail(`spec dates …${key.last6Chars}`);
    const limits = page.getByRole('region', { name: 'Rate limits and balances' });
    await expect(limits).toContainText(`Key expires${utc(expiresAt)}`);
    await expect(
      page.getByText(`${utc(expiresAt)} (expires in 30 days), as the key’s rate limits report it`),
    ).toBeVisible();
    await expect(page.getByText('Never expires')).toHaveCount(0);
  });
});

test.describe('honest states', () => {
  test('a next epoch already past reads "3 min ago", never "in now"', async ({ ext, simulator }) => {
    const a = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: a.accountId, description: 'epoch' });
    await addToVault(ext, 'epoch', key.secret);
    // The popup's clock is the browser's: three minutes before it, whatever the simulator's offset.
    const past = new Date(Date.now() - 3 * 60_000 - 10_000).toISOString();
    simulator.control.setWireQuirks(key.id, { rateLimits: { nextEpochBegins: past } });

    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.openDetail(`epoch …${key.last6Chars}`);
    await expect(page.getByRole('timer', { name: 'Time to the next epoch' })).toHaveText('3 min ago');
    await expect(page.getByRole('region', { name: 'Rate limits and balances' })).not.toContainText('in now');
  });

  test('a failed balance refresh keeps the old figure, with its age and the failure', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    const popup = await openPopup(ext);
    const { page } = popup;
    const balance = page.getByRole('region', { name: 'Account balance' });
    await expect(balance).toContainText('$50.00');
    await expect(balance).not.toContainText('failed');

    simulator.control.addFault({
      method: 'GET',
      path: '/api/v1/billing/balance',
      kind: 'status',
      status: 503,
    });
    await popup.refresh();
    await expect(balance).toContainText('Last refresh failed');
    await expect(balance).toContainText('$50.00');
    await expect(balance).toContainText(/from (just now|\d+ s ago)/);
    // The list itself refreshed fine: its own age says so.
    await expect(popup.listAge).toHaveText(/Updated (just now|\d+ s ago)/);

    simulator.control.clearFaults();
    await popup.refresh();
    await expect(balance).not.toContainText('failed');
    await expect(balance).toContainText('$50.00');
  });

  test('the options legend says what the badge really means, from the badge’s own table', async ({ ext }) => {
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    const { page, openSection } = await openOptions(ext);
    await openSection('Badge');
    const legend = page.getByRole('table', { name: 'What the badge shows' });
    await expect(legend).toBeVisible();
    const bang = legend.getByRole('row', { name: /^! / });
    // The badge shows "!" whenever Venice does not permit the key, an empty balance included.
    await expect(bang).toContainText('the account balance is empty');
    await expect(bang).toContainText('spend cap is reached');
    await expect(legend.getByRole('row', { name: /^\? / })).toContainText('does not work');
    await expect(legend.getByRole('row', { name: /^Red / })).toContainText('Venice refuses the key');
    await expect(legend.getByRole('row', { name: /^Grey / })).toContainText('the last refresh failed');
  });
});

// ---------------------------------------------------------------------------------------
// The wallet window (§6)
// ---------------------------------------------------------------------------------------

test.describe('the wallet window tells the truth', () => {
  test('it names the Venice site actually configured, not venice.ai', async ({ ext, context, simulator }) => {
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    const win = await openWalletWindow(ext, context);
    const host = new URL(simulator.siteUrl).host;
    await expect(win.page.getByText(/opens .* in a tab/)).toContainText(`opens ${host} in a tab`);
    await expect(win.page.getByText(/opens venice\.ai/)).toHaveCount(0);
  });

  test('its step label follows the key form', async ({ ext, context, simulator }) => {
    const privateKey = generatePrivateKey();
    simulator.control.setStake(privateKeyToAccount(privateKey).address, '1250.5');
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    await installPageWallet(context, { privateKey, origin: simulator.origin });
    const win = await openWalletWindow(ext, context);
    await win.connectSiteWallet();
    await expect(win.staked('1,250.5')).toBeVisible();
    await expect(win.page.getByRole('heading', { name: 'The new key' })).toBeVisible();
    await expect(win.page.getByText(/^Step:/)).toHaveText('Step: Choosing the new key’s settings');
  });

  test('an unreachable Venice site is reported as such, not as a closed tab', async ({ ext, context }) => {
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    // Nothing listens on port 9: Chrome shows its error page in the tab.
    await ext.configure({ veniceSiteUrl: 'http://127.0.0.1:9/' });
    const win = await openWalletWindow(ext, context);
    await win.page.getByRole('button', { name: 'A wallet on the Venice site' }).click();
    const alert = win.alert;
    await expect(alert).toContainText('The Venice site (127.0.0.1:9) could not be reached');
    await expect(alert).not.toContainText('closed or navigated away');
  });
});
