/**
 * Side-by-side worker cold starts, for A/B work on the background (not shipped, not part of `npm run bench`).
 *
 *   npx tsx scripts/worker-ab.ts label=path/to/unpacked-build [label=path …]
 *
 * Loads every build (each needs harness.html, so development builds) and a minimal extension in one
 * Chromium, then interleaves cold starts: stop every worker, time one `status` message from the build's
 * blank page; the order rotates each round so that no build always goes first. Prints each build's
 * median, range and its ratio to the minimal worker of the same round. VKC_AB_ROUNDS sets the rounds,
 * VKC_AB_METHOD the message (`status` by default). scripts/worker-variants.ts makes variants of a build.
 */
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, findChromium, unpackedExtensionId } from '../test/support/browser';
import { scratchDir } from '../test/support/scratch';
import { makeFloorExtension } from './floor-extension';

const ROUNDS = Number(process.env.VKC_AB_ROUNDS ?? 20);
const WARMUP = 2;
/** The message each cold start sends (`keys.list`: the popup's first request). */
const METHOD = process.env.VKC_AB_METHOD ?? 'status';
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
    const dir = scratchDir(`vkc-ab-${label}-`);
    cpSync(resolve(path), dir, { recursive: true });
    return { label, dir };
  });
  const all = [{ label: 'floor', dir: makeFloorExtension('harness.html') }, ...builds];
  const profile = scratchDir('vkc-ab-profile-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs(all.map((b) => b.dir)),
  });
  try {
    const pages = new Map<string, Page>();
    for (const b of all) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${unpackedExtensionId(b.dir)}/harness.html`);
      pages.set(b.label, page);
    }
    // The state the bench has: a vault created and unlocked.
    for (const b of builds) {
      const res = await (pages.get(b.label) as Page).evaluate(
        (passphrase) =>
          chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: 'vault.create', input: { passphrase } }),
        PASSPHRASE,
      );
      if (!res?.ok) console.warn(`${b.label}: vault.create: ${JSON.stringify(res?.error)}`);
    }
    const cdp = await context.newCDPSession(pages.get('floor') as Page);
    await cdp.send('ServiceWorker.enable');
    const status = new Map<string, string>();
    let waiters: (() => void)[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) status.set(v.versionId, v.runningStatus);
      if ([...status.values()].every((s) => s === 'stopped')) {
        for (const w of waiters) w();
        waiters = [];
      }
    });
    const stopAll = async () => {
      const stopped = new Promise<void>((done) => waiters.push(done));
      await cdp.send('ServiceWorker.stopAllWorkers');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5_000))]);
    };
    const samples = new Map<string, number[]>(all.map((b) => [b.label, []]));
    const ratios = new Map<string, number[]>(builds.map((b) => [b.label, []]));
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const order = all.map((_, i) => all[(i + round) % all.length] as (typeof all)[number]);
      const got = new Map<string, number>();
      for (const b of order) {
        await stopAll();
        const ms = await (pages.get(b.label) as Page).evaluate(async (method) => {
          const t0 = performance.now();
          const res = await chrome.runtime.sendMessage({ kind: 'vkc/rpc', method });
          if (!res?.ok) throw new Error(`no answer: ${JSON.stringify(res)}`);
          return performance.now() - t0;
        }, METHOD);
        got.set(b.label, ms);
      }
      if (round < WARMUP) continue;
      for (const [label, ms] of got) samples.get(label)?.push(ms);
      for (const b of builds)
        ratios.get(b.label)?.push((got.get(b.label) as number) / (got.get('floor') as number));
    }
    // Each build against the first one named, round by round (a pair shares the machine's moment).
    const base = builds[0] ? (samples.get(builds[0].label) as number[]) : [];
    for (const b of all) {
      const xs = samples.get(b.label) as number[];
      const r = ratios.get(b.label);
      const paired = b === builds[0] || !r ? [] : xs.map((ms, i) => ms / (base[i] as number));
      console.info(
        `${b.label.padEnd(14)} median ${median(xs).toFixed(1).padStart(6)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})` +
          (r
            ? `  ratio median ${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`
            : '') +
          (paired.length ? `  ÷ ${builds[0]?.label} median ${median(paired).toFixed(3)}` : ''),
      );
    }
  } finally {
    await context.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
