/**
 * One popup open sends exactly one GET /api_keys and one GET /billing/balance, however the
 * popup's own calls and the background's refresh on unlock interleave.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('requests');

const setupAccount = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 50, DIEM: 12.5 } });

const gets = (simulator: Simulator, path: string) =>
  simulator.control.requestLog().filter((r) => r.method === 'GET' && r.path === path).length;
const LIST = '/api/v1/api_keys';
const BALANCE = '/api/v1/billing/balance';

interface Probe {
  /** How many answers the popup got, per background method. */
  answered(method: string): Promise<number>;
  /** Lets the held answer to `vault.unlock` through. */
  releaseUnlock(): Promise<void>;
}

/**
 * Opens the popup with its messages to the background observed: the answers it got are counted
 * per method, and the answer to `vault.unlock` is held until released (the background has
 * unlocked by then; only the popup hears of it late, as on a busy machine).
 */
async function openObservedPopup(context: BrowserContext, ext: ExtensionHarness): Promise<[Page, Probe]> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    type Message = { method?: string };
    const runtime = chrome.runtime as unknown as { sendMessage: (m: Message) => Promise<unknown> };
    const send = runtime.sendMessage.bind(runtime);
    const answered: Record<string, number> = {};
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    Object.assign(window, {
      vkcAnswered: answered,
      vkcReleaseUnlock: () => open(),
    });
    runtime.sendMessage = (message) => {
      const method = message?.method ?? '';
      const answer = send(message).then((value) => {
        answered[method] = (answered[method] ?? 0) + 1;
        return value;
      });
      return method === 'vault.unlock' ? gate.then(() => answer) : answer;
    };
  });
  await page.goto(ext.url('popup.html'));
  await expect(page.getByRole('heading', { name: 'Venice keys' })).toBeVisible();
  return [
    page,
    {
      answered: (method) =>
        page.evaluate(
          (m) => (window as unknown as { vkcAnswered: Record<string, number> }).vkcAnswered[m] ?? 0,
          method,
        ),
      releaseUnlock: () =>
        page.evaluate(() => (window as unknown as { vkcReleaseUnlock: () => void }).vkcReleaseUnlock()),
    },
  ];
}

test.describe('requests per popup open', () => {
  test('opening the popup asks Venice for the list and the balance once each', async ({
    context,
    ext,
    simulator,
  }) => {
    const account = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: account.accountId, description: 'listed' });
    simulator.control.clearRequestLog();
    const [page, probe] = await openObservedPopup(context, ext);
    await expect(page.getByRole('listitem', { name: `listed …${key.last6Chars}` })).toBeVisible();
    await expect.poll(() => probe.answered('keys.refresh')).toBe(1);
    expect(gets(simulator, LIST)).toBe(1);
    expect(gets(simulator, BALANCE)).toBe(1);
  });

  test('unlocking in the popup asks once, even when the refresh the unlock started has already finished', async ({
    context,
    ext,
    simulator,
  }) => {
    const account = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: account.accountId, description: 'after unlock' });
    await ext.call('vault.lock');
    simulator.control.clearRequestLog();
    const [page, probe] = await openObservedPopup(context, ext);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // The background refreshes as the vault opens; the popup repaints from the cache it wrote.
    await expect(page.getByRole('listitem', { name: `after unlock …${key.last6Chars}` })).toBeVisible();
    expect(gets(simulator, LIST)).toBe(1);
    await probe.releaseUnlock();
    await expect.poll(() => probe.answered('keys.refresh')).toBe(1);
    expect(gets(simulator, LIST)).toBe(1);
    expect(gets(simulator, BALANCE)).toBe(1);
  });
});
