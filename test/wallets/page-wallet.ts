/**
 * A stand-in for a browser wallet inside a web page (tests and the demo only; never built into
 * the extension). The page gets an EIP-6963 provider ("Test Wallet") whose requests go to Node
 * through a Playwright binding, where a viem local account answers them with real secp256k1
 * EIP-191 signatures. The test decides how each request is answered: approve, reject (4001),
 * or hold until released; it can also switch accounts or sign with a different key.
 */
import type { BrowserContext } from '@playwright/test';
import { type Hex, isHex } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';

export type Decision = 'approve' | 'reject';
export type Mode = Decision | 'hold';
export type RequestKind = 'connect' | 'sign';

export interface PageWalletOptions {
  privateKey: Hex;
  /** The only origin whose pages get the wallet (the simulator's site), e.g. http://127.0.0.1:4321. */
  origin: string;
  name?: string;
  rdns?: string;
}

export interface WalletRequestRecord {
  method: string;
  params: unknown[];
  origin: string;
}

export interface PageWallet {
  /** The account the wallet shares. */
  readonly address: Hex;
  /** Every request the pages made, in order. */
  readonly requests: WalletRequestRecord[];
  /** How the next connect / sign requests are answered (default: approve). */
  setMode(kind: RequestKind, mode: Mode): void;
  /** Answers the held requests of that kind; resolves once they were answered. */
  release(kind: RequestKind, decision?: Decision): Promise<void>;
  /** Resolves once `count` requests of that kind have arrived in all (held or not). */
  waitForRequest(kind: RequestKind, count?: number): Promise<void>;
  /** Shares another account from now on (eth_accounts changes). */
  switchAccount(privateKey: Hex): Hex;
  /** Signs with this key instead of the shared account's (a wallet that lies), or null to stop. */
  signWith(privateKey: Hex | null): void;
}

const BINDING = '__vkcTestWalletRequest';
const TEST_WALLET_ICON =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#7c3aed"/><text x="16" y="21" font-size="14" text-anchor="middle" fill="#fff" font-family="sans-serif">TW</text></svg>',
  ).toString('base64');

/** The page side: announces the provider (EIP-6963) on pages of `origin` only. Runs before any page script. */
function initScript(origin: string, name: string, rdns: string): string {
  return `(() => {
  if (location.origin !== ${JSON.stringify(origin)}) return;
  const listeners = new Map();
  const provider = {
    isTestWallet: true,
    async request(args) {
      const method = args && args.method;
      const params = (args && args.params) || [];
      const answer = await window[${JSON.stringify(BINDING)}]({ method, params });
      if (answer.error) {
        const error = new Error(answer.error.message);
        error.code = answer.error.code;
        throw error;
      }
      return answer.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  const info = Object.freeze({
    uuid: crypto.randomUUID(),
    name: ${JSON.stringify(name)},
    icon: ${JSON.stringify(TEST_WALLET_ICON)},
    rdns: ${JSON.stringify(rdns)},
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
})();`;
}

type Answer = { result: unknown } | { error: { code: number; message: string } };

const rejected = (): Answer => ({ error: { code: 4001, message: 'User rejected the request.' } });

/** Installs the test wallet into every page of `options.origin` opened in `context` from now on. */
export async function installPageWallet(
  context: BrowserContext,
  options: PageWalletOptions,
): Promise<PageWallet> {
  let shared: PrivateKeyAccount = privateKeyToAccount(options.privateKey);
  let signer: PrivateKeyAccount | null = null;
  const connectedOrigins = new Set<string>();
  const modes: Record<RequestKind, Mode> = { connect: 'approve', sign: 'approve' };
  const held: Record<RequestKind, ((decision: Decision) => void)[]> = { connect: [], sign: [] };
  const arrivals: Record<RequestKind, { count: number; notify: () => void }[]> = { connect: [], sign: [] };
  const seen: Record<RequestKind, number> = { connect: 0, sign: 0 };
  const requests: WalletRequestRecord[] = [];

  async function gate(kind: RequestKind): Promise<Decision> {
    seen[kind] += 1;
    const due = arrivals[kind].filter((a) => a.count <= seen[kind]);
    arrivals[kind] = arrivals[kind].filter((a) => a.count > seen[kind]);
    for (const a of due) a.notify();
    const mode = modes[kind];
    if (mode !== 'hold') return mode;
    return new Promise<Decision>((resolve) => held[kind].push(resolve));
  }

  async function answer(origin: string, method: string, params: unknown[]): Promise<Answer> {
    switch (method) {
      case 'eth_requestAccounts': {
        if ((await gate('connect')) === 'reject') return rejected();
        connectedOrigins.add(origin);
        return { result: [shared.address] };
      }
      case 'eth_accounts':
        return { result: connectedOrigins.has(origin) ? [shared.address] : [] };
      case 'eth_chainId':
        return { result: '0x2105' };
      case 'personal_sign': {
        const [data, address] = params as [unknown, unknown];
        if (typeof data !== 'string' || typeof address !== 'string')
          return { error: { code: -32602, message: 'personal_sign needs [message, address]' } };
        if (!connectedOrigins.has(origin) || address.toLowerCase() !== shared.address.toLowerCase())
          return { error: { code: 4100, message: 'The requested account has not been authorized.' } };
        if ((await gate('sign')) === 'reject') return rejected();
        const account = signer ?? shared;
        const signature = await account.signMessage({ message: isHex(data) ? { raw: data } : data });
        return { result: signature };
      }
      default:
        return { error: { code: 4200, message: `The test wallet does not support ${method}.` } };
    }
  }

  await context.exposeBinding(BINDING, async (source, payload: { method?: unknown; params?: unknown }) => {
    const origin = new URL(source.frame.url()).origin;
    const method = typeof payload?.method === 'string' ? payload.method : '';
    const params = Array.isArray(payload?.params) ? payload.params : [];
    requests.push({ method, params, origin });
    return answer(origin, method, params);
  });
  await context.addInitScript({
    content: initScript(
      options.origin,
      options.name ?? 'Test Wallet',
      options.rdns ?? 'org.example.testwallet',
    ),
  });

  return {
    get address() {
      return shared.address;
    },
    requests,
    setMode(kind, mode) {
      modes[kind] = mode;
    },
    async release(kind, decision = 'approve') {
      for (const resolve of held[kind].splice(0)) resolve(decision);
    },
    waitForRequest(kind, count = 1) {
      if (seen[kind] >= count) return Promise.resolve();
      return new Promise((resolve) => arrivals[kind].push({ count, notify: resolve }));
    },
    switchAccount(privateKey) {
      shared = privateKeyToAccount(privateKey);
      return shared.address;
    },
    signWith(privateKey) {
      signer = privateKey ? privateKeyToAccount(privateKey) : null;
    },
  };
}
