import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup } from './popup-page';
import { addToVault, setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('keys');
const DAY = 24 * 60 * 60 * 1000;

/** An account in the simulator, a vault in the extension holding its ADMIN key, chosen for management. */
const setupAccount = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, {
    passphrase: PASSPHRASE,
    balances: { USD: 50, DIEM: 12.5, diemEpochAllocation: 20 },
  });

/** The vault's copy of a key's secret, through the same reveal a user would use. */
/** The account's keys (as Venice holds them) with this description. */
function keysDescribed(simulator: Simulator, accountId: string, description: string) {
  return simulator.control.account(accountId).keys.filter((k) => k.description === description);
}

async function vaultSecretOf(ext: ExtensionHarness, veniceKeyId: string): Promise<string | null> {
  const keys = await ext.call('vault.listKeys');
  const entry = keys.find((k) => k.veniceKeyId === veniceKeyId);
  if (!entry) return null;
  return (await ext.call('vault.revealSecret', { entryId: entry.entryId })).secret;
}

test.describe('key management in the popup', () => {
  test('lists every key with its facts, marks vault keys, and shows the account balance', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const capped = simulator.control.addKey({
      accountId: s.accountId,
      description: 'capped app',
      consumptionLimit: { usd: 10 },
      limitPeriod: 'MONTH',
      expiresAt: now + 3 * DAY,
    });
    simulator.control.recordUsage({ keyId: capped.id, amount: 2.5, currency: 'USD' });
    const inVault = simulator.control.addKey({ accountId: s.accountId, description: 'my laptop' });
    await addToVault(ext, 'laptop', inVault.secret);
    simulator.control.addKey({
      accountId: s.accountId,
      description: 'far future',
      expiresAt: now + 60 * DAY,
      lastUsedAt: now - 2 * 60 * 60 * 1000,
    });

    const popup = await openPopup(ext);
    const { page } = popup;
    const cappedRow = popup.row(`capped app …${capped.last6Chars}`);
    await expect(cappedRow).toBeVisible();
    await expect(cappedRow).toContainText('INFERENCE');
    await expect(cappedRow).toContainText(`…${capped.last6Chars}`);
    await expect(cappedRow).toContainText('Expires soon: in 3 d');
    await expect(cappedRow).toContainText('$2.50 of $10.00 monthly');
    await expect(
      cappedRow.getByRole('meter', { name: /USD cap: \$2\.50 of \$10\.00 monthly/ }),
    ).toBeVisible();
    await expect(cappedRow).toContainText('7 days: $2.50');
    await expect(cappedRow).toContainText(/Used (just now|\d+ s ago)/); // the usage just recorded
    await expect(cappedRow).not.toContainText('In vault');
    await expect(popup.row(/^far future …/)).toContainText('Expires in 60 days');
    await expect(popup.row(/^far future …/)).toContainText('Used 2 h ago');
    await expect(popup.row(`my laptop …${inVault.last6Chars}`)).toContainText('In vault');
    await expect(popup.row(/^Admin key …/)).toContainText('ADMIN');
    await expect(popup.row(/^Admin key …/)).toContainText('In vault');
    await expect(popup.keyCount).toHaveText('4 keys');
    await expect(page.getByRole('region', { name: 'Account balance' })).toContainText('$47.50');
    await expect(page.getByRole('region', { name: 'Account balance' })).toContainText('12.5 DIEM of 20');
    await expect(popup.listAge).toHaveText(/Updated (just now|\d+ s ago)/);
  });

  test('filters by text and type, and sorts', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    simulator.control.addKey({ accountId: s.accountId, description: 'alpha web', createdAt: now - 3 * DAY });
    const beta = simulator.control.addKey({
      accountId: s.accountId,
      description: 'beta worker',
      createdAt: now - 2 * DAY,
    });
    simulator.control.addKey({
      accountId: s.accountId,
      description: 'gamma admin',
      apiKeyType: 'ADMIN',
      createdAt: now - DAY,
    });
    const popup = await openPopup(ext);
    const { page } = popup;
    await expect(popup.keyCount).toHaveText('4 keys');
    await popup.filter('worker');
    await expect(popup.keyCount).toHaveText('1 of 4 keys');
    await expect(popup.row(/beta worker/)).toBeVisible();
    await popup.filter(beta.last6Chars.toLowerCase());
    await expect(popup.row(/beta worker/)).toBeVisible();
    await popup.filter('');
    await page.getByRole('combobox', { name: 'Key type' }).selectOption('ADMIN');
    await expect(popup.keyCount).toHaveText('2 of 4 keys');
    await expect(popup.row(/gamma admin/)).toBeVisible();
    await expect(popup.row(/alpha web/)).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Key type' }).selectOption('ALL');
    await page.getByRole('combobox', { name: 'Sort keys' }).selectOption('name');
    const names = await popup.rows.evaluateAll((items) =>
      items.map((i) => i.getAttribute('aria-label')?.split(' …')[0]),
    );
    expect(names).toEqual(['Admin key', 'alpha web', 'beta worker', 'gamma admin']);
  });

  test('detail shows every field and, for a key in the vault, its own rate limits', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({
      accountId: s.accountId,
      description: 'detailed',
      consumptionLimit: { usd: 20, diem: 4 },
      modelPrivacy: 'PRIVATE_ONLY',
    });
    await addToVault(ext, 'detailed secret', key.secret);
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.openDetail(`detailed …${key.last6Chars}`);
    await expect(page.getByRole('heading', { name: `detailed …${key.last6Chars}` })).toBeFocused();
    await expect(page.getByText(key.id)).toBeVisible();
    await expect(page.getByText('Private models only')).toBeVisible();
    await expect(page.getByText('Yes, as “detailed secret”')).toBeVisible();
    const limits = page.getByRole('region', { name: 'Rate limits and balances' });
    await expect(limits).toContainText('Permitted');
    await expect(limits).toContainText('paid');
    await expect(limits).toContainText('$20.00'); // the account's $50 clamped to the key's cap
    await expect(limits.getByRole('table', { name: 'Per-model limits' })).toBeVisible();
    await expect(limits.getByRole('row').nth(1)).toBeVisible();
    const countdown = page.getByRole('timer', { name: 'Time to the next epoch' });
    await expect(countdown).toHaveText(/^in (\d+ h )?\d+ min \d+ s$|^in \d+ s$/);
    // The countdown moves.
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? '');
    // The rate limits were asked with the key's own secret, not the admin key.
    const asked = simulator.control.requestLog().filter((r) => r.path.endsWith('/api_keys/rate_limits'));
    expect(asked.map((r) => r.keyId)).toContain(key.id);
  });

  test('create: validated first, the secret is in the vault and shown once', async ({
    ext,
    simulator,
    consoleLog,
  }) => {
    const s = await setupAccount(ext, simulator);
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.newKey();
    await expect(page.getByRole('radio', { name: /Inference/ })).toBeChecked();
    const description = page.getByRole('textbox', { name: 'Description' });
    await description.fill('x'.repeat(65));
    await expect(page.getByText('65/64 characters')).toBeVisible();
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(popup.alert).toContainText('Venice allows at most 64');
    await description.fill('ci runner');
    await expect(page.getByText('9/64 characters')).toBeVisible();
    await page.getByRole('radio', { name: 'Date and time' }).check();
    await page.getByLabel('Expiry date (UTC)').fill('2099-12-31');
    await page.getByLabel('Expiry time (UTC)').fill('23:30');
    await page.getByRole('textbox', { name: 'USD cap' }).fill('25');
    await page.getByRole('combobox', { name: 'Limit period' }).selectOption('MONTH');
    await page.getByRole('combobox', { name: 'Model privacy' }).selectOption('PRIVATE_TEXT');
    await page.getByRole('button', { name: 'Create key' }).click();

    await expect(popup.newSecret).toBeVisible();
    await expect(page.getByText('Venice will never show it again')).toBeVisible();
    const shown = await popup.newSecret.inputValue();
    const created = simulator.control.account(s.accountId).keys.find((k) => k.description === 'ci runner');
    expect(created).toBeTruthy();
    expect(shown).toBe(created?.secret);
    expect(created).toMatchObject({
      expiresAt: '2099-12-31T23:30:00.000Z',
      limits: { usd: 25, diem: null },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_TEXT',
    });
    expect(await vaultSecretOf(ext, created!.id)).toBe(created?.secret);

    await page.getByRole('button', { name: 'Done' }).click();
    await expect(popup.row(`ci runner …${created!.last6Chars}`)).toContainText('In vault');
    // Shown once: a new create form starts empty, and asking again never returns it.
    await popup.newKey();
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('');
    await expect(popup.newSecret).toHaveCount(0);
    expect(consoleLog.join('\n')).not.toContain(created!.secret);
    expect(consoleLog.join('\n')).not.toContain(simulator.control.key(s.adminKeyId).secret);
  });

  test('two quick clicks on Create make one key', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    simulator.control.addFault({
      method: 'POST',
      path: '/api/v1/api_keys',
      kind: 'latency',
      ms: 600,
      times: 1,
    });
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.newKey();
    await page.getByRole('textbox', { name: 'Description' }).fill('double');
    await page.getByRole('button', { name: 'Create key' }).dblclick();
    await expect(popup.newSecret).toBeVisible();
    const posts = simulator.control
      .requestLog()
      .filter((r) => r.method === 'POST' && r.path === '/api/v1/api_keys');
    expect(posts).toHaveLength(1);
    expect(keysDescribed(simulator, s.accountId, 'double')).toHaveLength(1);
  });

  test('a half-typed form survives closing the popup; a create finished while closed is in the vault', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    let popup = await openPopup(ext);
    await popup.newKey();
    await popup.page.getByRole('textbox', { name: 'Description' }).fill('half typed');
    await popup.page.getByRole('textbox', { name: 'DIEM cap' }).fill('3');
    await popup.page.close();

    popup = await openPopup(ext);
    let { page } = popup;
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('half typed');
    await expect(page.getByRole('textbox', { name: 'DIEM cap' })).toHaveValue('3');

    // Close the popup while Venice is still answering the create.
    simulator.control.addFault({
      method: 'POST',
      path: '/api/v1/api_keys',
      kind: 'latency',
      ms: 800,
      times: 1,
    });
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => simulator.control.requestLog().some((r) => r.method === 'POST')).toBe(true);
    await page.close();

    await expect
      .poll(() => simulator.control.account(s.accountId).keys.some((k) => k.description === 'half typed'))
      .toBe(true);
    const created = simulator.control.account(s.accountId).keys.find((k) => k.description === 'half typed')!;
    await expect.poll(() => vaultSecretOf(ext, created.id)).toBe(created.secret);

    popup = await openPopup(ext);
    ({ page } = popup);
    await expect(page.getByRole('heading', { name: 'Key created' })).toBeVisible();
    await expect(page.getByText('The popup was closed while the key was being created')).toBeVisible();
    await expect(popup.newSecret).toHaveCount(0);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await expect(popup.newSecret).toHaveValue(created.secret);
    expect(keysDescribed(simulator, s.accountId, 'half typed')).toHaveLength(1);
  });

  test('edit changes each field, and removes an expiry and a cap', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const key = simulator.control.addKey({
      accountId: s.accountId,
      description: 'to edit',
      consumptionLimit: { usd: 10, diem: 2 },
      expiresAt: now + 30 * DAY,
    });
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.openDetail(`to edit …${key.last6Chars}`);
    await popup.edit(`to edit …${key.last6Chars}`);
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('to edit');
    await page.getByRole('textbox', { name: 'Description' }).fill('edited');
    await page.getByRole('radio', { name: 'Date only' }).check();
    await page.getByLabel('Expiry date (UTC)').fill('2098-06-15');
    await page.getByRole('textbox', { name: 'USD cap' }).fill('12.5');
    await page.getByRole('textbox', { name: 'DIEM cap' }).fill('7');
    await page.getByRole('combobox', { name: 'Limit period' }).selectOption('LIFETIME');
    await page.getByRole('combobox', { name: 'Model privacy' }).selectOption('PRIVATE_ONLY');
    await popup.saveChanges();
    await expect(page.getByRole('heading', { name: `edited …${key.last6Chars}`, exact: true })).toBeVisible();
    expect(simulator.control.key(key.id)).toMatchObject({
      description: 'edited',
      expiresAt: '2098-06-15T00:00:00.000Z',
      limits: { usd: 12.5, diem: 7 },
      limitPeriod: 'LIFETIME',
      modelPrivacy: 'PRIVATE_ONLY',
    });

    await popup.edit(`edited …${key.last6Chars}`);
    await page.getByRole('radio', { name: 'No expiry' }).check();
    await page.getByRole('textbox', { name: 'USD cap' }).fill('');
    await popup.saveChanges();
    await expect(page.getByRole('heading', { name: `edited …${key.last6Chars}`, exact: true })).toBeVisible();
    expect(simulator.control.key(key.id)).toMatchObject({
      description: 'edited',
      expiresAt: null,
      limits: { usd: null, diem: 7 },
      limitPeriod: 'LIFETIME',
    });
    await expect(page.getByText('Never expires')).toBeVisible();
  });

  test('revoke: the row goes at once, comes back when Venice refuses, and the vault copy can go too', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const leaked = simulator.control.addKey({ accountId: s.accountId, description: 'leaked' });
    const copy = await addToVault(ext, 'leaked copy', leaked.secret);
    const popup = await openPopup(ext);
    const { page } = popup;
    const leakedRow = popup.row(`leaked …${leaked.last6Chars}`);
    await expect(leakedRow).toBeVisible();

    simulator.control.addFault({
      method: 'DELETE',
      path: '/api/v1/api_keys',
      kind: 'latency',
      ms: 1500,
      times: 1,
    });
    simulator.control.addFault({
      method: 'DELETE',
      path: '/api/v1/api_keys',
      kind: 'status',
      status: 500,
      times: 1,
    });
    await popup.askRevoke(`leaked …${leaked.last6Chars}`);
    await expect(popup.revokeDialog).toContainText(`leaked …${leaked.last6Chars}`);
    await popup.revokeDialog.getByRole('button', { name: `Revoke leaked …${leaked.last6Chars} now` }).click();
    await expect(leakedRow).toHaveCount(0);
    await expect(popup.alert).toContainText(`Could not revoke leaked …${leaked.last6Chars}`);
    await expect(popup.alert).toContainText('HTTP 500');
    await expect(leakedRow).toBeVisible();
    expect(simulator.control.key(leaked.id).revoked).toBe(false);

    // From the keyboard this time. The confirm opens on the safe choice: a second Enter cancels.
    const rowRevoke = leakedRow.getByRole('button', { name: /^Revoke leaked/ });
    const dialog = popup.revokeDialog;
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    const confirm = dialog.getByRole('button', { name: `Revoke leaked …${leaked.last6Chars} now` });
    await rowRevoke.focus();
    await page.keyboard.press('Enter');
    await expect(cancel).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(rowRevoke).toBeFocused();
    expect(simulator.control.key(leaked.id).revoked).toBe(false);
    // Escape closes it too, and focus is back where it was.
    await page.keyboard.press('Enter');
    await expect(cancel).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(rowRevoke).toBeFocused();
    // Tab stays inside the dialog.
    await page.keyboard.press('Enter');
    await expect(cancel).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(confirm).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(cancel).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(confirm).toBeFocused();
    await page.keyboard.press('Enter');
    // Focus moves to the row that took the revoked one's place, not to <body>.
    await expect(popup.row(/^Admin key …/)).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'Revoked leaked' })).toContainText(
      'Its secret is still in your vault as “leaked copy”',
    );
    expect(simulator.control.key(leaked.id).revoked).toBe(true);
    await expect(leakedRow).toHaveCount(0);
    await page.getByRole('button', { name: 'Remove from vault' }).click();
    await expect(page.getByText('Removed “leaked copy” from the vault.')).toBeVisible();
    const left = await ext.call('vault.listKeys');
    expect(left.map((k) => k.entryId)).not.toContain(copy.entryId);
    // A refresh does not bring it back.
    const listsAnswered = () =>
      simulator.control
        .requestLog()
        .filter((r) => r.method === 'GET' && r.path === '/api/v1/api_keys' && r.status === 200).length;
    const before = listsAnswered();
    await popup.refresh();
    // Wait for Venice to have answered a new list, and for the popup to have taken it in.
    await expect.poll(listsAnswered).toBeGreaterThan(before);
    await popup.waitForList();
    await expect(leakedRow).toHaveCount(0);
  });

  test('breach log: newest first, names resolved, types in words, filter by key', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const web = simulator.control.addKey({ accountId: s.accountId, description: 'web app' });
    const bot = simulator.control.addKey({ accountId: s.accountId, description: 'chat bot' });
    simulator.control.addBreach({
      accountId: s.accountId,
      apiKeyId: web.id,
      modelId: 'zai-org-glm-5-1',
      rateLimitType: 'RPM',
      timestamp: now - 3000,
    });
    simulator.control.addBreach({
      accountId: s.accountId,
      apiKeyId: bot.id,
      modelId: 'endpoint:api/v1/chat/completions',
      rateLimitType: 'FAILED_REQUESTS',
      timestamp: now - 2000,
    });
    simulator.control.addBreach({
      accountId: s.accountId,
      apiKeyId: web.id,
      modelId: 'model:unknown',
      rateLimitType: 'TPM',
      timestamp: now - 1000,
    });
    simulator.control.addBreach({
      accountId: s.accountId,
      apiKeyId: 'a0000000-0000-4000-8000-000000000000',
      modelId: 'm',
      rateLimitType: 'RPD',
      timestamp: now - 4000,
    });
    const popup = await openPopup(ext);
    const { page } = popup;
    await page.getByRole('button', { name: 'Breach log' }).click();
    const items = page.getByRole('list', { name: 'Breaches' }).getByRole('listitem');
    await expect(items).toHaveCount(4);
    await expect(items.nth(0)).toContainText('Tokens per minute');
    await expect(items.nth(0)).toContainText(`web app …${web.last6Chars}`);
    await expect(items.nth(1)).toContainText('Too many failed requests');
    await expect(items.nth(1)).toContainText('chat bot');
    await expect(items.nth(2)).toContainText('Requests per minute');
    await expect(items.nth(3)).toContainText('Requests per day');
    await expect(items.nth(3)).toContainText('Unknown key');
    await page.getByRole('combobox', { name: 'Show breaches of' }).selectOption({ label: 'web app' });
    await expect(items).toHaveCount(2);
  });

  test('the 20-per-minute creation limit and the 500-key cap are said as such', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const popup = await openPopup(ext);
    const { page } = popup;
    simulator.control.configure({ creationsPerMinute: 1 });
    await popup.create('first');
    await page.getByRole('button', { name: 'Done' }).click();
    await popup.create('second');
    const { alert } = popup;
    await expect(alert).toContainText('Venice allows 20 new keys per minute');
    await expect(alert).toContainText(/You can try again at .+ \(in \d+ s\)/);
    // What was typed is still there.
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('second');

    simulator.control.configure({ creationsPerMinute: 20, maxActiveKeys: 2 });
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(alert).toContainText('limit of 500 active API keys');
    expect(keysDescribed(simulator, s.accountId, 'second')).toHaveLength(0);
  });

  test('a create whose answer is lost (502) says Venice may have made the key, keeps the form, and can be tried again', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const popup = await openPopup(ext);
    const { page } = popup;
    simulator.control.addFault({
      method: 'POST',
      path: '/api/v1/api_keys',
      kind: 'status',
      status: 502,
      times: 1,
    });
    await popup.create('ci runner');
    await expect(popup.alert).toContainText('Venice had a problem answering (HTTP 502).');
    await expect(popup.alert).toContainText(
      'Venice may have made the key anyway, without its secret reaching this extension: check the list, and if the new key is there, revoke it before creating another.',
    );
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('ci runner');
    // The list was asked for after the failed create, so the popup can show whether the key exists.
    const listedAfterFailure = () => {
      const log = simulator.control.requestLog();
      const failed = log.findIndex((r) => r.method === 'POST' && r.path === '/api/v1/api_keys');
      return log.slice(failed + 1).some((r) => r.method === 'GET' && r.path === '/api/v1/api_keys');
    };
    await expect.poll(listedAfterFailure).toBe(true);
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(popup.newSecret).toBeVisible();
    expect(keysDescribed(simulator, s.accountId, 'ci runner')).toHaveLength(1);
  });

  test('a failed refresh keeps the cached list visible, greyed, with its age', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const kept = simulator.control.addKey({ accountId: s.accountId, description: 'kept' });
    let popup = await openPopup(ext);
    await expect(popup.row(`kept …${kept.last6Chars}`)).toBeVisible();
    await popup.waitForList();
    await popup.page.close();

    simulator.control.addFault({ method: 'GET', path: '/api/v1/api_keys', kind: 'status', status: 503 });
    popup = await openPopup(ext);
    // Painted from the cache, then the refresh fails: the list stays, with the reason.
    await expect(popup.row(`kept …${kept.last6Chars}`)).toBeVisible();
    await expect(popup.alert).toContainText('Could not refresh');
    await expect(popup.alert).toContainText('HTTP 503');
    await expect(popup.alert).toContainText('Showing the list from');
    await expect(popup.row(`kept …${kept.last6Chars}`)).toBeVisible();
    simulator.control.clearFaults();
    simulator.control.addFault({ method: 'GET', path: '/api/v1/api_keys', kind: 'drop' });
    await popup.refresh();
    await expect(popup.alert).toContainText('Could not reach Venice');
    await expect(popup.row(`kept …${kept.last6Chars}`)).toBeVisible();
    simulator.control.clearFaults();
    await popup.refresh();
    await expect(popup.alert).toHaveCount(0);
  });

  test('500 keys are listed and filtered', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    for (let i = 1; i < 500; i++)
      simulator.control.addKey({
        accountId: s.accountId,
        description: `service ${String(i).padStart(3, '0')}`,
        consumptionLimit: i % 3 === 0 ? { usd: 100 } : {},
      });
    const popup = await openPopup(ext);
    const { page } = popup;
    await expect(popup.keyCount).toHaveText('500 keys', { timeout: 20_000 });
    // The first 50 rows are rendered; the rest on request, or when the end of the list scrolls into view.
    const items = popup.rows;
    await expect(items).toHaveCount(50);
    // The buttons are pressed where they are: scrolling to them is itself the end coming into view,
    // which loads more on its own (Playwright's click would scroll, and chase the moving button).
    const press = (name: string) =>
      page.getByRole('button', { name }).evaluate((button: HTMLButtonElement) => button.click());
    await press('Show 50 more');
    await expect(items).toHaveCount(100);
    // The list scrolls inside its own box: bring its end into view there.
    await page.getByRole('list', { name: 'Keys' }).evaluate((list) => {
      const box = list.parentElement!;
      box.scrollTop = box.scrollHeight;
    });
    await expect(items).toHaveCount(150);
    await press('Show all 500');
    await expect(items).toHaveCount(500);
    await expect(popup.row(/^service 001 …/)).toBeVisible();
    await page.getByRole('searchbox', { name: /Filter keys/ }).pressSequentially('service 42', { delay: 20 });
    await expect(popup.keyCount).toHaveText('10 of 500 keys'); // 420–429
    await popup.filter('service 499');
    await expect(popup.keyCount).toHaveText('1 of 500 keys');
    await expect(popup.row(/^service 499 …/)).toBeVisible();
  });

  test('states: locked shows the unlock form, then the list', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: s.accountId, description: 'after unlock' });
    await ext.call('vault.lock');
    const popup = await openPopup(ext);
    const { page } = popup;
    await expect(page.getByRole('heading', { name: 'Vault locked' })).toBeVisible();
    await popup.unlock('wrong passphrase, surely');
    await expect(popup.alert).toContainText('Wrong passphrase');
    await popup.unlock(PASSPHRASE);
    await expect(popup.row(`after unlock …${key.last6Chars}`)).toBeVisible();
    await popup.waitForList();
    await page.close();

    // Locked again: the unlock form, and under it the last known list, read-only.
    await ext.call('vault.lock');
    const again = await openPopup(ext);
    await expect(again.page.getByRole('heading', { name: 'Vault locked' })).toBeVisible();
    await expect(again.page.getByText(/The last known list, from/)).toBeVisible();
    await expect(again.row(`after unlock …${key.last6Chars}`)).toBeVisible();
    await expect(again.page.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
  });

  test('Lock now in the popup locks the vault and shows the unlock form', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: s.accountId, description: 'before locking' });
    const vaultStatus = async () => (await ext.call('vault.status')).status;
    const popup = await openPopup(ext);
    const { page } = popup;
    await expect(popup.row(`before locking …${key.last6Chars}`)).toBeVisible();
    expect(await vaultStatus()).toBe('unlocked');

    await popup.lock();
    await expect(page.getByLabel('Passphrase')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New key' })).toHaveCount(0);
    expect(await vaultStatus()).toBe('locked');
    // Locked for real: the background no longer hands out stored keys.
    expect(await ext.rpc('vault.listKeys')).toMatchObject({ ok: false });

    // Unlocking in the same popup brings the list and the button back.
    await popup.unlock(PASSPHRASE);
    await expect(popup.row(`before locking …${key.last6Chars}`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
    expect(await vaultStatus()).toBe('unlocked');
  });

  test('open pages follow the vault when it is locked or unlocked elsewhere', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: s.accountId, description: 'followed' });
    const popup = await openPopup(ext);
    const { page } = popup;
    const options = await ext.open('options.html');
    await expect(popup.row(`followed …${key.last6Chars}`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
    await expect(options.getByRole('heading', { name: 'Stored keys' })).toBeVisible();

    // Locked by another page (the idle timer locks through the same vault.lock).
    await ext.call('vault.lock');
    await expect(page.getByRole('heading', { name: 'Vault locked' })).toBeVisible();
    await expect(options.getByText('Vault locked', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);

    // Unlocked on another page: the same popup shows the list and its actions again.
    await ext.call('vault.unlock', { passphrase: PASSPHRASE });
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
    await expect(popup.row(`followed …${key.last6Chars}`)).toBeVisible();
    await expect(page.getByLabel('Passphrase')).toHaveCount(0);
    await expect(options.getByRole('heading', { name: 'Stored keys' })).toBeVisible();
    await expect(options.getByText('Vault locked', { exact: true })).toHaveCount(0);
  });

  test('states: no vault, no management key, only an INFERENCE key', async ({ ext, simulator }) => {
    let { page } = await openPopup(ext);
    await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Open options' })).toBeVisible();
    // Minting needs neither a vault nor an ADMIN key: it is offered in every state.
    await expect(page.getByRole('button', { name: 'Mint with wallet' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0);
    await page.close();

    const account = simulator.control.createAccount({ balances: { USD: 9 } });
    const inference = simulator.control.addKey({
      accountId: account.accountId,
      description: 'app key',
      consumptionLimit: { usd: 5 },
    });
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    await addToVault(ext, 'app key', inference.secret);
    simulator.control.clearRequestLog(); // adding it proved its type with Venice; from here on, the popup
    ({ page } = await openPopup(ext));
    await expect(page.getByRole('heading', { name: 'Admin API key required' })).toBeVisible();
    await expect(page.getByText(/is an INFERENCE key/)).toBeVisible();
    const limits = page.getByRole('region', { name: 'Limits of “app key”' });
    await expect(limits).toContainText('Permitted');
    await expect(limits).toContainText('$5.00');
    await expect(page.getByRole('button', { name: 'Mint with wallet' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
    // Nothing that needs an ADMIN key was asked with it.
    expect(
      simulator.control.requestLog().filter((r) => r.path === '/api/v1/api_keys' && r.keyId === inference.id),
    ).toEqual([]);
    await page.close();

    await addToVault(ext, 'admin', account.adminKey);
    ({ page } = await openPopup(ext));
    await expect(page.getByRole('heading', { name: 'Choose a key for managing keys' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mint with wallet' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
    await page.getByRole('button', { name: 'Open options' }).click();
    await expect
      .poll(() =>
        page
          .context()
          .pages()
          .some((p) => p.url().endsWith('/options.html')),
      )
      .toBe(true);
  });
});
