/**
 * Functions that run in a Venice-site tab's MAIN world (chrome.scripting.executeScript with
 * `world: 'MAIN'`), where the page's wallets live. Chrome serializes each function's source
 * and runs it there, so each one is SELF-CONTAINED: no imports, no outer variables, inputs
 * only through its argument. A thrown error would come back as `null` with the reason lost,
 * so each catches everything and returns `{ ok: false, error }`.
 *
 * Nothing secret ever goes in: the page sees the token it is asked to sign and the wallet's
 * answers, never a key or the vault.
 */
import type { WalletInfo, WalletMethod } from './flow';

export type PageResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export interface DiscoveryInput {
  waitMs: number;
  /** At most this many wallets are kept (a page can announce any number). */
  maxWallets: number;
  /** Icons longer than this (characters of their data: URL) are dropped. */
  maxIconChars: number;
  /** Names are cut to this many characters. */
  maxNameChars: number;
}

/** Asks the page's wallets to announce themselves (EIP-6963); falls back to window.ethereum. */
export async function discoverWalletsInPage(input: DiscoveryInput): Promise<PageResult<WalletInfo[]>> {
  try {
    const found = new Map<string, WalletInfo>();
    const onAnnounce = (event: Event) => {
      if (found.size >= input.maxWallets) return;
      const detail = (event as CustomEvent).detail as
        | { info?: Record<string, unknown>; provider?: { request?: unknown } }
        | undefined;
      const info = detail?.info;
      if (!info || typeof info.uuid !== 'string' || typeof detail?.provider?.request !== 'function') return;
      const icon =
        typeof info.icon === 'string' &&
        /^data:image\//.test(info.icon) &&
        info.icon.length <= input.maxIconChars
          ? info.icon
          : '';
      found.set(info.uuid, {
        uuid: info.uuid.slice(0, 100),
        name:
          (typeof info.name === 'string' && info.name.trim().slice(0, input.maxNameChars)) ||
          'Unnamed wallet',
        rdns: typeof info.rdns === 'string' ? info.rdns.slice(0, 100) : '',
        icon,
      });
    };
    window.addEventListener('eip6963:announceProvider', onAnnounce);
    window.dispatchEvent(new Event('eip6963:requestProvider'));
    await new Promise((resolve) => setTimeout(resolve, input.waitMs));
    window.removeEventListener('eip6963:announceProvider', onAnnounce);
    const wallets = [...found.values()];
    const legacy = (window as unknown as { ethereum?: { request?: unknown; isMetaMask?: boolean } }).ethereum;
    if (wallets.length === 0 && legacy && typeof legacy.request === 'function') {
      wallets.push({
        uuid: 'legacy',
        name: legacy.isMetaMask ? 'MetaMask (window.ethereum)' : 'Browser wallet (window.ethereum)',
        rdns: '',
        icon: '',
      });
    }
    return { ok: true, value: wallets };
  } catch (err) {
    return {
      ok: false,
      error: { code: 'page_error', message: String((err as Error)?.message ?? err).slice(0, 200) },
    };
  }
}

export interface PageWalletRequest {
  requestId: string;
  /** REPLY_TAG: the isolated-world relay forwards only messages carrying it. */
  tag: string;
  wallet: { uuid: string; rdns: string };
  method: WalletMethod;
  params: unknown[];
  /** personal_sign: the connected address, which the wallet must still be sharing. */
  expectAddress: string | null;
  /** How long to wait for the wallets to announce themselves. */
  waitMs: number;
}

/**
 * Starts one wallet request and returns at once (a signature may take minutes, longer than a
 * service worker lives). The answer is posted to the window, tagged with the request id, for
 * the relay to forward.
 */
export async function startWalletRequestInPage(input: PageWalletRequest): Promise<PageResult<true>> {
  try {
    type Provider = { request: (args: { method: string; params?: unknown[] }) => Promise<unknown> };
    const post = (reply: Record<string, unknown>) =>
      window.postMessage({ tag: input.tag, requestId: input.requestId, ...reply }, window.location.origin);

    // Assigned inside the listener; the casts keep TypeScript from narrowing them to null.
    let byUuid = null as Provider | null;
    let byRdns = null as Provider | null;
    const onAnnounce = (event: Event) => {
      const detail = (event as CustomEvent).detail as {
        info?: { uuid?: unknown; rdns?: unknown };
        provider?: Provider;
      };
      if (!detail?.provider || typeof detail.provider.request !== 'function') return;
      if (detail.info?.uuid === input.wallet.uuid) byUuid = detail.provider;
      else if (input.wallet.rdns && detail.info?.rdns === input.wallet.rdns) byRdns = detail.provider;
    };
    window.addEventListener('eip6963:announceProvider', onAnnounce);
    window.dispatchEvent(new Event('eip6963:requestProvider'));
    await new Promise((resolve) => setTimeout(resolve, input.waitMs));
    window.removeEventListener('eip6963:announceProvider', onAnnounce);
    const legacy = (window as unknown as { ethereum?: Provider }).ethereum;
    const provider: Provider | null =
      byUuid ??
      byRdns ??
      (input.wallet.uuid === 'legacy' && typeof legacy?.request === 'function' ? legacy : null);
    if (!provider) {
      return {
        ok: false,
        error: { code: 'wallet_gone', message: 'The wallet is no longer available on the Venice page.' },
      };
    }

    const run = async () => {
      if (input.expectAddress) {
        const accounts = await provider.request({ method: 'eth_accounts' });
        const expected = input.expectAddress.toLowerCase();
        const stillShared =
          Array.isArray(accounts) &&
          accounts.some((a) => typeof a === 'string' && a.toLowerCase() === expected);
        if (!stillShared) {
          post({
            ok: false,
            error: {
              code: 'account_switched',
              message: 'The wallet no longer shares the connected account.',
            },
          });
          return;
        }
      }
      const result = await provider.request({ method: input.method, params: input.params });
      post({ ok: true, result });
    };
    run().catch((err: unknown) => {
      const e = err as { code?: unknown; message?: unknown } | null;
      const code = typeof e?.code === 'number' || typeof e?.code === 'string' ? e.code : 'wallet_error';
      const message =
        typeof e?.message === 'string' ? e.message.slice(0, 300) : 'The wallet reported an error.';
      post({ ok: false, error: { code, message } });
    });
    return { ok: true, value: true };
  } catch (err) {
    return {
      ok: false,
      error: { code: 'page_error', message: String((err as Error)?.message ?? err).slice(0, 200) },
    };
  }
}
