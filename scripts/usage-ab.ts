/**
 * Side-by-side popup opens, for A/B work on the popup's usage view or its key list (not shipped, not
 * part of `npm run bench`).
 *
 *   npx tsx scripts/usage-ab.ts label=path/to/unpacked-dev-build [label=path …]
 *   VKC_AB_VIEW=list npx tsx scripts/usage-ab.ts …
 *
 * Loads every build in one Chromium, gives each the bench's account (usage: 90 days × 50 keys, its
 * 90-day figures cached; list: the bench's 12 keys, the list's shell saved), then interleaves opens
 * of the popup on that route, with a blank page of the first build opened the same way each round
 * (the bench's floor), the order rotating each round. Prints each build's median and range of open →
 * `vkc:<view>-painted` (and, for the list, `vkc:list-interactive`), its median ratio to the round's
 * blank page, and its per-round ratio to the first build named. VKC_AB_ROUNDS sets the rounds (30 by
 * default).
 */
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startSimulator } from '../test/simulator';
import { chromiumArgs, findChromium, unpackedExtensionId } from '../test/support/browser';
import { scratchDir } from '../test/support/scratch';
import { manageWith, pointAtSimulator, rpcFrom } from './bench-account';
import { listShellSaved } from './shell-saved';
import { seedAccount, seedUsageAccount } from './usage-seed';

const ROUNDS = Number(process.env.VKC_AB_ROUNDS ?? 30);
const WARMUP = 2;
const VIEW = process.env.VKC_AB_VIEW === 'list' ? 'list' : 'usage';
const PASSPHRASE = 'ab passphrase: synthetic, local only';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main() {
  const builds = process.argv.slice(2).map((arg) => {
    const [label, path] = arg.split('=') as [string, string];
    // A copy, so that rebuilding the worktree during a run does not change what is measured.
    const dir = scratchDir(`vkc-usage-ab-${label}-`);
    cpSync(resolve(path), dir, { recursive: true });
    return { label, dir, id: unpackedExtensionId(dir) };
  });
  const sim = await startSimulator({ port: 0 });
  const account =
    VIEW === 'usage' ? seedUsageAccount(sim) : seedAccount(sim, Number(process.env.VKC_AB_KEYS ?? 12));

  const profile = scratchDir('vkc-usage-ab-profile-');
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
      const call = rpcFrom(() => page);
      await pointAtSimulator(call, sim);
      await call('vault.create', { passphrase: PASSPHRASE });
      await manageWith(call, 'ab usage admin', account.adminKey);
      if (VIEW === 'usage') await call('usage.refresh', { windowDays: 90 });
      else {
        // The list's shell is saved by a popup that drew the list (entrypoints/popup/shell.ts).
        const saved = listShellSaved(page);
        const popup = await context.newPage();
        await popup.goto(`chrome-extension://${b.id}/popup.html`);
        await saved;
        await popup.close();
      }
    }
    const open = async (b: (typeof builds)[number]): Promise<{ painted: number; live: number }> => {
      await (harness.get(b.label) as Page).evaluate(
        (route) => chrome.storage.session.set({ 'popup.route': route }),
        VIEW === 'usage' ? { name: 'usage', days: 90 } : { name: 'list' },
      );
      const page = await context.newPage();
      await page.goto(`chrome-extension://${b.id}/popup.html`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (view) => {
          const painted = performance.getEntriesByName(`vkc:${view}-painted`)[0]?.startTime ?? 0;
          const live = performance.getEntriesByName('vkc:list-interactive')[0]?.startTime ?? 0;
          return painted && (view === 'usage' || live) ? { painted, live } : null;
        },
        VIEW,
        { timeout: 20_000 },
      );
      const moments = (await handle.jsonValue()) as { painted: number; live: number };
      await page.close();
      return moments;
    };
    const blankOpen = async (): Promise<number> => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${builds[0]?.id}/harness.html`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : 0;
      });
      const ms = (await handle.jsonValue()) as number;
      await page.close();
      return ms;
    };
    const samples = new Map<string, number[]>(builds.map((b) => [b.label, []]));
    const lives = new Map<string, number[]>(builds.map((b) => [b.label, []]));
    const toBlank = new Map<string, number[]>(builds.map((b) => [b.label, []]));
    const blanks: number[] = [];
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const order = builds.map((_, i) => builds[(i + round) % builds.length] as (typeof builds)[number]);
      const got = new Map<string, { painted: number; live: number }>();
      const blank = await blankOpen();
      for (const b of order) got.set(b.label, await open(b));
      if (round < WARMUP) continue;
      blanks.push(blank);
      for (const [label, m] of got) {
        samples.get(label)?.push(m.painted);
        lives.get(label)?.push(m.live);
        toBlank.get(label)?.push(m.painted / blank);
      }
    }
    const base = samples.get(builds[0]?.label ?? '') ?? [];
    console.info(`blank page     median ${median(blanks).toFixed(1).padStart(6)} ms`);
    for (const b of builds) {
      const xs = samples.get(b.label) as number[];
      const paired = b === builds[0] ? [] : xs.map((ms, i) => ms / (base[i] as number));
      const live = lives.get(b.label) as number[];
      console.info(
        `${b.label.padEnd(14)} median ${median(xs).toFixed(1).padStart(6)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})` +
          `  ÷ blank median ${median(toBlank.get(b.label) as number[]).toFixed(2)}` +
          (VIEW === 'list' ? `  live median ${median(live).toFixed(1)} ms` : '') +
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
