/**
 * The Venice-site tab that hosts the user's injected wallet (wallets do not inject into
 * extension pages). Background only: opens or reuses the tab, injects the relay and the
 * MAIN-world functions, and turns Chrome's failures into messages a person can act on.
 */
import { browser } from 'wxt/browser';
import { AppError } from '@/lib/errors';
import type { WalletInfo } from './flow';
import {
  discoverWalletsInPage,
  type PageResult,
  type PageWalletRequest,
  startWalletRequestInPage,
} from './page-functions';

const TAB_LOAD_TIMEOUT_MS = 20_000;
/** How long wallets get to answer EIP-6963's requestProvider (they answer synchronously). */
export const DISCOVERY_WAIT_MS = 300;
const REQUEST_DISCOVERY_WAIT_MS = 100;

export class SiteUnavailableError extends AppError {
  override name = 'SiteUnavailableError';
  constructor(message: string) {
    super('site_unavailable', message, { retryable: true });
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

async function waitForComplete(tabId: number): Promise<void> {
  const deadline = Date.now() + TAB_LOAD_TIMEOUT_MS;
  for (;;) {
    const tab = await browser.tabs.get(tabId);
    if (tab.status === 'complete') return;
    if (Date.now() > deadline)
      throw new SiteUnavailableError(
        'The Venice page took too long to load. Check your connection and try again.',
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The tab to use: the one the flow already has if it still shows the Venice site, else any
 * open tab on that site, else a new background tab.
 */
export async function ensureSiteTab(siteUrl: string, knownTabId: number | null): Promise<number> {
  const origin = originOf(siteUrl);
  if (!origin) throw new SiteUnavailableError('The Venice site URL in the options is not valid.');
  const onSite = (url: string | undefined) => url !== undefined && originOf(url) === origin;
  if (knownTabId !== null) {
    const tab = await browser.tabs.get(knownTabId).catch(() => null);
    if (tab?.id !== undefined && onSite(tab.url ?? tab.pendingUrl)) {
      await waitForComplete(tab.id);
      return tab.id;
    }
  }
  const open = await browser.tabs.query({ url: `${origin}/*` }).catch(() => []);
  const existing = open.find((t) => t.id !== undefined && !t.discarded && onSite(t.url));
  if (existing?.id !== undefined) {
    await waitForComplete(existing.id);
    return existing.id;
  }
  const created = await browser.tabs.create({ url: siteUrl, active: false });
  if (created.id === undefined) throw new SiteUnavailableError('Could not open the Venice site in a tab.');
  await waitForComplete(created.id);
  return created.id;
}

/** Chrome's wording for a tab we may not script or that went away, as a person's message. */
function scriptingFailure(err: unknown): SiteUnavailableError {
  const text = err instanceof Error ? err.message : String(err);
  if (/Cannot access|permission|host/i.test(text))
    return new SiteUnavailableError(
      'The extension is not allowed to run on the page set as “Venice site” in the options. Use the Venice site (https://venice.ai) there.',
    );
  if (/No tab|removed|closed|Frame/i.test(text))
    return new SiteUnavailableError(
      'The Venice tab was closed or navigated away. Try again: a fresh tab will open.',
    );
  return new SiteUnavailableError('Could not talk to the Venice tab. Reload it and try again.');
}

async function runInMain<A, R>(
  tabId: number,
  func: (arg: A) => Promise<PageResult<R>>,
  arg: A,
): Promise<PageResult<R>> {
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({
      target: { tabId },
      world: 'MAIN',
      func: func as (arg: A) => Promise<unknown>,
      args: [arg] as never,
    });
  } catch (err) {
    throw scriptingFailure(err);
  }
  const result = results[0]?.result as PageResult<R> | null | undefined;
  // null: the page navigated while the function ran.
  if (!result || typeof result !== 'object')
    throw new SiteUnavailableError('The Venice tab reloaded during the request. Try again.');
  return result;
}

/** Puts the isolated-world relay into the tab (it ignores a second injection). */
export async function injectRelay(tabId: number): Promise<void> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['/wallet-relay.js'] });
  } catch (err) {
    throw scriptingFailure(err);
  }
}

export async function discoverWallets(tabId: number): Promise<WalletInfo[]> {
  const result = await runInMain(tabId, discoverWalletsInPage, DISCOVERY_WAIT_MS);
  if (!result.ok)
    throw new SiteUnavailableError(`The Venice page could not list its wallets (${result.error.message}).`);
  return result.value;
}

/** Starts a wallet request in the tab; its answer comes back later through the relay. */
export async function startWalletRequest(
  tabId: number,
  request: Omit<PageWalletRequest, 'waitMs'>,
): Promise<PageResult<true>> {
  await injectRelay(tabId);
  return runInMain(tabId, startWalletRequestInPage, { ...request, waitMs: REQUEST_DISCOVERY_WAIT_MS });
}
