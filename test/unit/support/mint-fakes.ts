/**
 * One set of fakes for the mint's unit tests (the service and the wallet window's controller):
 * a recording Venice (tokens and the mint POST), a recording Venice tab with its wallet, the
 * relay's sender, and `mintDeps()`, the service's dependencies over them with the real vault
 * and settings in the fake browser's storage. Tokens are JWT-shaped and synthetic.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings } from '@/lib/settings/service';
import { createVaultService } from '@/lib/vault/vault';
import type { CreatedApiKey, MintWeb3KeyInput, VeniceClient } from '@/lib/venice/types';
import type { MintFlow, WalletInfo } from '@/lib/wallet/flow';
import type { PageWalletRequest } from '@/lib/wallet/page-functions';
import { RELAY_KIND } from '@/lib/wallet/relay';
import type { WalletServiceDeps } from '@/lib/wallet/service';
import { type SiteTarget, SiteUnavailableError } from '@/lib/wallet/site';

export const TAB = 7;
export const DOCUMENT = 'DOC-7-1';
export const PAGE_WALLET: WalletInfo = {
  uuid: 'b7f6c2a0-0000-4000-8000-000000000001',
  name: 'Test Wallet',
  rdns: 'test.wallet',
  icon: '',
};

/** A JWT-shaped token that lives `lifetime` seconds from `iat` (the payload is all the extension reads). */
export function web3Token(iat: number, lifetime = 900): string {
  const body = Buffer.from(JSON.stringify({ iat, exp: iat + lifetime })).toString('base64url');
  return `eyJhbGciOiJIUzI1NiJ9.${body}.c2lnbmF0dXJl`;
}

/** Venice as far as the mint goes: tokens, the mint POST and the read-back, each logged. */
export class MintVenice {
  tokens = 0;
  posts: MintWeb3KeyInput[] = [];
  minted: CreatedApiKey[] = [];
  /** Runs inside the POST before it answers (to change the world mid-request). */
  duringPost: (() => Promise<void>) | null = null;
  failPost: Error | null = null;

  async getWeb3Token(): Promise<string> {
    this.tokens += 1;
    return web3Token(Math.floor(Date.now() / 1000));
  }
  async mintWeb3Key(input: MintWeb3KeyInput): Promise<CreatedApiKey> {
    this.posts.push(input);
    await this.duringPost?.();
    if (this.failPost) throw this.failPost;
    const created: CreatedApiKey = {
      id: `web3-${this.posts.length}`,
      apiKey: `VENICE_INFERENCE_KEY_minted${crypto.randomUUID().replaceAll('-', '')}`,
      apiKeyType: input.apiKeyType,
      description: input.description ?? 'Web3 API Key',
      expiresAt: null,
      consumptionLimits: { usd: null, diem: null },
      limitPeriod: 'EPOCH',
    };
    this.minted.push(created);
    return created;
  }
  async getApiKey(_secret: string, _id: string): Promise<CreatedApiKey> {
    throw new Error('not visible to this key');
  }
}

export type SiteRequest = { target: SiteTarget; request: Omit<PageWalletRequest, 'waitMs'> };

/**
 * The Venice tab with one wallet on it. Every request the background starts in it is logged;
 * `request(n)` resolves when the n-th (from 0) has been started (now or later), whatever it asks:
 * a test checks its method, so a request sent malformed fails at once instead of never matching.
 */
export class FakeSite {
  requests: SiteRequest[] = [];
  /** What the tab does instead of its usual answer (set by a test). */
  unavailable: string | null = null;
  noWallets = false;
  refuse: { code: number | string; message: string } | null = null;
  /** The known tab each ensureSiteTab call was given. */
  ensured: (number | null)[] = [];
  private waiters: { index: number; resolve: (r: SiteRequest) => void }[] = [];

  readonly deps: WalletServiceDeps['site'] = {
    ensureSiteTab: async (_siteUrl, knownTabId) => {
      this.ensured.push(knownTabId);
      if (this.unavailable) throw new SiteUnavailableError(this.unavailable);
      return TAB;
    },
    discoverWallets: async () => ({ wallets: this.noWallets ? [] : [PAGE_WALLET], documentId: DOCUMENT }),
    startWalletRequest: async (target, request) => {
      const entry = { target, request };
      this.requests.push(entry);
      const index = this.requests.length - 1;
      for (const waiter of this.waiters.filter((w) => w.index === index)) waiter.resolve(entry);
      this.waiters = this.waiters.filter((w) => w.index !== index);
      if (this.unavailable) throw new SiteUnavailableError(this.unavailable);
      // The page types its codes as strings; a wallet's own (4001…) pass through as they are.
      if (this.refuse) return { ok: false, error: this.refuse as { code: string; message: string } };
      return { ok: true, value: true };
    },
  };

  of(method: string): SiteRequest[] {
    return this.requests.filter((r) => r.request.method === method);
  }

  request(index: number): Promise<SiteRequest> {
    const seen = this.requests[index];
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ index, resolve }));
  }
}

/** Our relay: this extension, in the tab's top frame, on the Venice site, in the document the wallets were found in. */
export const relaySender = () => ({
  id: fakeBrowser.runtime.id,
  tab: { id: TAB },
  frameId: 0,
  origin: 'https://venice.ai',
  documentId: DOCUMENT,
});
export const relayMessage = (requestId: string, reply: unknown) => ({ kind: RELAY_KIND, requestId, reply });

/** The mint service's dependencies over the fakes; the vault and settings are the real ones in fake storage. */
export function mintDeps(overrides: Partial<WalletServiceDeps> = {}) {
  const venice = new MintVenice();
  const site = new FakeSite();
  const refreshes: string[] = [];
  const vault = createVaultService();
  const deps: WalletServiceDeps = {
    getClient: async () => venice as unknown as VeniceClient,
    getSettings,
    vault: {
      getVaultStatus: () => vault.getStatus(),
      getStoredSecret: (entryId) => vault.getStoredSecret(entryId),
      addStoredKey: (input) => vault.addStoredKey(input),
    },
    site: site.deps,
    windows: fakeBrowser.windows,
    walletPageUrl: fakeBrowser.runtime.getURL('/wallet.html'),
    extensionId: fakeBrowser.runtime.id,
    firefox: false,
    requestBadgeRefresh: async (reason) => {
      refreshes.push(`badge: ${reason}`);
    },
    refreshKeyList: async (reason) => {
      refreshes.push(`keys: ${reason}`);
    },
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    ...overrides,
  };
  return { deps, venice, site, refreshes };
}

/** Resolves with the next flow the background announces that `accept` takes. */
export function announcedFlow(accept: (flow: MintFlow) => boolean): Promise<MintFlow> {
  return new Promise((resolve) => {
    const listener = (message: unknown) => {
      const flow = (message as { flow?: MintFlow })?.flow;
      if (flow && accept(flow)) {
        fakeBrowser.runtime.onMessage.removeListener(listener);
        resolve(flow);
      }
      return undefined;
    };
    fakeBrowser.runtime.onMessage.addListener(listener);
  });
}
