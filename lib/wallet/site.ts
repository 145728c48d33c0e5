/**
 * The Venice-site tab that hosts the user's injected wallet (wallets do not inject into
 * extension pages). Background only: opens or reuses the tab, injects the relay and the
 * MAIN-world functions, and turns Chrome's failures into messages a person can act on.
 */
import { browser } from 'wxt/browser';
import { AppError } from '@/lib/errors';
import { MAX_ICON_CHARS, MAX_WALLET_NAME, MAX_WALLETS, type WalletInfo } from './flow';
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
    // Each message says what to do in its own words.
    super('mint.site_unavailable', message, { retryable: true, hint: '' });
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Waits until the tab shows a loaded page of `origin` (or Chrome's error page, which the scripting
 * step then names). 'complete' alone is not enough: a tab just created can report it for its
 * initial blank document before the navigation starts, and a script run then finds no wallet or
 * no access (seen under CPU load).
 */
async function waitForComplete(tabId: number, origin: string): Promise<void> {
  const deadline = Date.now() + TAB_LOAD_TIMEOUT_MS;
  for (;;) {
    const tab = await browser.tabs.get(tabId);
    const url = tab.url ?? '';
    if (tab.status === 'complete' && (originOf(url) === origin || url.startsWith('chrome-error:'))) return;
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
      await waitForComplete(tab.id, origin);
      return tab.id;
    }
  }
  const open = await browser.tabs.query({ url: `${origin}/*` }).catch(() => []);
  const existing = open.find((t) => t.id !== undefined && !t.discarded && onSite(t.url));
  if (existing?.id !== undefined) {
    await waitForComplete(existing.id, origin);
    return existing.id;
  }
  const created = await browser.tabs.create({ url: siteUrl, active: false });
  if (created.id === undefined) throw new SiteUnavailableError('Could not open the Venice site in a tab.');
  await waitForComplete(created.id, origin);
  return created.id;
}

/**
 * Chrome's wording for a tab we may not script or that went away, as a person's message. A tab
 * showing Chrome's error page (the site did not answer: wrong URL, server down, offline) is
 * told apart from a tab that was closed or navigated away: the cure differs.
 */
async function scriptingFailure(err: unknown, tabId: number): Promise<SiteUnavailableError> {
  const text = err instanceof Error ? err.message : String(err);
  if (/error page|chrome-error:/i.test(text)) {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    const url = tab?.url ?? tab?.pendingUrl ?? '';
    const host = (url && !url.startsWith('chrome-error:') && originOf(url)?.replace(/^\w+:\/\//, '')) || null;
    return new SiteUnavailableError(
      `The Venice site${host ? ` (${host})` : ''} could not be reached: the page did not load. Check the “Venice site” URL in the options and your connection, then try again.`,
    );
  }
  if (/Cannot access|permission|host/i.test(text))
    return new SiteUnavailableError(
      'The extension is not allowed to run on the page set as “Venice site” in the options. Use the Venice site (https://venice.ai) there.',
    );
  if (/No tab|removed|closed|Frame|document/i.test(text))
    return new SiteUnavailableError(
      'The Venice tab was closed or navigated away. Try again: a fresh tab will open.',
    );
  return new SiteUnavailableError('Could not talk to the Venice tab. Reload it and try again.');
}

/**
 * Where a script runs: the tab's top frame, and once discovery has named it, that very
 * document (Chrome's documentIds): a page that navigated since is refused, not scripted.
 */
export interface SiteTarget {
  tabId: number;
  documentId: string | null;
}

function injectionTarget(target: SiteTarget): { tabId: number; frameIds?: number[]; documentIds?: string[] } {
  return target.documentId
    ? { tabId: target.tabId, documentIds: [target.documentId] }
    : { tabId: target.tabId, frameIds: [0] };
}

async function runInMain<A, R>(
  target: SiteTarget,
  func: (arg: A) => Promise<PageResult<R>>,
  arg: A,
): Promise<{ result: PageResult<R>; documentId: string | null }> {
  let results: { result?: unknown; documentId?: string }[];
  try {
    results = await browser.scripting.executeScript({
      target: injectionTarget(target) as { tabId: number },
      world: 'MAIN',
      func: func as (arg: A) => Promise<unknown>,
      args: [arg] as never,
    });
  } catch (err) {
    throw await scriptingFailure(err, target.tabId);
  }
  const result = results[0]?.result as PageResult<R> | null | undefined;
  // null: the page navigated while the function ran.
  if (!result || typeof result !== 'object')
    throw new SiteUnavailableError('The Venice tab reloaded during the request. Try again.');
  const documentId = typeof results[0]?.documentId === 'string' ? results[0].documentId : null;
  return { result, documentId };
}

/** Puts the isolated-world relay into the tab's top frame (it ignores a second injection). */
export async function injectRelay(target: SiteTarget): Promise<void> {
  try {
    await browser.scripting.executeScript({
      target: injectionTarget(target) as { tabId: number },
      files: ['/wallet-relay.js'],
    });
  } catch (err) {
    throw await scriptingFailure(err, target.tabId);
  }
}

/** The wallets in the tab's top frame, and the document they were found in. */
export async function discoverWallets(
  tabId: number,
): Promise<{ wallets: WalletInfo[]; documentId: string | null }> {
  const { result, documentId } = await runInMain({ tabId, documentId: null }, discoverWalletsInPage, {
    waitMs: DISCOVERY_WAIT_MS,
    maxWallets: MAX_WALLETS,
    maxIconChars: MAX_ICON_CHARS,
    maxNameChars: MAX_WALLET_NAME,
  });
  if (!result.ok)
    // The page's own error text is not repeated: it is the page's, not something we know.
    throw new SiteUnavailableError('The Venice page could not list its wallets. Reload it and try again.');
  return { wallets: result.value.slice(0, MAX_WALLETS), documentId };
}

/** Starts a wallet request in the tab's document; its answer comes back later through the relay. */
export async function startWalletRequest(
  target: SiteTarget,
  request: Omit<PageWalletRequest, 'waitMs'>,
): Promise<PageResult<true>> {
  await injectRelay(target);
  const { result } = await runInMain(target, startWalletRequestInPage, {
    ...request,
    waitMs: REQUEST_DISCOVERY_WAIT_MS,
  });
  return result;
}
