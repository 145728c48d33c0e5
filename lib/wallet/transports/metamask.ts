/**
 * MetaMask from extension to extension: `@metamask/providers`' createExternalExtensionProvider,
 * a port to MetaMask's background speaking its multiplexed JSON-RPC stream. Runs in the wallet
 * window (an extension page), never in the service worker: an open port does not keep a worker
 * alive, and a signature can take minutes.
 *
 * Known behaviour (DESIGN "Wallet facts"): with MetaMask missing or its port closed, the provider
 * emits `disconnect` but `request()` never settles, so every request races a timeout and the
 * disconnect event. The provider and its Node-style dependencies load on demand.
 */
import { metamaskMissingMessage, WalletRequestError } from '../failures';
import type { Address, Hex } from '../flow';
import { tokenToSignHex } from '../token';
import { CONNECT_TIMEOUT_MS, QUICK_TIMEOUT_MS, type TransportEvents, type WalletTransport } from './types';

interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** How long an installed extension has to refuse a port before we call it present. */
const PROBE_MS = 400;

/**
 * Whether an extension that accepts external connections is installed under `extensionId`:
 * a missing one closes the port at once ("Receiving end does not exist").
 */
export function isExtensionReachable(extensionId: string, waitMs = PROBE_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let port: chrome.runtime.Port;
    try {
      port = chrome.runtime.connect(extensionId, { name: 'vkc-probe' });
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => {
      port.onDisconnect.removeListener(onGone);
      port.disconnect();
      resolve(true);
    }, waitMs);
    const onGone = () => {
      void chrome.runtime.lastError; // read it, so Chrome does not log it as unchecked
      clearTimeout(timer);
      resolve(false);
    };
    port.onDisconnect.addListener(onGone);
  });
}

/** readable-stream and friends expect Node's globals; give them the browser ports of those. */
async function installNodeGlobals(): Promise<void> {
  const scope = globalThis as unknown as Record<string, unknown>;
  if (!scope.global) scope.global = globalThis;
  if (!scope.Buffer) scope.Buffer = (await import('buffer')).Buffer;
  if (!scope.process) scope.process = (await import('process')).default;
}

async function loadProvider(extensionId: string): Promise<Eip1193Provider> {
  await installNodeGlobals();
  const { createExternalExtensionProvider } = await import('@metamask/providers');
  return createExternalExtensionProvider(extensionId) as unknown as Eip1193Provider;
}

function asWalletError(err: unknown): WalletRequestError {
  if (err instanceof WalletRequestError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'number' || typeof e?.code === 'string' ? e.code : 'wallet_error';
  const message = typeof e?.message === 'string' ? e.message.slice(0, 300) : 'The wallet reported an error.';
  return new WalletRequestError(code, message);
}

export async function createMetaMaskTransport(extensionId: string): Promise<WalletTransport> {
  if (!(await isExtensionReachable(extensionId)))
    throw new WalletRequestError('metamask_missing', metamaskMissingMessage(extensionId));
  const provider = await loadProvider(extensionId);

  let closed = false;
  const disconnectWaiters = new Set<(err: WalletRequestError) => void>();
  const disconnectListeners = new Set<TransportEvents['disconnect']>();
  const onDisconnect = () => {
    closed = true;
    const err = new WalletRequestError('disconnected', 'MetaMask closed the connection.');
    for (const fail of disconnectWaiters) fail(err);
    disconnectWaiters.clear();
    for (const listener of disconnectListeners) listener();
  };
  provider.on('disconnect', onDisconnect);

  async function request(method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
    if (closed) throw new WalletRequestError('disconnected', 'MetaMask closed the connection.');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failOnDisconnect: ((err: WalletRequestError) => void) | undefined;
    try {
      return await Promise.race([
        provider.request({ method, params }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new WalletRequestError('timeout', 'MetaMask did not answer in time.')),
            Math.max(1000, timeoutMs),
          );
        }),
        new Promise<never>((_, reject) => {
          failOnDisconnect = reject;
          disconnectWaiters.add(reject);
        }),
      ]);
    } catch (err) {
      throw asWalletError(err);
    } finally {
      clearTimeout(timer);
      if (failOnDisconnect) disconnectWaiters.delete(failOnDisconnect);
    }
  }

  const toAddresses = (value: unknown): Address[] =>
    Array.isArray(value)
      ? value.filter((a): a is Address => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a))
      : [];

  return {
    kind: 'metamask',
    async connect() {
      const accounts = toAddresses(await request('eth_requestAccounts', [], CONNECT_TIMEOUT_MS));
      const first = accounts[0];
      if (!first) throw new WalletRequestError('no_accounts', 'MetaMask shared no account.');
      return first;
    },
    async accounts() {
      return toAddresses(await request('eth_accounts', [], QUICK_TIMEOUT_MS));
    },
    async sign({ message, address, deadline }) {
      const shared = toAddresses(await request('eth_accounts', [], QUICK_TIMEOUT_MS));
      if (!shared.some((a) => a.toLowerCase() === address.toLowerCase()))
        throw new WalletRequestError('account_switched', 'MetaMask no longer shares the connected account.');
      const signature = await request(
        'personal_sign',
        [tokenToSignHex(message), address],
        deadline - Date.now(),
      );
      if (typeof signature !== 'string' || !/^0x[0-9a-fA-F]+$/.test(signature))
        throw new WalletRequestError(
          'bad_signature',
          'MetaMask answered with something that is not a signature.',
        );
      return signature as Hex;
    },
    disconnect() {
      closed = true;
      provider.removeListener('disconnect', onDisconnect);
    },
    on(event, listener) {
      if (event === 'disconnect') {
        const l = listener as TransportEvents['disconnect'];
        disconnectListeners.add(l);
        return () => disconnectListeners.delete(l);
      }
      const l = (...args: unknown[]) =>
        (listener as TransportEvents['accountsChanged'])(toAddresses(args[0]));
      provider.on('accountsChanged', l);
      return () => provider.removeListener('accountsChanged', l);
    },
  };
}
