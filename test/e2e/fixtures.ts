import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BrowserContext,
  test as base,
  chromium,
  expect,
  type Page,
  type Worker,
} from '@playwright/test';
import type { Api } from '../../lib/background/api';
import type { InputOf, ResultOf } from '../../lib/messaging/define';
import { type Simulator, startSimulator } from '../simulator';
import { chromiumArgs, devExtensionPath, findChromium, unpackedExtensionId } from '../support/browser';

export { expect };

/** A background method's name, input and result, from the background's own Api (as the pages' client). */
export type ApiMethod = keyof Api & string;
export type ApiInput<M extends ApiMethod> = InputOf<Api[M]>;
export type ApiResult<M extends ApiMethod> = ResultOf<Api[M]>;

/** Everything a spec needs to drive the built extension. */
export interface ExtensionHarness {
  id: string;
  /** chrome-extension://<id>/<path> */
  url(path: string): string;
  /** Opens one of the extension's pages (popup.html, options.html, wallet.html…) in a new tab. */
  open(path: string): Promise<Page>;
  /** The live service worker, woken first if it was stopped. */
  worker(): Promise<Worker>;
  /** Stops every service worker (CDP ServiceWorker.stopAllWorkers), as Chrome does after 30 s idle. */
  stopWorker(): Promise<void>;
  /**
   * Sends one request to the background from an extension page, as the UI does; returns the raw
   * response. Untyped on purpose: specs use it to send what the UI never could (unknown methods,
   * bad input). Use `call` for everything else.
   */
  rpc<T = unknown>(
    method: string,
    input?: unknown,
  ): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  /**
   * Like rpc, but typed from the background's Api (a wrong method name or input fails the
   * typecheck) and throws on an error response.
   */
  call<M extends ApiMethod>(
    method: M,
    ...args: undefined extends ApiInput<M> ? [input?: ApiInput<M>] : [input: ApiInput<M>]
  ): Promise<ApiResult<M>>;
  /** Points the extension at the simulator (and anything else in settings). */
  configure(patch: Record<string, unknown>): Promise<void>;
}

interface Fixtures {
  simulator: Simulator;
  /** Unpacked extensions loaded next to ours (e.g. the stand-in MetaMask). */
  extraExtensions: string[];
  /** Every console message of every extension context and page, for secret searches. */
  consoleLog: string[];
  context: BrowserContext;
  ext: ExtensionHarness;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  simulator: async ({}, use) => {
    const sim = await startSimulator({ port: 0 });
    await use(sim);
    await sim.close();
  },

  extraExtensions: [[], { option: true }],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  consoleLog: async ({}, use) => {
    await use([]);
  },

  context: async ({ extraExtensions, consoleLog }, use) => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'vkc-e2e-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: findChromium(),
      headless: !process.env.VKC_HEADED,
      args: chromiumArgs([devExtensionPath(), ...extraExtensions]),
    });
    const record = (where: string) => (msg: { type(): string; text(): string }) => {
      consoleLog.push(`[${where}] ${msg.type()}: ${msg.text()}`);
    };
    context.on('console', record('page'));
    const watchWorker = (w: Worker) => w.on('console', record(`worker ${w.url()}`));
    context.on('serviceworker', watchWorker);
    for (const w of context.serviceWorkers()) watchWorker(w);
    await use(context);
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  },

  ext: async ({ context, simulator }, use) => {
    const id = unpackedExtensionId(devExtensionPath());
    const isOurs = (w: Worker) => new URL(w.url()).host === id;
    if (!context.serviceWorkers().some(isOurs))
      await context.waitForEvent('serviceworker', { predicate: isOurs });
    const url = (path: string) => `chrome-extension://${id}/${path.replace(/^\//, '')}`;

    let harnessPage: Page | undefined;
    const harness = async () => {
      if (!harnessPage || harnessPage.isClosed()) {
        harnessPage = await context.newPage();
        await harnessPage.goto(url('harness.html'));
      }
      return harnessPage;
    };
    const rpc: ExtensionHarness['rpc'] = async (method, input) => {
      const page = await harness();
      return page.evaluate(([m, i]) => chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: m, input: i }), [
        method,
        input,
      ] as const);
    };
    const harnessApi: ExtensionHarness = {
      id,
      url,
      async open(path) {
        const page = await context.newPage();
        await page.goto(url(path));
        return page;
      },
      async worker() {
        const live = context.serviceWorkers().find(isOurs);
        if (live) return live;
        const next = context.waitForEvent('serviceworker', { predicate: isOurs });
        await rpc('status');
        return next;
      },
      async stopWorker() {
        const page = await harness();
        const cdp = await context.newCDPSession(page);
        // Playwright emits no Worker 'close' when a worker is stopped (its Worker object
        // re-attaches when the worker wakes), so wait for CDP to report every version stopped.
        const status = new Map<string, string>();
        let stopRequested = false;
        let markStopped = () => {};
        const stopped = new Promise<void>((resolve) => {
          markStopped = () => {
            if (stopRequested && [...status.values()].every((s) => s === 'stopped')) resolve();
          };
        });
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          for (const v of versions) status.set(v.versionId, v.runningStatus);
          markStopped();
        });
        await cdp.send('ServiceWorker.enable');
        stopRequested = true;
        await cdp.send('ServiceWorker.stopAllWorkers');
        markStopped();
        await stopped;
        await cdp.detach();
      },
      rpc,
      async call(method, ...args) {
        const res = await rpc(method, args[0]);
        if (!res.ok) throw new Error(`${method} failed: ${res.error.code}: ${res.error.message}`);
        return res.value as never;
      },
      async configure(patch) {
        await harnessApi.call('settings.update', patch);
      },
    };
    await harnessApi.configure({
      apiBaseUrl: simulator.apiBase,
      veniceSiteUrl: simulator.siteUrl,
      baseRpcUrl: simulator.rpcUrl,
    });
    await use(harnessApi);
  },
});
