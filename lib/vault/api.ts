/**
 * The vault's methods for the extension's own pages (the router refuses everyone else).
 * Secrets leave the background only through `vault.revealSecret`, on the user's explicit
 * reveal or copy.
 */

import { AppError } from '@/lib/errors';
import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { getSettings, updateSettings } from '@/lib/settings/service';
import { z } from '@/lib/zod';
import { LABEL_MAX, RESET_CONFIRMATION } from './constants';
import { announceVaultKeysChanged } from './events';
import { getVaultService } from './index';
import { addPastedKey, reverifyStoredKey } from './pasted';

const passphraseInput = lazy(() =>
  z.string().check(z.minLength(1, 'Type the passphrase'), z.maxLength(1024)),
);
const entryIdInput = lazy(() => z.string().check(z.minLength(1), z.maxLength(64)));

/**
 * Settings point at vault entries by id: after a key leaves the vault (removed, reset, a
 * backup restored) a choice that no longer exists is cleared, never left dangling.
 */
export async function clearDanglingKeyChoices(): Promise<void> {
  const settings = await getSettings();
  if (settings.managementKeyId === null && settings.badgeKeyId === null) return;
  const status = await getVaultService().getStatus();
  if (status === 'locked') return;
  const ids = new Set(
    status === 'unlocked' ? (await getVaultService().listStoredKeys()).map((k) => k.entryId) : [],
  );
  const patch: { managementKeyId?: null; badgeKeyId?: null } = {};
  if (settings.managementKeyId !== null && !ids.has(settings.managementKeyId)) patch.managementKeyId = null;
  if (settings.badgeKeyId !== null && !ids.has(settings.badgeKeyId)) patch.badgeKeyId = null;
  if (Object.keys(patch).length > 0) await updateSettings(patch);
}

export const vaultApi = {
  'vault.status': method(async () => {
    const [status, settings] = await Promise.all([getVaultService().getStatus(), getSettings()]);
    return { status, autoLockMinutes: settings.autoLockMinutes };
  }),

  'vault.create': method(
    () => z.object({ passphrase: passphraseInput() }),
    async ({ passphrase }) => getVaultService().create(passphrase),
  ),

  'vault.unlock': method(
    () => z.object({ passphrase: passphraseInput() }),
    async ({ passphrase }) => getVaultService().unlock(passphrase),
  ),

  'vault.lock': method(async () => {
    await getVaultService().lock();
    return null;
  }),

  'vault.changePassphrase': method(
    () => z.object({ current: passphraseInput(), next: passphraseInput() }),
    async (input) => getVaultService().changePassphrase(input.current, input.next),
  ),

  'vault.reset': method(
    () => z.object({ confirmation: z.string().check(z.maxLength(200)) }),
    async ({ confirmation }) => {
      if (confirmation.trim().toLowerCase() !== RESET_CONFIRMATION)
        throw new AppError('vault.confirmation_mismatch', `To reset, type “${RESET_CONFIRMATION}” exactly.`);
      await getVaultService().reset();
      await updateSettings({ managementKeyId: null, badgeKeyId: null });
      announceVaultKeysChanged('vault reset');
      return null;
    },
  ),

  'vault.export': method(async () => getVaultService().exportBackup()),

  'vault.import': method(
    () =>
      z.object({
        contents: z.string().check(z.maxLength(8_000_000)),
        passphrase: passphraseInput(),
        replace: z.boolean(),
      }),
    async (input) => {
      const result = await getVaultService().importBackup(input.contents, input.passphrase, input.replace);
      await clearDanglingKeyChoices();
      announceVaultKeysChanged('vault backup restored');
      return result;
    },
  ),

  'vault.listKeys': method(async () => getVaultService().listStoredKeys()),

  'vault.addKey': method(
    () =>
      z.object({
        label: z
          .string()
          .check(z.maxLength(LABEL_MAX, `The label is too long (at most ${LABEL_MAX} characters).`)),
        secret: z.string().check(z.maxLength(4096, 'That is far too long to be a Venice key.')),
        allowUnverified: z._default(z.boolean(), false),
      }),
    async (input) => addPastedKey(getVaultService(), input),
  ),

  'vault.updateKey': method(
    () =>
      z.object({
        entryId: entryIdInput(),
        label: z
          .string()
          .check(z.maxLength(LABEL_MAX, `The label is too long (at most ${LABEL_MAX} characters).`)),
      }),
    async (input) => getVaultService().updateStoredKey(input.entryId, { label: input.label }),
  ),

  'vault.verifyKey': method(
    () => z.object({ entryId: entryIdInput() }),
    async (input) => reverifyStoredKey(getVaultService(), input.entryId),
  ),

  'vault.removeKey': method(
    () => z.object({ entryId: entryIdInput() }),
    async (input) => {
      await getVaultService().removeStoredKey(input.entryId);
      await clearDanglingKeyChoices();
      announceVaultKeysChanged('vault key removed');
      return null;
    },
  ),

  /** The one way a secret reaches a page: the user clicked Reveal or Copy. */
  'vault.revealSecret': method(
    () => z.object({ entryId: entryIdInput() }),
    async (input) => ({
      secret: await getVaultService().getStoredSecret(input.entryId),
    }),
  ),
};
