/**
 * The stand-in MetaMask's service worker (bundled with esbuild at test time; see ../metamask-standin.ts).
 * It speaks what @metamask/providers' createExternalExtensionProvider expects on an external
 * port: object-multiplex frames `{ name: 'metamask-provider', data: <JSON-RPC> }`, answering
 * metamask_getProviderState, eth_requestAccounts, eth_accounts, eth_chainId and personal_sign
 * (`[hex, address]`) with real EIP-191 signatures from a test key; errors as `{ error: { code, message } }`.
 * The test steers it through `globalThis.standin` (Playwright `worker.evaluate`).
 */
import { type Hex, isHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

type Mode = 'approve' | 'reject' | 'hold';
type Kind = 'connect' | 'sign';
type Decision = 'approve' | 'reject';

interface StandinConfig {
  privateKey: Hex | null;
  connect: Mode;
  sign: Mode;
  /** Sign with this key instead of the shared account's (a lying wallet). */
  signWith: Hex | null;
}

const STREAM = 'metamask-provider';
const CHAIN_ID = '0x2105';
let config: StandinConfig = { privateKey: null, connect: 'approve', sign: 'approve', signWith: null };
const held: Record<Kind, ((d: Decision) => void)[]> = { connect: [], sign: [] };
const log: { method: string; params: unknown; from: string | undefined }[] = [];
const permitted = new Set<string>();
const ports = new Set<chrome.runtime.Port>();

const configLoaded = chrome.storage.local.get('config').then((stored) => {
  if (stored.config) config = { ...config, ...(stored.config as StandinConfig) };
});

function account() {
  if (!config.privateKey) throw Object.assign(new Error('The stand-in has no key yet.'), { code: -32603 });
  return privateKeyToAccount(config.privateKey);
}

function notifyAll(method: string, params: unknown): void {
  for (const port of ports) {
    try {
      port.postMessage({ name: STREAM, data: { jsonrpc: '2.0', method, params } });
    } catch {
      ports.delete(port);
    }
  }
}

async function gate(kind: Kind): Promise<Decision> {
  const mode = config[kind];
  if (mode !== 'hold') return mode;
  return new Promise<Decision>((resolve) => held[kind].push(resolve));
}

const userRejected = () => Object.assign(new Error('User rejected the request.'), { code: 4001 });

async function answer(method: string, params: unknown, from: string | undefined): Promise<unknown> {
  const allowed = from !== undefined && permitted.has(from);
  switch (method) {
    case 'metamask_getProviderState':
      return {
        accounts: allowed && config.privateKey ? [account().address.toLowerCase()] : [],
        chainId: CHAIN_ID,
        isUnlocked: true,
        networkVersion: '8453',
        isConnected: true,
      };
    case 'eth_chainId':
      return CHAIN_ID;
    case 'net_version':
      return '8453';
    case 'eth_accounts':
      return allowed && config.privateKey ? [account().address.toLowerCase()] : [];
    case 'eth_requestAccounts': {
      if ((await gate('connect')) === 'reject') throw userRejected();
      if (from) permitted.add(from);
      return [account().address.toLowerCase()];
    }
    case 'personal_sign': {
      const [data, address] = (Array.isArray(params) ? params : []) as [unknown, unknown];
      if (typeof data !== 'string' || typeof address !== 'string')
        throw Object.assign(new Error('personal_sign needs [message, address]'), { code: -32602 });
      if (!allowed || address.toLowerCase() !== account().address.toLowerCase())
        throw Object.assign(new Error('The requested account has not been authorized.'), { code: 4100 });
      if ((await gate('sign')) === 'reject') throw userRejected();
      const signer = config.signWith ? privateKeyToAccount(config.signWith) : account();
      return signer.signMessage({ message: isHex(data) ? { raw: data } : data });
    }
    default:
      throw Object.assign(new Error(`The stand-in does not support ${method}.`), { code: 4200 });
  }
}

chrome.runtime.onConnectExternal.addListener((port) => {
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
  port.onMessage.addListener(
    (frame: { name?: unknown; data?: { id?: unknown; method?: unknown; params?: unknown } }) => {
      if (frame?.name !== STREAM) return;
      const request = frame.data;
      if (!request || typeof request.method !== 'string' || request.id === undefined) return;
      const method = request.method;
      const from = port.sender?.id;
      log.push({ method, params: request.params, from });
      const reply = (body: object) => {
        try {
          port.postMessage({ name: STREAM, data: { jsonrpc: '2.0', id: request.id, ...body } });
        } catch {
          // the other side went away
        }
      };
      void configLoaded
        .then(() => answer(method, request.params, from))
        .then(
          (result) => reply({ result }),
          (err: { code?: unknown; message?: unknown }) =>
            reply({
              error: { code: typeof err.code === 'number' ? err.code : -32603, message: String(err.message) },
            }),
        );
    },
  );
});

const control = {
  async configure(patch: Partial<StandinConfig>): Promise<string | null> {
    await configLoaded;
    config = { ...config, ...patch };
    await chrome.storage.local.set({ config });
    return config.privateKey ? account().address : null;
  },
  release(kind: Kind, decision: Decision = 'approve'): number {
    const waiting = held[kind].splice(0);
    for (const resolve of waiting) resolve(decision);
    return waiting.length;
  },
  heldCount(kind: Kind): number {
    return held[kind].length;
  },
  requests(): { method: string; params: unknown; from: string | undefined }[] {
    return log;
  },
  /** Shares another account from now on and tells connected pages (metamask_accountsChanged). */
  async switchAccount(privateKey: Hex): Promise<string> {
    await control.configure({ privateKey });
    const address = account().address.toLowerCase();
    notifyAll('metamask_accountsChanged', [address]);
    return address;
  },
};

(globalThis as unknown as { standin: typeof control }).standin = control;
