/**
 * `npm run demo`: the bundled Venice simulator + Chromium with the extension pointed at it.
 *
 * The extension was just built (`wxt build --mode development`, the build that may reach 127.0.0.1).
 * This starts the simulator with a seeded demo account, launches Chromium with the extension in a
 * fresh temporary profile, points the extension at the simulator, sets up a vault holding the demo
 * ADMIN key (unless --fresh), puts the demo wallet into the simulator's Venice-site page, and runs
 * until Ctrl-C. Everything is synthetic and stays on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { seedDemo, startSimulator } from '../test/simulator';
import {
  BROWSER_ENV,
  chromiumArgs,
  devExtensionPath,
  findChromium,
  unpackedExtensionId,
} from '../test/support/browser';
import { installPageWallet } from '../test/wallets';

const args = new Set(process.argv.slice(2));
const fresh = args.has('--fresh');
const port = Number(process.env.VKC_DEMO_PORT ?? 0);
const exitAfterSeconds = Number(process.env.VKC_DEMO_EXIT_AFTER ?? 0);
const DEMO_PASSPHRASE = 'demo vault passphrase, synthetic and local only';

async function main(): Promise<void> {
  let executablePath: string;
  try {
    executablePath = findChromium();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const headless =
    args.has('--headless') ||
    (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

  const sim = await startSimulator({ port });
  const demo = await seedDemo(sim);

  const extensionDir = devExtensionPath();
  const extensionId = unpackedExtensionId(extensionDir);
  const profile = mkdtempSync(join(tmpdir(), 'vkc-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    viewport: null,
    args: chromiumArgs([extensionDir]),
  });

  const shutdown = async (code = 0) => {
    await context.close().catch(() => {});
    await sim.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

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

  if (!fresh) {
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
  const site = await context.newPage();
  await site.goto(sim.siteUrl);
  await page.goto(ext(fresh ? 'options.html' : 'popup.html'));

  const line = '─'.repeat(72);
  console.info(
    [
      line,
      'Venice Key Companion — demo',
      `  Venice simulator   ${sim.apiBase}   (the extension answers from it: ${status.apiBaseUrl === sim.apiBase ? 'yes' : 'NO'})`,
      `  Venice site page   ${sim.siteUrl}   (holds the demo wallet for "Mint with wallet")`,
      `  Demo ADMIN key     ${demo.adminKey}   (synthetic; only this simulator knows it)`,
      `  Demo wallet        ${demo.wallet.address}   (holds staked VVV on the simulated Base)`,
      fresh
        ? '  Fresh start: create a vault on the options page, then paste the ADMIN key above.'
        : `  Vault passphrase   ${DEMO_PASSPHRASE}`,
      `  Extension          ${ext('popup.html')}`,
      headless
        ? `  No display found: Chromium runs headless. Run on a desktop (or set DISPLAY) to see it; ${BROWSER_ENV} picks the browser.`
        : '  Chromium is open: the toolbar popup, the options page and the badge all talk to the simulator.',
      '  Ctrl-C stops the demo.',
      line,
    ].join('\n'),
  );

  if (exitAfterSeconds > 0) setTimeout(() => void shutdown(0), exitAfterSeconds * 1000);
}

async function rpc(page: Page, method: string, input?: unknown): Promise<unknown> {
  const res = (await page.evaluate(
    ([m, i]) => chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: m, input: i }),
    [method, input] as const,
  )) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!res?.ok) throw new Error(`${method}: ${res?.error?.message ?? 'no answer from the extension'}`);
  return res.value;
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
