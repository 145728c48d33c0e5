import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { optionsPage } from './options-page';
import { openPopup } from './popup-page';

/**
 * Issue 3 end to end, through the real options page and popup, against the simulator:
 * first run → create → add ADMIN + INFERENCE (verified, types detected) → worker stopped →
 * still unlocked → lock → popup asks for the passphrase → unlock → reveal and copy →
 * change passphrase → only the new one unlocks → export → reset → import → keys back;
 * then the storage and console searches.
 */

// Random, so a match in storage or a console is a real leak; 12 random characters, so the dictionary estimate always
// says Strong (6 made it Good now and then: seen once in a fresh-clone run).
const random12 = () => Array.from({ length: 12 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
const PASSPHRASE = `harbor-violet-${random12()}-canyon-42`;
const NEW_PASSPHRASE = `meadow-quartz-${random12()}-falcon-77`;

/** Every way a secret could show up: as is, base64 at each of the 3 alignments, URL-safe base64. */
function encodings(secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const out = new Set([secret, b64(secret), b64(secret).replace(/=+$/, '')]);
  for (const shift of [1, 2]) {
    const shifted = b64('x'.repeat(shift) + secret);
    // Drop the characters that mix in the prefix and the padding: the stable middle remains.
    out.add(shifted.slice(4, -4));
  }
  for (const s of [...out]) out.add(s.replaceAll('+', '-').replaceAll('/', '_'));
  return [...out].filter((s) => s.length >= 12);
}

function findLeaks(haystack: string, secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of encodings(secret)) if (haystack.includes(form)) leaks.push(name);
  }
  return [...new Set(leaks)];
}

async function firstRunPage(context: BrowserContext, optionsUrl: string): Promise<Page> {
  const isOptions = (p: Page) => p.url() === optionsUrl;
  return context.pages().find(isOptions) ?? (await context.waitForEvent('page', { predicate: isOptions }));
}

