import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { devExtensionPath, unpackedExtensionId } from '../support/browser';
import { scratchDir } from '../support/scratch';
import { expect, test } from './fixtures';

/** The version the build must carry: package.json's (WXT copies it into the manifest). */
const PACKAGE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

/** Another extension, installed next to ours, that tries to call our background. */
function makeIntruderExtension(targetId: string): string {
  const dir = scratchDir('vkc-intruder-');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Intruder',
      version: '1.0',
      background: { service_worker: 'sw.js' },
    }),
  );
  writeFileSync(
    join(dir, 'sw.js'),
    `self.tryOurTarget = () => new Promise((resolve) => {
       try {
         chrome.runtime.sendMessage(${JSON.stringify(targetId)}, { kind: 'vkc/rpc', method: 'settings.get' }, (res) => {
           resolve({ res: res ?? null, lastError: chrome.runtime.lastError ? chrome.runtime.lastError.message : null });
         });
       } catch (e) { resolve({ res: null, lastError: String(e && e.message) }); }
     });`,
  );
  return dir;
}

const intruderDir = makeIntruderExtension(unpackedExtensionId(devExtensionPath()));

test.describe('the built extension', () => {
  test.use({ extraExtensions: [intruderDir] });

  test('loads with its real name and only the hosts it needs', async ({ ext }) => {
    const worker = await ext.worker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.name).toBe('Venice Key Companion');
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.version).toBe(PACKAGE_VERSION);
    expect(manifest.host_permissions).toContain('https://api.venice.ai/*');
    // The test build adds the loopback simulator, and localhost for the custom-endpoint test,
    // and nothing else beyond the product's hosts.
    for (const host of manifest.host_permissions ?? []) {
      expect([
        'https://api.venice.ai/*',
        'https://venice.ai/*',
        'https://mainnet.base.org/*',
        'http://127.0.0.1/*',
        'http://localhost/*',
      ]).toContain(host);
    }
    expect(manifest.icons?.['128']).toBeTruthy();
  });

  test('the background answers status from an extension page', async ({ ext, simulator }) => {
    const status = await ext.call('status');
    expect(status.version).toBe(PACKAGE_VERSION);
    expect(status.apiBaseUrl).toBe(simulator.apiBase);
    expect(['none', 'locked', 'unlocked']).toContain(status.vault);
  });

  test('a request the background does not know gets a clear error', async ({ ext }) => {
    const res = await ext.rpc('no.such.method');
    expect(res).toEqual({
      ok: false,
      error: { code: 'messaging.unknown_method', message: 'Unknown request "no.such.method".' },
    });
    const bad = await ext.rpc('settings.update', { apiBaseUrl: 'ftp://example.org' });
    expect(bad.ok).toBe(false);
  });

  for (const page of ['popup.html', 'options.html', 'wallet.html']) {
    test(`${page} renders`, async ({ ext }) => {
      const p = await ext.open(page);
      await expect(p.getByRole('heading').first()).toBeVisible();
    });
  }

  test('a content script in a web page is refused', async ({ ext, context, simulator }) => {
    const site = await context.newPage();
    await site.goto(simulator.siteUrl);
    const worker = await ext.worker();
    // Our own isolated-world script in a web tab: its sender URL is the web page, so the router refuses it.
    const answer = await worker.evaluate(async (siteUrl) => {
      const [tab] = await chrome.tabs.query({ url: `${siteUrl}*` });
      if (!tab?.id) throw new Error('site tab not found');
      const [res] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        func: () => chrome.runtime.sendMessage({ kind: 'vkc/rpc', method: 'settings.get' }),
      });
      return res?.result;
    }, simulator.siteUrl);
    expect(answer).toMatchObject({ ok: false, error: { code: 'messaging.forbidden' } });
    // The web page itself has no channel to the extension at all.
    const pageSees = await site.evaluate(
      () =>
        typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
          ?.sendMessage,
    );
    expect(pageSees).toBe('undefined');
  });

  test('another extension is refused', async ({ context, ext }) => {
    await ext.worker();
    const intruderId = unpackedExtensionId(intruderDir);
    const intruder =
      context.serviceWorkers().find((w) => w.url().includes(intruderId)) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(intruderId) }));
    const result = await intruder.evaluate(() =>
      (self as unknown as { tryOurTarget(): Promise<unknown> }).tryOurTarget(),
    );
    expect(result).toMatchObject({ res: null });
    expect((result as { lastError: string | null }).lastError).toMatch(
      /Receiving end does not exist|Could not establish connection/,
    );
  });

  test('the worker answers again after being stopped', async ({ ext }) => {
    await ext.stopWorker();
    const status = await ext.call('status');
    expect(status.version).toBe(PACKAGE_VERSION);
  });
});
