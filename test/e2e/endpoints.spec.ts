/**
 * Only Venice gets the keys. In this development build the simulator on http://127.0.0.1 stands
 * in for Venice; http://localhost is "somewhere else": the build holds its host permission (so
 * the browser grants it without the prompt a test cannot click), and only the user's opt-in may
 * send anything there.
 */
import type { Page } from '@playwright/test';
import { type Simulator, startSimulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup } from './popup-page';
import { setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('endpoints');

/** The same simulator, reached as http://localhost: another origin as far as the extension knows. */
const viaLocalhost = (url: string) => url.replace('http://127.0.0.1:', 'http://localhost:');

const setupAccount = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, badge: true });

const banner = (page: Page) => page.getByRole('alert', { name: 'Custom endpoint in use' });

async function badgeTitle(ext: ExtensionHarness): Promise<string> {
  const worker = await ext.worker();
  return worker.evaluate(() => chrome.action.getTitle({}));
}

test.describe('only Venice gets the keys', () => {
  test('another address is refused with the reason, from the options page too', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    const refused = await ext.rpc('settings.update', { apiBaseUrl: 'https://api.venice.example/api/v1' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'settings.endpoint_not_allowed',
        message: expect.stringContaining(
          'API base URL: https://api.venice.example is not https://api.venice.ai.',
        ),
      },
    });

    const options = await ext.open('options.html#advanced');
    const field = options.getByRole('textbox', { name: 'Venice API base URL' });
    await field.fill(viaLocalhost(simulator.apiBase));
    await options.getByRole('button', { name: 'Save URL' }).click();
    await expect(options.getByRole('alert')).toContainText(
      `API base URL: ${viaLocalhost(simulator.origin)} is not https://api.venice.ai.`,
    );
    expect(await ext.call('status')).toMatchObject({ apiBaseUrl: simulator.apiBase });
    await expect(banner(options)).toHaveCount(0);
  });

  test('an address written straight into storage is set back before any key is sent there', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    const elsewhere = await startSimulator({ port: 0 });
    try {
      const worker = await ext.worker();
      await worker.evaluate(async (url) => {
        const { settings } = (await chrome.storage.local.get('settings')) as {
          settings: Record<string, unknown>;
        };
        await chrome.storage.local.set({ settings: { ...settings, apiBaseUrl: url } });
      }, viaLocalhost(elsewhere.apiBase));
      // Both of these carry the ADMIN key when they reach an API.
      await ext.rpc('keys.refresh');
      await ext.rpc('badge.refresh');
      expect(elsewhere.control.requestLog()).toEqual([]);
      expect(await ext.call('status')).toMatchObject({
        apiBaseUrl: 'https://api.venice.ai/api/v1',
      });
      // Said on the options page, whichever section it opens on.
      const options = await ext.open('options.html');
      const notice = options.getByRole('alert', { name: 'Address set back to Venice' });
      await expect(notice).toContainText('nothing was sent to it');
      await expect(notice).toContainText(
        `API base URL: ${viaLocalhost(elsewhere.origin)} is not https://api.venice.ai.`,
      );
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect(notice).toHaveCount(0);
      await options.reload();
      await expect(options.getByRole('heading', { name: 'Venice Key Companion' })).toBeVisible();
      await expect(notice).toHaveCount(0);
    } finally {
      await elsewhere.close();
    }
  });

  test('a custom endpoint is an explicit opt-in, with a red banner on every page and the tooltip', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    const options = await ext.open('options.html#advanced');
    await expect(options.getByRole('heading', { name: 'Custom endpoint' })).toBeVisible();
    await expect(banner(options)).toHaveCount(0);
    expect(await badgeTitle(ext)).not.toContain('Custom endpoint');

    await options
      .getByRole('combobox', { name: 'Endpoint to replace' })
      .selectOption({ label: 'Venice API' });
    await options.getByRole('textbox', { name: 'Custom endpoint URL' }).fill(viaLocalhost(simulator.apiBase));
    await options.getByRole('button', { name: 'Allow and use this endpoint' }).click();
    const origin = viaLocalhost(simulator.origin);
    await expect(options.getByRole('status').filter({ hasText: `Venice API: now ${origin}.` })).toBeVisible();
    await expect(banner(options)).toContainText(`API base URL: ${origin}`);

    // The keys now go to the custom endpoint (the simulator, reached through localhost).
    const { page: popup, refresh } = await openPopup(ext);
    await expect(banner(popup)).toContainText(origin);
    simulator.control.clearRequestLog();
    await refresh();
    await expect
      .poll(() =>
        simulator.control.requestLog().filter((e) => e.path === '/api/v1/api_keys' && e.authorization),
      )
      .not.toEqual([]);

    const wallet = await ext.open('wallet.html');
    await expect(banner(wallet)).toContainText(origin);

    await expect.poll(() => badgeTitle(ext)).toContain(`Custom endpoint, not Venice: API base URL ${origin}`);

    await options.getByRole('button', { name: 'Use Venice’s endpoints again' }).click();
    await expect(banner(options)).toHaveCount(0);
    await expect(banner(popup)).toHaveCount(0);
    await expect.poll(() => badgeTitle(ext)).not.toContain('Custom endpoint');
  });
});
