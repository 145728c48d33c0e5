/**
 * What `npm run demo` and `npm run screenshots` share: the simulator with the seeded demo account,
 * Chromium with the development build in a fresh temporary profile, the extension pointed at the
 * simulator, and (unless fresh) a vault holding the demo ADMIN key as management and badge key.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { type DemoSeed, type Simulator, seedDemo, startSimulator } from '../test/simulator';
import { chromiumArgs, devExtensionPath, findChromium, unpackedExtensionId } from '../test/support/browser';
import { installPageWallet } from '../test/wallets';

export const DEMO_PASSPHRASE = 'demo vault passphrase, synthetic and local only';

export interface Demo {
  sim: Simulator;
  demo: DemoSeed;
  context: BrowserContext;
  /** chrome-extension://<id>/<path> */
  ext(path: string): string;
  /** An extension page used to talk to the background (the harness page). */
  page: Page;
  /** The API base the extension answers from, read back after configuring it. */
  apiBaseUrl: string;
  close(): Promise<void>;
}

export async function startDemo(opts: { port?: number; fresh?: boolean; headless: boolean }): Promise<Demo> {
  const executablePath = findChromium();
  const sim = await startSimulator({ port: opts.port ?? 0 });
  const demo = await seedDemo(sim);
  const extensionDir = devExtensionPath();
  const extensionId = unpackedExtensionId(extensionDir);
  const profile = mkdtempSync(join(tmpdir(), 'vkc-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: opts.headless,
    viewport: null,
    args: chromiumArgs([extensionDir]),
  });
  const close = async () => {
    await context.close().catch(() => {});
    await sim.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };

  const ext = (path: string) => `chrome-extension://${extensionId}/${path}`;
  if (!context.serviceWorkers().some((w) => w.url().startsWith(ext('')))) {
    await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(ext('')) });
  }
  const page = await context.newPage();
  await page.goto(ext('harness.html'));
  const call = (method: string, input?: unknown) => rpc(page, method, input);

  await call('settings.update', {
    apiBaseUrl: sim.apiBase,
    veniceSiteUrl: sim.siteUrl,
    baseRpcUrl: sim.rpcUrl,
  });
  const status = (await call('status')) as { apiBaseUrl: string };

  if (!opts.fresh) {
    await call('vault.create', { passphrase: DEMO_PASSPHRASE });
    const { key: admin } = (await call('vault.addKey', {
      label: 'Demo ADMIN key',
      secret: demo.adminKey,
    })) as {
      key: { entryId: string };
    };
    await call('settings.update', { managementKeyId: admin.entryId, badgeKeyId: admin.entryId });
  }

  await installPageWallet(context, { privateKey: demo.wallet.privateKey, origin: sim.origin });
  return { sim, demo, context, ext, page, apiBaseUrl: status.apiBaseUrl, close };
}

/**
 * Screenshots of the popup (at its own 400 px width) and of the options page, in the given colour
 * scheme, into `dir`; returns their paths.
 */
export async function screenshotPages(
  demo: Demo,
  dir: string,
  opts: { colorScheme: 'light' | 'dark'; suffix?: string },
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const suffix = opts.suffix ?? '';
  const shots: string[] = [];
  const popup = await demo.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.emulateMedia({ colorScheme: opts.colorScheme });
  await popup.goto(demo.ext('popup.html'));
  await popup.getByRole('list', { name: 'Keys' }).getByRole('listitem').first().waitFor();
  shots.push(join(dir, `popup${suffix}.png`));
  await popup.screenshot({ path: shots.at(-1) });
  await popup.close();

  const options = await demo.context.newPage();
  await options.setViewportSize({ width: 1280, height: 800 });
  await options.emulateMedia({ colorScheme: opts.colorScheme });
  await options.goto(demo.ext('options.html'));
  await options.getByRole('heading', { name: 'Stored keys' }).waitFor();
  shots.push(join(dir, `options${suffix}.png`));
  await options.screenshot({ path: shots.at(-1) });
  await options.close();
  return shots;
}

export async function rpc(page: Page, method: string, input?: unknown): Promise<unknown> {
  const res = (await page.evaluate(
    ([m, i]) => chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: m, input: i }),
    [method, input] as const,
  )) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!res?.ok) throw new Error(`${method}: ${res?.error?.message ?? 'no answer from the extension'}`);
  return res.value;
}
