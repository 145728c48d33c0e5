/**
 * `npm run screenshots`: the store screenshots in docs/store/, 1280×800, light and dark, taken from
 * the real extension (the development build) against the Venice simulator's demo account.
 * The popup is shown at its own 400 px width on a 1280×800 canvas with a caption; the options page
 * fills the frame.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screenshotPages, startDemo } from './demo-setup';

const OUT = resolve('docs/store');

async function main(): Promise<void> {
  const demo = await startDemo({ headless: true });
  try {
    for (const colorScheme of ['light', 'dark'] as const) {
      const [popupShot, optionsShot] = await screenshotPages(demo, OUT, {
        colorScheme,
        suffix: `-${colorScheme}-1280x800`,
      });
      // The popup on a store-sized canvas, beside a line saying what it is.
      const canvas = await demo.context.newPage();
      await canvas.setViewportSize({ width: 1280, height: 800 });
      await canvas.emulateMedia({ colorScheme });
      await canvas.goto(demo.ext('harness.html'));
      const png = readFileSync(popupShot as string).toString('base64');
      await canvas.setContent(
        `<!doctype html><html lang="en"><body style="margin:0;height:800px;display:flex;align-items:center;justify-content:center;gap:64px;font:24px system-ui,sans-serif;background:${colorScheme === 'dark' ? '#111827' : '#eef2f7'};color:${colorScheme === 'dark' ? '#f3f4f6' : '#111827'}">` +
          '<div style="max-width:520px"><h1 style="font-size:40px;margin:0 0 16px">Venice Key Companion</h1>' +
          '<p style="margin:0 0 12px">Your Venice.ai API keys from the toolbar: balances, caps, quick revoke, new keys.</p>' +
          '<p style="margin:0;font-size:18px;opacity:.75">Unofficial, independent companion for the Venice.ai API.</p></div>' +
          `<img alt="" src="data:image/png;base64,${png}" style="width:400px;height:600px;border-radius:12px;box-shadow:0 12px 40px rgba(0,0,0,.35)"></body></html>`,
      );
      await canvas.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      // Over the bare popup shot it was drawn from.
      await canvas.screenshot({ path: popupShot });
      await canvas.close();
      console.info(popupShot);
      console.info(optionsShot);
    }
  } finally {
    await demo.close();
  }
}

main().catch((err) => {
  console.error(`screenshots failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
