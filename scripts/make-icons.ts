/**
 * Renders the toolbar and store icons from their SVG sources into public/icon/<size>.png:
 * `npx tsx scripts/make-icons.ts` after changing scripts/icon/*.svg.
 *
 * 16 px has its own drawing on the pixel grid (icon-16.svg): the big drawing scaled down to 16 px
 * blurs every edge. Chromium renders both (the browser the tests already need), with a transparent
 * background.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from '../test/support/browser';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
  try {
    for (const size of ICON_SIZES) {
      const svg = readFileSync(`scripts/icon/${size === 16 ? 'icon-16' : 'icon'}.svg`, 'utf8');
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}</style><img width="${size}" height="${size}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
      await page.close();
      console.info(`public/icon/${size}.png`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
