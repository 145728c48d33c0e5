/**
 * Where a warm popup open spends its time (not shipped, not part of `npm run bench`): opens the popup
 * on its cached list N times beside a blank page, as the bench does, and prints per open the moments
 * (performance.now() of the page) of: the document created, each storage read issued and settled
 * (popup-cache.js's are the first), whether the read found a shell of the current management key,
 * the shell put in, the document interactive, the live list in, and DOMContentLoaded, with the
 * blank page's load for scale. VKC_EXT_DIR picks another unpacked build, VKC_MOMENTS_KEYS the account's key count (12 by
 * default, as the bench's list), VKC_MOMENTS_AFTER_COLD=1 the bench's order.
 *
 *   npm run build:test && npx tsx scripts/popup-moments.ts [opens]
 */
import { chromium } from '@playwright/test';
import { startSimulator } from '../test/simulator';
import { chromiumArgs, devExtensionPath, findChromium, unpackedExtensionId } from '../test/support/browser';
import { scratchDir } from '../test/support/scratch';
import { cacheWritesSettled, manageWith, pointAtSimulator, rpcFrom } from './bench-account';
import { listShellSaved } from './shell-saved';
import { seedAccount } from './usage-seed';

const OPENS = Number(process.argv[2] ?? 15);
const PASSPHRASE = 'moments passphrase: synthetic, local only';

async function main() {
  const extDir = process.env.VKC_EXT_DIR ?? devExtensionPath();
  const id = unpackedExtensionId(extDir);
  const url = (p: string) => `chrome-extension://${id}/${p}`;
  const sim = await startSimulator({ port: 0 });
  const context = await chromium.launchPersistentContext(scratchDir('vkc-moments-'), {
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs([extDir]),
  });
  try {
    if (!context.serviceWorkers().some((w) => w.url().includes(id)))
      await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(id) });
    const harness = await context.newPage();
    await harness.goto(url('harness.html'));
    const call = rpcFrom(() => harness);
    await pointAtSimulator(call, sim);
    await call('vault.create', { passphrase: PASSPHRASE });
    await manageWith(
      call,
      'admin',
      (await seedAccount(sim, Number(process.env.VKC_MOMENTS_KEYS ?? 12))).adminKey,
    );
    // Record the moments from inside the page, before any of its scripts run.
    await context.addInitScript(() => {
      // `init`: the document exists (this script runs first in it).
      const m: Record<string, number> = { init: performance.now() };
      (globalThis as unknown as { __m: typeof m }).__m = m;
      const mark = performance.mark.bind(performance);
      performance.mark = ((name: string, opts?: PerformanceMarkOptions) => {
        m[name] ??= performance.now();
        return mark(name, opts);
      }) as typeof performance.mark;
      document.addEventListener('readystatechange', () => {
        m[`ready:${document.readyState}`] ??= performance.now();
      });
      // Each storage read's issue and settle moments, by area and keys.
      const storage = (globalThis as unknown as { chrome?: typeof chrome }).chrome?.storage;
      for (const area of ['local', 'session'] as const) {
        const target = storage?.[area];
        if (!target) continue;
        const get = target.get.bind(target);
        let n = 0;
        (target as unknown as { get: unknown }).get = (keys: unknown) => {
          const tag = `${area}#${n++}`;
          m[`${tag}-issued`] = performance.now();
          const p = (get as (k: unknown) => Promise<unknown>)(keys);
          void p.then((got) => {
            m[`${tag}-settled`] = performance.now();
            const read = got as Record<
              string,
              { shell?: unknown; ownerEntryId?: unknown; managementKeyId?: unknown }
            >;
            // The shell's own item, or the list's record in builds before 2026-11-30.
            const drawn = read['keys.shell'] ?? read['keys.cache'];
            if (drawn && read.settings) {
              m['has-shell'] = typeof drawn.shell === 'string' ? 1 : 0;
              m['owner-match'] = drawn.ownerEntryId === read.settings.managementKeyId ? 1 : 0;
            }
          });
          return p;
        };
      }
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if ((n as Element).id === 'vkc-shell') m['shell-inserted'] ??= performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    // The first opens compile the code and save the shell (each waits for the shell's save).
    for (let i = 0; i < 3; i++) {
      const saved = listShellSaved(harness);
      const p = await context.newPage();
      await p.goto(url('popup.html'));
      await saved;
      await p.close();
    }
    const rows: Record<string, number>[] = [];
    for (let i = 0; i < OPENS; i++) {
      if (process.env.VKC_MOMENTS_AFTER_COLD) {
        // The bench's order: the cache cleared, a cold open, an open until the shell is saved again.
        await cacheWritesSettled(call);
        await harness.evaluate(() => chrome.storage.local.remove(['keys.cache', 'keys.shell']));
        const cold = await context.newPage();
        await cold.goto(url('popup.html'), { waitUntil: 'commit' });
        await cold.waitForFunction(() => performance.getEntriesByName('vkc:list-painted').length > 0);
        await cold.close();
        const saved = listShellSaved(harness);
        const saver = await context.newPage();
        await saver.goto(url('popup.html'));
        await saved;
        await saver.close();
      }
      const blank = await context.newPage();
      await blank.goto(url('harness.html'), { waitUntil: 'commit' });
      const b = await (
        await blank.waitForFunction(() => {
          const nav = performance.getEntriesByType('navigation')[0] as
            | PerformanceNavigationTiming
            | undefined;
          return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : 0;
        })
      ).jsonValue();
      await blank.close();
      const p = await context.newPage();
      await p.goto(url('popup.html'), { waitUntil: 'commit' });
      await p.waitForFunction(() => performance.getEntriesByName('vkc:list-interactive').length > 0);
      const m = (await p.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          ...(globalThis as unknown as { __m: Record<string, number> }).__m,
          responseEnd: nav.responseEnd,
          domInteractive: nav.domInteractive,
          dcl: nav.domContentLoadedEventStart,
        };
      })) as Record<string, number>;
      await p.close();
      rows.push({ blank: b, ...m });
    }
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    console.info(keys.join('\t'));
    for (const r of rows)
      console.info(keys.map((k) => (r[k] === undefined ? '-' : Math.round(r[k]! * 10) / 10)).join('\t'));
  } finally {
    await context.close();
    await sim.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