test('the whole vault flow, then nothing secret in storage or in any console', async ({
  context,
  ext,
  simulator,
  consoleLog,
}) => {
  test.setTimeout(180_000);
  const { accountId, adminKey } = simulator.control.createAccount({ balances: { USD: 25 } });
  const inference = simulator.control.addKey({ accountId, apiKeyType: 'INFERENCE', description: 'app key' });
  const secrets = {
    adminKey,
    inferenceKey: inference.secret,
    passphrase: PASSPHRASE,
    newPassphrase: NEW_PASSPHRASE,
  };

  // ---- first run: the options page opened by itself on install ----
  const options = await firstRunPage(context, ext.url('options.html'));
  await expect(options.getByRole('heading', { name: 'Create your vault' })).toBeVisible();

  // A weak passphrase is refused with the reason.
  await options.getByLabel('Passphrase', { exact: true }).fill('password1234');
  await options.getByLabel('Repeat the passphrase').fill('password1234');
  await expect(options.getByText(/built on a well-known password/).first()).toBeVisible();
  await options.getByRole('button', { name: 'Create vault' }).click();
  await expect(options.getByRole('alert')).toContainText('well-known password');
  expect((await ext.call('vault.status')).status).toBe('none');

  // ---- create ----
  await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await options.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await expect(options.getByText('Strength: Strong')).toBeVisible();
  await options.getByRole('button', { name: 'Create vault' }).click();

  // ---- the guided first run goes on: add a key, garbage refused with its reason ----
  const addStep = options.getByRole('region', { name: 'Add your first key' });
  await expect(addStep).toBeVisible({ timeout: 20_000 });
  await expect(addStep.getByRole('heading', { name: 'Add your first key' })).toBeFocused();
  const optionsPo = optionsPage(options);
  await optionsPo.addKey('sk-not-a-venice-key-at-all-1234');
  await expect(addStep.getByRole('alert')).toContainText('another provider’s key');

  // One ADMIN key: it manages the keys and feeds the badge without being asked.
  await optionsPo.addKey(adminKey, 'Main admin');
  const doneStep = options.getByRole('region', { name: 'You’re set' });
  await expect(doneStep.getByRole('status')).toHaveText(
    'Added “Main admin” (verified, ADMIN). It now manages your keys and shows its balance on the badge.',
  );
  await expect(doneStep).toContainText('button in the browser toolbar');
  await doneStep.getByRole('button', { name: 'Go to settings' }).click();
  await expect(options).toHaveURL(/#keys$/);

  // ---- then an INFERENCE key, verified live, in the Keys section ----
  const keysRegion = options.getByRole('region', { name: 'Stored keys' });
  await optionsPo.addKey(inference.secret, 'App key');
  await expect(keysRegion.getByRole('status')).toContainText('Added “App key” (verified, INFERENCE).');

  const keyList = options
    .getByRole('list')
    .filter({ has: options.getByRole('listitem', { name: 'Main admin' }) });
  await expect(keyList.getByRole('listitem')).toHaveCount(2);
  await expect(options.getByRole('listitem', { name: 'App key' })).toContainText(
    `…${inference.secret.slice(-6)}`,
  );

  // The management key must be ADMIN: only the ADMIN key could be offered, and it is chosen already.
  await expect(options.getByRole('button', { name: 'Use App key to manage keys' })).toHaveCount(0);
  await expect(options.getByRole('listitem', { name: 'Main admin' })).toContainText('management key');
  await expect(options.getByRole('listitem', { name: 'Main admin' })).toContainText('badge key');
  const chosen = await ext.call('settings.get');
  expect(chosen.badgeKeyId).toBe(chosen.managementKeyId);

  // The simulator saw the live checks (rate_limits, then /api_keys for the type).
  const paths = simulator.control.requestLog().map((r) => `${r.method} ${r.path}`);
  expect(paths).toContain('GET /api/v1/api_keys/rate_limits');
  expect(paths).toContain('GET /api/v1/api_keys');

  // ---- a stopped service worker does not lock the vault ----
  await ext.stopWorker();
  expect((await ext.call('vault.status')).status).toBe('unlocked');
  await options.reload();
  await expect(options.getByRole('listitem', { name: 'Main admin' })).toBeVisible();

  // ---- lock now (options page) → the popup asks for the passphrase ----
  await options.getByRole('link', { name: 'Vault & security' }).click();
  await options.getByRole('button', { name: 'Lock now' }).click();
  await expect(options.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();

  const popup = await openPopup(ext);
  const popupPassphrase = popup.page.getByLabel('Passphrase');
  await expect(popupPassphrase).toBeVisible();
  await popup.unlock(NEW_PASSPHRASE);
  await expect(popup.alert).toHaveText('Wrong passphrase');
  await popup.unlock(PASSPHRASE);
  await expect(popupPassphrase).toBeHidden({ timeout: 20_000 });
  await popup.page.close();

  // The options page follows the unlock made in the popup (storage events), in the section it was in.
  await expect(options.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible();

  // ---- reveal (one at a time) and copy (cleared after 30 s by the background) ----
  // The extension cannot read the clipboard (no clipboardRead permission): the test reads it
  // from a web page it grants that permission to, so the extension's default path is the one tested.
  const clipboardReader = await context.newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: simulator.origin });
  await clipboardReader.goto(simulator.siteUrl);
  const readClipboard = () => clipboardReader.evaluate(() => navigator.clipboard.readText());

  const keysPage = await context.newPage();
  await keysPage.clock.install();
  await keysPage.goto(ext.url('options.html'));
  const keysPageRegion = keysPage.getByRole('region', { name: 'Stored keys' });
  const adminItem = keysPage.getByRole('listitem', { name: 'Main admin' });
  const appItem = keysPage.getByRole('listitem', { name: 'App key' });
  await expect(adminItem.getByRole('textbox', { name: 'Secret of Main admin' })).toHaveCount(0);
  await keysPage.getByRole('button', { name: 'Reveal Main admin' }).click();
  await expect(adminItem.getByRole('textbox', { name: 'Secret of Main admin' })).toHaveValue(adminKey);
  await keysPage.getByRole('button', { name: 'Reveal App key' }).click();
  await expect(appItem.getByRole('textbox', { name: 'Secret of App key' })).toHaveValue(inference.secret);
  await expect(adminItem.getByRole('textbox', { name: 'Secret of Main admin' })).toHaveCount(0);
  await keysPage.getByRole('button', { name: 'Hide App key' }).click();
  await expect(appItem.getByRole('textbox')).toHaveCount(0);

  await keysPage.getByRole('button', { name: 'Copy App key' }).click();
  await expect(keysPageRegion.getByRole('status')).toContainText('Copied “App key”');
  expect(await readClipboard()).toBe(inference.secret);
  // The background owns the clear; the development build runs it now instead of in 30 s.
  expect((await ext.call('clipboard.clearNow')).pending).toBe(true);
  await expect(keysPageRegion.getByRole('status')).toHaveText('Clipboard cleared.');
  expect(await readClipboard()).toBe('');

  // A clipboard the user has since reused is left alone.
  await keysPage.getByRole('button', { name: 'Copy Main admin' }).click();
  await expect(keysPageRegion.getByRole('status')).toContainText('Copied “Main admin”');
  expect(await readClipboard()).toBe(adminKey);
  await keysPage.clock.runFor(1_000);
  await clipboardReader.evaluate(() => navigator.clipboard.writeText('something the user copied later'));
  // The page saw the change and told the background to leave the clipboard alone.
  await expect(keysPageRegion.getByRole('status')).toHaveCount(0);
  expect((await ext.call('clipboard.clearNow')).pending).toBe(false);
  expect(await readClipboard()).toBe('something the user copied later');
  await keysPage.close();

  // ---- change passphrase → only the new one unlocks ----
  await options.getByText('Change passphrase, restore a backup, reset').click();
  await options.getByLabel('Current passphrase').fill(PASSPHRASE);
  await options.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
  await options.getByLabel('Repeat the new passphrase').fill(NEW_PASSPHRASE);
  await options.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(options.getByText('Passphrase changed.')).toBeVisible({ timeout: 20_000 });
  await options.getByRole('button', { name: 'Lock now' }).click();
  await optionsPo.unlock(PASSPHRASE);
  await expect(options.getByRole('alert')).toHaveText('Wrong passphrase');
  await optionsPo.unlock(NEW_PASSPHRASE);
  await expect(options.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible({ timeout: 20_000 });

  // ---- the calibrated iteration count (how long an unlock takes is measured by `npm run bench`) ----
  await ext.call('vault.lock');
  const report = await ext.call('vault.unlock', {
    passphrase: NEW_PASSPHRASE,
  });
  expect(report).toMatchObject({ upgraded: false });
  expect(report.iterations).toBeGreaterThanOrEqual(900_000);

  // ---- export ----
  const downloadPromise = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export backup' }).click();
  const download = await downloadPromise;
  const backupPath = test.info().outputPath('backup.json');
  await download.saveAs(backupPath);
  const backupText = readFileSync(backupPath, 'utf8');
  expect(download.suggestedFilename()).toMatch(/^venice-key-companion-vault-\d{4}-\d{2}-\d{2}\.json$/);
  expect(findLeaks(backupText, secrets)).toEqual([]);

  // ---- reset (typed confirmation) ----
  await options.getByText('Change passphrase, restore a backup, reset').click();
  const resetButton = options.getByRole('button', { name: 'Reset vault' });
  await expect(resetButton).toBeDisabled();
  await options.getByLabel('Type “delete my vault” to confirm').fill('delete my vault');
  await resetButton.click();
  await expect(options.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  expect((await ext.call('vault.status')).status).toBe('none');

  // ---- import: a foreign file and a wrong passphrase change nothing; the right one restores ----
  const foreignPath = test.info().outputPath('foreign.json');
  writeFileSync(foreignPath, JSON.stringify({ wallet: 'not ours' }));
  await options.getByLabel('Backup file').setInputFiles(foreignPath);
  await options.getByLabel('Passphrase of the backup').fill(NEW_PASSPHRASE);
  await options.getByRole('button', { name: 'Restore backup' }).click();
  await expect(options.getByRole('alert')).toContainText('not a Venice Key Companion vault backup');
  expect((await ext.call('vault.status')).status).toBe('none');

  await options.getByLabel('Backup file').setInputFiles(backupPath);
  await options.getByLabel('Passphrase of the backup').fill(PASSPHRASE);
  await options.getByRole('button', { name: 'Restore backup' }).click();
  await expect(options.getByRole('alert')).toHaveText('Wrong passphrase');
  expect((await ext.call('vault.status')).status).toBe('none');

  await options.getByLabel('Passphrase of the backup').fill(NEW_PASSPHRASE);
  await options.getByRole('button', { name: 'Restore backup' }).click();
  await expect(options.getByRole('listitem', { name: 'Main admin' })).toBeVisible({ timeout: 20_000 });
  await expect(options.getByRole('listitem', { name: 'App key' })).toBeVisible();
  const restored = await ext.call('vault.listKeys');
  const restoredApp = restored.find((k) => k.label === 'App key');
  if (!restoredApp) throw new Error('the restored vault has no “App key”');
  expect((await ext.call('vault.revealSecret', { entryId: restoredApp.entryId })).secret).toBe(
    inference.secret,
  );
  // The export is the whole vault (encrypted, synthetic keys): not kept past its use.
  rmSync(backupPath);
  rmSync(foreignPath);

  // ---- a web page or content script asking for a secret is refused ----
  const site = await context.newPage();
  await site.goto(simulator.siteUrl);
  const worker = await ext.worker();
  const fromContentScript = await worker.evaluate(
    async ({ siteUrl, entryId }) => {
      const [tab] = await chrome.tabs.query({ url: `${siteUrl}*` });
      if (!tab?.id) throw new Error('site tab not found');
      const [res] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        args: [entryId],
        func: async (id: string) => {
          const reveal = await chrome.runtime.sendMessage({
            kind: 'vkc/rpc',
            method: 'vault.revealSecret',
            input: { entryId: id },
          });
          let session: string;
          try {
            session = JSON.stringify(await chrome.storage.session.get(null));
          } catch (e) {
            session = `refused: ${(e as Error).message}`;
          }
          return { reveal, session };
        },
      });
      return res?.result as { reveal: unknown; session: string };
    },
    { siteUrl: simulator.siteUrl, entryId: restoredApp?.entryId as string },
  );
  expect(fromContentScript.reveal).toMatchObject({ ok: false, error: { code: 'messaging.forbidden' } });
  expect(fromContentScript.session).toMatch(/^refused/);
  const pageSees = await site.evaluate(
    () =>
      typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
        ?.sendMessage,
  );
  expect(pageSees).toBe('undefined');

  // ---- the storage search: local and sync, every secret and passphrase, plain and base64 ----
  const dump = await worker.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    sync: await chrome.storage.sync.get(null),
    session: await chrome.storage.session.get(null),
  }));
  expect(Object.keys(dump.local)).toContain('vault');
  expect(findLeaks(JSON.stringify(dump.local), secrets)).toEqual([]);
  expect(findLeaks(JSON.stringify(dump.sync), secrets)).toEqual([]);
  // The session holds the derived key while unlocked, never a secret or a passphrase.
  expect(findLeaks(JSON.stringify(dump.session), secrets)).toEqual([]);

  // ---- the console search: every message of every context during the run ----
  // Probes first, so an empty capture cannot pass for a clean one.
  await options.evaluate(() => console.warn('vkc-e2e console probe: page'));
  await worker.evaluate(() => console.warn('vkc-e2e console probe: worker'));
  for (const probe of ['vkc-e2e console probe: page', 'vkc-e2e console probe: worker'])
    await expect.poll(() => consoleLog.some((line) => line.includes(probe))).toBe(true);
  expect(findLeaks(consoleLog.join('\n'), secrets)).toEqual([]);
});

