import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkInput } from '@/lib/messaging/define';
import { getSettings, updateSettings } from '@/lib/settings/service';
import { vaultApi } from '@/lib/vault/api';
import { vaultRecordItem } from '@/lib/vault/vault';
import { TEST_PASSPHRASE as PASS, vaultWithTwoKeys } from './fixtures';

type Methods = typeof vaultApi;
function run<M extends keyof Methods>(name: M, input?: unknown) {
  const def = vaultApi[name];
  const checked = checkInput(def, input);
  if (!checked.ok) throw new Error(checked.message);
  return def.handler(checked.data as never, { url: 'chrome-extension://test/options.html' });
}

async function seed() {
  const { vault, admin, inference: app } = await vaultWithTwoKeys();
  await updateSettings({ managementKeyId: admin.entryId, badgeKeyId: app.entryId });
  return { vault, admin, app };
}

beforeEach(() => fakeBrowser.reset());

describe('vault methods', () => {
  it('reset needs the typed confirmation; without it nothing is deleted', async () => {
    await seed();
    const before = await vaultRecordItem.getValue();
    await expect(run('vault.reset', { confirmation: 'yes' })).rejects.toMatchObject({
      code: 'vault.confirmation_mismatch',
    });
    expect(await vaultRecordItem.getValue()).toEqual(before);
    await run('vault.reset', { confirmation: ' Delete My Vault ' });
    expect(await vaultRecordItem.getValue()).toBeNull();
    expect(await run('vault.status')).toMatchObject({ status: 'none' });
    expect(await getSettings()).toMatchObject({ managementKeyId: null, badgeKeyId: null });
  });

  it('removing the management or badge key clears that choice, and only that one', async () => {
    const { admin, app } = await seed();
    await run('vault.removeKey', { entryId: app.entryId });
    expect(await getSettings()).toMatchObject({ managementKeyId: admin.entryId, badgeKeyId: null });
    await run('vault.removeKey', { entryId: admin.entryId });
    expect(await getSettings()).toMatchObject({ managementKeyId: null });
  });

  it('reveal hands the secret to one of our pages; list never carries it', async () => {
    const { vault, admin } = await seed();
    const secret = await vault.getStoredSecret(admin.entryId);
    expect(JSON.stringify(await run('vault.listKeys'))).not.toContain(secret);
    expect(await run('vault.revealSecret', { entryId: admin.entryId })).toEqual({ secret });
    await vault.lock();
    await expect(run('vault.revealSecret', { entryId: admin.entryId })).rejects.toMatchObject({
      code: 'vault.locked',
    });
  });

  it('a restored backup drops key choices that point at keys it does not hold', async () => {
    const { vault } = await seed();
    const backup = await vault.exportBackup();
    await updateSettings({ managementKeyId: 'not-in-backup', badgeKeyId: 'not-in-backup-either' });
    await run('vault.import', { contents: backup.contents, passphrase: PASS, replace: true });
    expect(await getSettings()).toMatchObject({ managementKeyId: null, badgeKeyId: null });
  });
});
