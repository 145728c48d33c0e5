/**
 * `npm run demo`: the bundled Venice simulator + Chromium with the extension pointed at it.
 *
 * The extension was just built (`wxt build --mode development`, the build that may reach 127.0.0.1).
 * This starts the simulator with a seeded demo account, launches Chromium with the extension in a
 * fresh temporary profile, points the extension at the simulator, sets up a vault holding the demo
 * ADMIN key (unless --fresh), puts the demo wallet into the simulator's Venice-site page, and runs
 * until Ctrl-C (or for VKC_DEMO_EXIT_AFTER seconds). Without a display (or with --headless) the
 * browser runs headless, so it also saves screenshots of the popup and the options page and prints
 * where. Everything is synthetic and stays on this machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_ENV } from '../test/support/browser';
import { DEMO_PASSPHRASE, screenshotPages, startDemo } from './demo-setup';

const args = new Set(process.argv.slice(2));
const fresh = args.has('--fresh');
const port = Number(process.env.VKC_DEMO_PORT ?? 0);
const exitAfterSeconds = Number(process.env.VKC_DEMO_EXIT_AFTER ?? 0);

async function main(): Promise<void> {
  const headless =
    args.has('--headless') ||
    (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await startDemo({ port, fresh, headless });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const { sim, ext, page } = demo;
  const shutdown = async (code = 0) => {
    await demo.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  const site = await demo.context.newPage();
  await site.goto(sim.siteUrl);
  await page.goto(ext(fresh ? 'options.html' : 'popup.html'));

  // Headless, nobody sees the browser: leave pictures of what it shows.
  let shots: string[] = [];
  if (headless && !fresh) {
    shots = await screenshotPages(demo, mkdtempSync(join(tmpdir(), 'vkc-demo-screenshots-')), {
      colorScheme: 'light',
    });
  }

  const line = '─'.repeat(72);
  console.info(
    [
      line,
      'Venice Key Companion — demo',
      `  Venice simulator   ${sim.apiBase}   (the extension answers from it: ${demo.apiBaseUrl === sim.apiBase ? 'yes' : 'NO'})`,
      `  Venice site page   ${sim.siteUrl}   (holds the demo wallet for "Mint with wallet")`,
      `  Demo ADMIN key     ${demo.demo.adminKey}   (synthetic; only this simulator knows it)`,
      `  Demo wallet        ${demo.demo.wallet.address}   (holds staked VVV on the simulated Base)`,
      fresh
        ? '  Fresh start: create a vault on the options page, then paste the ADMIN key above.'
        : `  Vault passphrase   ${DEMO_PASSPHRASE}`,
      `  Extension          ${ext('popup.html')}`,
      headless
        ? `  No display (or --headless): Chromium runs headless. Run on a desktop (or set DISPLAY) to use it; ${BROWSER_ENV} picks the browser.`
        : '  Chromium is open: the toolbar popup, the options page and the badge all talk to the simulator.',
      ...shots.map((path) => `  Screenshot         ${path}`),
      exitAfterSeconds > 0
        ? `  Stops by itself after ${exitAfterSeconds} s (VKC_DEMO_EXIT_AFTER).`
        : '  Ctrl-C stops the demo.',
      line,
    ].join('\n'),
  );

  if (exitAfterSeconds > 0) setTimeout(() => void shutdown(0), exitAfterSeconds * 1000);
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