test('damaged vault data: its own error with the way out, and the record is not overwritten', async ({
  ext,
}) => {
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  await ext.call('vault.lock');
  const worker = await ext.worker();
  const damaged = await worker.evaluate(async () => {
    const { vault } = (await chrome.storage.local.get('vault')) as { vault: { ciphertext: string } };
    const cut = { ...vault, ciphertext: vault.ciphertext.slice(0, 20) };
    await chrome.storage.local.set({ vault: cut });
    return cut;
  });
  const options = await ext.open('options.html');
  await optionsPage(options).unlock(PASSPHRASE);
  await expect(options.getByRole('alert')).toContainText('The vault data is damaged');
  await expect(options.getByRole('alert')).toContainText('Import backup');
  // The way out is on screen at once.
  await expect(options.getByRole('heading', { name: 'Restore a backup' })).toBeVisible();
  const after = await worker.evaluate(async () => (await chrome.storage.local.get('vault')).vault);
  expect(after).toEqual(damaged);
});

test('the service worker stopped in the middle of adding a key loses nothing', async ({ ext, simulator }) => {
  const { adminKey } = simulator.control.createAccount({ balances: { USD: 5 } });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  // Venice answers slowly, so the worker is stopped while the add is in flight.
  simulator.control.addFault({ path: '/api/v1/api_keys/rate_limits', kind: 'latency', ms: 3_000 });
  const pending = ext
    .rpc('vault.addKey', { label: 'in flight', secret: adminKey, allowUnverified: false })
    .catch(() => null); // the stopped worker never answers
  await expect.poll(() => simulator.control.faults()[0]?.hits).toBe(1);
  await ext.stopWorker();
  simulator.control.clearFaults();
  const answer = await pending;
  // Either the add finished before the stop, or it never happened: the vault still opens,
  // stays unlocked, and adding again works (no half-written record, no duplicate).
  expect((await ext.call('vault.status')).status).toBe('unlocked');
  const before = await ext.call('vault.listKeys');
  if (answer?.ok) expect(before.map((k) => k.label)).toEqual(['in flight']);
  else expect(before).toEqual([]);
  if (!answer?.ok)
    await ext.call('vault.addKey', { label: 'again', secret: adminKey, allowUnverified: false });
  expect(await ext.call('vault.listKeys')).toHaveLength(1);
});

