/**
 * The stand-in MetaMask extension for e2e tests: built once per run with esbuild into a temp
 * directory (its worker bundles viem for real signatures), loaded next to our extension with the
 * fixture's `extraExtensions`. Its manifest `key` fixes its id, so tests can point the
 * extension's MetaMask setting at it. Never part of the production build.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, expect, type Worker } from '@playwright/test';
import { buildSync } from 'esbuild';
import type { Hex } from 'viem';
import { scratchDir } from '../support/scratch';

const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'metamask-standin');

/** Chromium's id for an extension with a manifest `key`: SHA-256 of the key, first 32 hex digits as a–p. */
export function extensionIdFromKey(base64Key: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

export const METAMASK_STANDIN_ID: string = extensionIdFromKey(
  (JSON.parse(readFileSync(join(SOURCE_DIR, 'manifest.json'), 'utf8')) as { key: string }).key,
);

let built: string | null = null;

/** Builds the stand-in (once per process) and returns its unpacked directory. */
export function metamaskStandinDir(): string {
  if (built) return built;
  const dir = scratchDir('vkc-metamask-standin-');
  copyFileSync(join(SOURCE_DIR, 'manifest.json'), join(dir, 'manifest.json'));
  buildSync({
    entryPoints: [join(SOURCE_DIR, 'background.ts')],
    outfile: join(dir, 'standin-background.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  built = dir;
  return dir;
}

type Mode = 'approve' | 'reject' | 'hold';

/** The test's remote control of the running stand-in (through its service worker). */
export interface MetaMaskStandin {
  readonly id: string;
  configure(patch: {
    privateKey?: Hex;
    connect?: Mode;
    sign?: Mode;
    signWith?: Hex | null;
  }): Promise<string | null>;
  release(kind: 'connect' | 'sign', decision?: 'approve' | 'reject'): Promise<number>;
  /** Resolves when `count` requests of that kind are held; fails after `timeout` ms. */
  waitForHeld(kind: 'connect' | 'sign', count?: number, timeout?: number): Promise<void>;
  requests(): Promise<{ method: string; params: unknown; from: string | undefined }[]>;
  switchAccount(privateKey: Hex): Promise<string>;
}

export async function connectStandin(context: BrowserContext): Promise<MetaMaskStandin> {
  const isStandin = (w: Worker) => w.url().startsWith(`chrome-extension://${METAMASK_STANDIN_ID}/`);
  const worker = async () =>
    context.serviceWorkers().find(isStandin) ??
    (await context.waitForEvent('serviceworker', { predicate: isStandin }));
  return {
    id: METAMASK_STANDIN_ID,
    configure: async (patch) =>
      (await worker()).evaluate((p) => (globalThis as unknown as StandinGlobal).standin.configure(p), patch),
    release: async (kind, decision = 'approve') =>
      (await worker()).evaluate(([k, d]) => (globalThis as unknown as StandinGlobal).standin.release(k, d), [
        kind,
        decision,
      ] as const),
    async waitForHeld(kind, count = 1, timeout = 30_000) {
      // Bounded: a request that never reaches the stand-in fails here, naming what was missing,
      // instead of hanging until the test's own timeout.
      await expect
        .poll(
          async () =>
            (await worker()).evaluate(
              (k) => (globalThis as unknown as StandinGlobal).standin.heldCount(k),
              kind,
            ),
          { timeout, message: `the MetaMask stand-in to hold ${count} ${kind} request(s)` },
        )
        .toBeGreaterThanOrEqual(count);
    },
    requests: async () =>
      (await worker()).evaluate(() => (globalThis as unknown as StandinGlobal).standin.requests()),
    switchAccount: async (privateKey) =>
      (await worker()).evaluate(
        (pk) => (globalThis as unknown as StandinGlobal).standin.switchAccount(pk),
        privateKey,
      ),
  };
}

/** What the stand-in's worker exposes (see metamask-standin/background.ts). */
interface StandinGlobal {
  standin: {
    configure(patch: unknown): Promise<string | null>;
    release(kind: 'connect' | 'sign', decision: 'approve' | 'reject'): number;
    heldCount(kind: 'connect' | 'sign'): number;
    requests(): { method: string; params: unknown; from: string | undefined }[];
    switchAccount(privateKey: string): Promise<string>;
  };
}
