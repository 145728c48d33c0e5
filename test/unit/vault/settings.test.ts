import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkInput } from '@/lib/messaging/define';
import { settingsApi } from '@/lib/settings/api';
import { getSettings } from '@/lib/settings/service';
import { vaultWithTwoKeys } from './fixtures';

const update = (input: unknown) => {
  const def = settingsApi['settings.update'];
  const checked = checkInput(def, input);
  if (!checked.ok) throw new Error(checked.message);
  return def.handler(checked.data as never, { url: 'test' });
};

beforeEach(() => fakeBrowser.reset());

describe('settings.update', () => {
  it('explains why a URL is refused, naming the field', async () => {
    await expect(update({ apiBaseUrl: 'http://api.example.com/v1' })).rejects.toThrow(
      'API base URL: The URL must start with https://.',
    );
    await expect(update({ baseRpcUrl: 'not a url' })).rejects.toThrow('Base RPC URL: That is not a URL.');
    await expect(update({ apiBaseUrl: 'https://user:pw@api.example.com' })).rejects.toThrow(
      /user name or password/,
    );
    await expect(update({ apiBaseUrl: 'https://api.example.com/api/v1' })).rejects.toThrow(
      'API base URL: https://api.example.com is not https://api.venice.ai.',
    );
    expect((await update({ apiBaseUrl: ' https://api.venice.ai/api/v1/ ' })).apiBaseUrl).toBe(
      'https://api.venice.ai/api/v1',
    );
  });

  it('the management key must be an ADMIN key in the vault; the badge key any stored key', async () => {
    const { admin, inference } = await vaultWithTwoKeys();
    await expect(update({ managementKeyId: inference.entryId })).rejects.toMatchObject({
      code: 'settings.not_admin_key',
    });
    await expect(update({ managementKeyId: 'gone' })).rejects.toMatchObject({ code: 'vault.key_not_found' });
    await expect(update({ badgeKeyId: 'gone' })).rejects.toMatchObject({ code: 'vault.key_not_found' });
    await update({ managementKeyId: admin.entryId, badgeKeyId: inference.entryId });
    expect(await getSettings()).toMatchObject({
      managementKeyId: admin.entryId,
      badgeKeyId: inference.entryId,
    });
    await update({ managementKeyId: null, badgeKeyId: null });
    expect(await getSettings()).toMatchObject({ managementKeyId: null, badgeKeyId: null });
  });

  it('choosing a key needs the vault unlocked', async () => {
    const { vault, admin } = await vaultWithTwoKeys();
    await vault.lock();
    await expect(update({ managementKeyId: admin.entryId })).rejects.toMatchObject({ code: 'vault.locked' });
  });
});