test('settings: the API base URL is validated with its reason; auto-lock drives the alarm', async ({
  ext,
}) => {
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  const options = await ext.open('options.html#advanced');
  let settings = options.getByRole('region', { name: 'Venice API' });
  await settings.getByLabel('Venice API base URL').fill('http://api.example.com/api/v1');
  await settings.getByRole('button', { name: 'Save URL' }).click();
  await expect(settings.getByRole('alert')).toHaveText('API base URL: The URL must start with https://.');

  await options.getByRole('link', { name: 'Vault & security' }).click();
  settings = options.getByRole('region', { name: 'Auto-lock' });
  const worker = await ext.worker();
  const alarm = () => worker.evaluate(() => chrome.alarms.get('vault.autolock').then((a) => a ?? null));
  await settings
    .getByLabel('Lock the vault automatically')
    .selectOption({ label: 'Only when the browser closes' });
  await expect(settings.getByRole('status')).toContainText('only when the browser closes');
  expect((await ext.call('settings.get')).autoLockMinutes).toBe(0);
  await expect.poll(alarm).toBeNull();

  // The alarm is set between the change and the moment it is read: 5 minutes after the change,
  // bracketed by those two moments (Chromium and this test read the same clock).
  const changed = Date.now();
  await settings.getByLabel('Lock the vault automatically').selectOption({ label: 'After 5 minutes idle' });
  await expect(settings.getByRole('status')).toContainText('after 5 minutes idle');
  await expect.poll(alarm).not.toBeNull();
  const scheduled = (await alarm())?.scheduledTime ?? 0;
  const read = Date.now();
  expect(scheduled).toBeGreaterThanOrEqual(changed + 5 * 60_000);
  // +1: Date.now() drops the fraction of a millisecond that Chromium's time keeps.
  expect(scheduled).toBeLessThanOrEqual(read + 5 * 60_000 + 1);

  // When the alarm fires the vault locks, and the page follows.
  await worker.evaluate(() => chrome.alarms.create('vault.autolock', { when: Date.now() + 10 }));
  await expect(options.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible({ timeout: 60_000 });
  expect((await ext.call('vault.status')).status).toBe('locked');
});
