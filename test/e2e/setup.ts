/**
 * What many specs start from, in one place: a synthetic passphrase, an account whose ADMIN key
 * is in the vault as the management key, a local page server, context menus and alarms fired as
 * Chrome would, and the leak window's page object (acting by role and name; the popup's, the
 * options page's and the wallet window's are popup-page.ts, options-page.ts and wallet-window.ts).
 * Nothing here asserts behaviour a spec is about; it only gets to the starting point.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
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

// A local page server: a page a user visits (an app's settings, an issue with a key in it).

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>` */
  host: string;
  close(): Promise<void>;
}

/** Serves `pageFor(path)` as HTML on 127.0.0.1 (a port of its own), until `close()`. */
export async function servePages(pageFor: (path: string) => string): Promise<PageServer> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pageFor(req.url ?? '/'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    // Chromium keeps sockets open (a preconnect sends no request, so it is not "idle" to Node):
    // close them, or close() waits for the server's 60 s header timeout.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Context menus and alarms, as Chrome would fire them.

/**
 * Runs a context-menu item as Chrome would after a right-click: Playwright cannot click a native
 * menu, so the development build's hook calls the registered dispatcher with Chrome's data.
 * Resolves with the extension page the item opens (its path contains `opens`).
 */
export async function clickMenuItem(
  ext: ExtensionHarness,
  context: BrowserContext,
  opens: string,
  info: Record<string, unknown>,
  tab: Record<string, unknown>,
): Promise<Page> {
  const worker = await ext.worker();
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes(opens) });
  const handled = await worker.evaluate(
    ([i, t]) =>
      (globalThis as unknown as { vkcMenuClick(info: unknown, tab: unknown): Promise<boolean> }).vkcMenuClick(
        i,
        t,
      ),
    [info, tab] as const,
  );
  expect(handled).toBe(true);
  return opened;
}

/** Fires the alarm `name` now (re-created with `when: now` and `options`), once Chrome dispatched it. */
export async function fireAlarm(
  worker: Worker,
  name: string,
  options: { periodInMinutes?: number } = {},
): Promise<void> {
  await worker.evaluate(
    ([alarmName, extra]) =>
      new Promise<void>((resolve) => {
        const seen = (alarm: chrome.alarms.Alarm) => {
          if (alarm.name !== alarmName) return;
          chrome.alarms.onAlarm.removeListener(seen);
          resolve();
        };
        chrome.alarms.onAlarm.addListener(seen);
        void chrome.alarms.create(alarmName, { ...extra, when: Date.now() });
      }),
    [name, options] as const,
  );
}

/** Venice refuses the next revoke (DELETE) with `status`. */
export function failNextRevoke(simulator: Simulator, status = 500): void {
  simulator.control.addFault({
    method: 'DELETE',
    path: '/api/v1/api_keys',
    kind: 'status',
    status,
    times: 1,
  });
}

// The leak window's page object.

/** The leak window ("Venice key check"): one card per key found, named by its masked form. */
export interface LeakWindow {
  page: Page;
  /** The card of the key whose secret (or masked form) ends with `last6`. */
  card(last6: string): Locator;
  /** Opens the card's Revoke confirm and confirms it (the key's description names the button). */
  revoke(last6: string, description: string): Promise<void>;
}

export function leakWindow(page: Page): LeakWindow {
  const card = (last6: string) => page.getByRole('article', { name: new RegExp(`…${escapeRegExp(last6)}$`) });
  return {
    page,
    card,
    async revoke(last6, description) {
      await card(last6).getByRole('button', { name: 'Revoke', exact: true }).click();
      await page.getByRole('button', { name: `Revoke ${description} now` }).click();
    },
  };
}

/** "Check this Venice key" on `selectionText` (selected on an issue page): the leak window. */
export async function checkSelection(
  ext: ExtensionHarness,
  context: BrowserContext,
  selectionText: string,
): Promise<LeakWindow> {
  const page = await clickMenuItem(
    ext,
    context,
    '/leak.html',
    { menuItemId: 'vkc-check-leak', selectionText, pageUrl: 'https://github.com/acme/app/issues/7' },
    { id: 1 },
  );
  await expect(page.getByRole('heading', { name: 'Venice key check' })).toBeVisible();
  return leakWindow(page);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Stops the worker in the middle of one Venice request, with no timing: the simulator holds the
 * next `method` request to `path` (Venice's key route by default), `act` starts it (a click),
 * the worker is stopped once the request is in the log, and only then is the request let go:
 * dropped unanswered (`afterStop: 'drop'`), or carried out by Venice with nobody left to hear the
 * answer (`afterStop: 'answer'`).
 */
export async function stopWorkerMidRequest(
  ext: ExtensionHarness,
  simulator: Simulator,
  request: { method: 'POST' | 'DELETE' | 'PATCH'; path?: string; afterStop: 'drop' | 'answer' },
  act: () => Promise<void>,
): Promise<void> {
  const path = request.path ?? '/api/v1/api_keys';
  const match = { method: request.method, path, times: 1 };
  simulator.control.addFault({ ...match, kind: 'hold' });
  if (request.afterStop === 'drop') simulator.control.addFault({ ...match, kind: 'drop' });
  const seen = () =>
    simulator.control.requestLog().filter((r) => r.method === request.method && r.path === path).length;
  const before = seen();
  await act();
  await expect.poll(seen).toBe(before + 1);
  await ext.stopWorker();
  expect(simulator.control.releaseHeld()).toBe(1);
}
