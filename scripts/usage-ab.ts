/**
 * Side-by-side usage-view opens, for A/B work on the popup's usage view (not shipped, not part of
 * `npm run bench`).
 *
 *   npx tsx scripts/usage-ab.ts label=path/to/unpacked-dev-build [label=path …]
 *
 * Loads every build in one Chromium, gives each the bench's usage account (90 days × 50 keys, its
 * 90-day figures cached), then interleaves opens of the popup on the usage route, the order rotating
 * each round. Prints each build's median and range of open → `vkc:usage-painted`, and its per-round
 * ratio to the first build named. VKC_AB_ROUNDS sets the rounds (30 by default).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startSimulator } from '../test/simulator';
import { chromiumArgs, findChromium, unpackedExtensionId } from '../test/support/browser';
import { seedUsageAccount } from './usage-seed';

const ROUNDS = Number(process.env.VKC_AB_ROUNDS ?? 30);
const WARMUP = 2;
const PASSPHRASE = 'ab passphrase: synthetic, local only';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function rpc<T>(page: Page, method: string, input?: unknown): Promise<T> {
  const res = (await page.evaluate(
    ([m, i]) => chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: m, input: i }),
    [method, input] as const,
  )) as { ok: boolean; value?: T; error?: unknown };
  if (!res?.ok) throw new Error(`${method}: ${JSON.stringify(res?.error)}`);
  return res.value as T;
}

async function main() {
  const builds = process.argv.slice(2).map((arg) => {
    const [label, path] = arg.split('=') as [string, string];
    // A copy, so that rebuilding the worktree during a run does not change what is measured.
    const dir = mkdtempSync(join(tmpdir(), `vkc-usage-ab-${label}-`));
    cpSync(resolve(path), dir, { recursive: true });
    return { label, dir, id: unpackedExtensionId(dir) };
  });
  const sim = await startSimulator({ port: 0 });
  const account = seedUsageAccount(sim);

  const profile = mkdtempSync(join(tmpdir(), 'vkc-usage-ab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs(builds.map((b) => b.dir)),
  });
  try {
    const harness = new Map<string, Page>();
    for (const b of builds) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${b.id}/harness.html`);
      harness.set(b.label, page);
      await rpc(page, 'settings.update', {
        apiBaseUrl: sim.apiBase,
        veniceSiteUrl: sim.siteUrl,
        baseRpcUrl: sim.rpcUrl,
      });
      await rpc(page, 'vault.create', { passphrase: PASSPHRASE });
      const { key } = await rpc<{ key: { entryId: string } }>(page, 'vault.addKey', {
        label: 'ab usage admin',
        secret: account.adminKey,
      });
      await rpc(page, 'settings.update', { managementKeyId: key.entryId });
      await rpc(page, 'keys.refresh');
      await rpc(page, 'usage.refresh', { windowDays: 90 });
    }
    const open = async (b: (typeof builds)[number]): Promise<number> => {
      await (harness.get(b.label) as Page).evaluate(() =>
        chrome.storage.session.set({ 'popup.route': { name: 'usage', days: 90 } }),
      );
      const page = await context.newPage();
      await page.goto(`chrome-extension://${b.id}/popup.html`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => performance.getEntriesByName('vkc:usage-painted')[0]?.startTime ?? 0,
        undefined,
        { timeout: 20_000 },
      );
      const ms = (await handle.jsonValue()) as number;
      await page.close();
      return ms;
    };
    const samples = new Map<string, number[]>(builds.map((b) => [b.label, []]));
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const order = builds.map((_, i) => builds[(i + round) % builds.length] as (typeof builds)[number]);
      const got = new Map<string, number>();
      for (const b of order) got.set(b.label, await open(b));
      if (round < WARMUP) continue;
      for (const [label, ms] of got) samples.get(label)?.push(ms);
    }
    const base = samples.get(builds[0]?.label ?? '') ?? [];
    for (const b of builds) {
      const xs = samples.get(b.label) as number[];
      const paired = b === builds[0] ? [] : xs.map((ms, i) => ms / (base[i] as number));
      console.info(
        `${b.label.padEnd(14)} median ${median(xs).toFixed(1).padStart(6)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})` +
          (paired.length
            ? `  ÷ ${builds[0]?.label} per pair median ${median(paired).toFixed(3)} (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`
            : ''),
      );
    }
  } finally {
    await context.close();
    await sim.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
