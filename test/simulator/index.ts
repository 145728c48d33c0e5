/**
 * The Venice API simulator: a stateful in-memory stand-in for `https://api.venice.ai/api/v1`
 * that behaves as `venice-api/FACTS.md` says the real server does, plus a Base JSON-RPC
 * stand-in, a Venice-site page and a control API. Test-only: nothing under `lib/` or
 * `entrypoints/` may import it, so it never reaches the extension build.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from './clock';
import { createControl, type SimulatorControl } from './control';
import { API_PREFIX, createRequestHandler } from './server';
import { SimulatorState } from './state';

export interface SimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Base time source (ms); `control.advance()` adds to it. Default `Date.now`. */
  now?: () => number;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `${origin}/api/v1` */
  apiBase: string;
  /** `${origin}/rpc`: the Base JSON-RPC stand-in. */
  rpcUrl: string;
  /** `${origin}/`: the Venice-site page for the injected-wallet transport. */
  siteUrl: string;
  control: SimulatorControl;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const state = new SimulatorState(createClock(opts.now));
  const control = createControl(state);
  let origin = '';
  const handler = createRequestHandler(state, control, () => origin);
  const server = createServer((req, res) => {
    void handler(req, res);
  });
  // A client that sends garbage HTTP gets a 400 and a closed socket, never a crash.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    origin,
    apiBase: `${origin}${API_PREFIX}`,
    rpcUrl: `${origin}/rpc`,
    siteUrl: `${origin}/`,
    control,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export type { SimulatorControl } from './control';
export { BASE_CHAIN_ID, STAKING_CONTRACT } from './rpc';
export { DEMO_UNSTAKED_WALLET_PRIVATE_KEY, DEMO_WALLET_PRIVATE_KEY, type DemoSeed, seedDemo } from './seed';
export type * from './types';
