/**
 * Which key the extension manages keys with, read from the vault and the settings on every
 * call (the worker may have stopped since the last one): the access state the popup shows, and
 * the management key's secret for the calls that need an ADMIN key.
 */
import { VaultLockedError, VaultMissingError } from '@/lib/vault/errors';
import { VeniceAdminRequiredError, VeniceAuthError } from '@/lib/venice/errors';
import type { ApiKeyType } from '@/lib/venice/types';
import type { KeyServiceDeps, VaultKeyMeta } from './deps';
import { ManagementKeyNotAdminError, ManagementKeyRejectedError, NoManagementKeyError } from './errors';
import type { KeysAccess, VaultCopy } from './types';

/**
 * Calls made with the management key: Venice's "Admin API key required" and its 401 are said as
 * that key's failures, in words that point at the fix (the key chosen on the options page), not as
 * a generic refusal of "this API key".
 */
export function asAdmin<T>(call: Promise<T>): Promise<T> {
  return call.catch((err: unknown) => {
    if (err instanceof VeniceAdminRequiredError) throw new ManagementKeyNotAdminError();
    if (err instanceof VeniceAuthError) throw new ManagementKeyRejectedError(err);
    throw err;
  });
}

/** Which vault entry holds this key's secret: by Venice id, or else by last 6 characters and type. */
export function vaultIndex(stored: VaultKeyMeta[]) {
  const byId = new Map<string, VaultKeyMeta>();
  const byTail = new Map<string, VaultKeyMeta>();
  for (const entry of stored) {
    if (entry.veniceKeyId) byId.set(entry.veniceKeyId, entry);
    else byTail.set(`${entry.type}:${entry.last6}`, entry);
  }
  return (key: {
    id: string;
    apiKeyType?: ApiKeyType | (string & {});
    last6Chars?: string;
  }): VaultCopy | null => {
    const entry =
      byId.get(key.id) ??
      (key.apiKeyType && key.last6Chars ? byTail.get(`${key.apiKeyType}:${key.last6Chars}`) : undefined);
    return entry ? { entryId: entry.entryId, label: entry.label } : null;
  };
}

export type KeyAccessService = ReturnType<typeof createKeyAccessService>;

export function createKeyAccessService(deps: Pick<KeyServiceDeps, 'vault' | 'getSettings'>) {
  async function resolveAccess(): Promise<{ access: KeysAccess; stored: VaultKeyMeta[] }> {
    const status = await deps.vault.getVaultStatus();
    if (status === 'none') return { access: { state: 'no_vault' }, stored: [] };
    if (status === 'locked') return { access: { state: 'locked' }, stored: [] };
    const stored = await deps.vault.listStoredKeys();
    const settings = await deps.getSettings();
    const chosen = stored.find((entry) => entry.entryId === settings.managementKeyId);
    if (chosen) {
      const who = { entryId: chosen.entryId, label: chosen.label, last6: chosen.last6 };
      return {
        access: chosen.type === 'ADMIN' ? { state: 'ready', ...who } : { state: 'inference_only', ...who },
        stored,
      };
    }
    const hasAdminKeyInVault = stored.some((entry) => entry.type === 'ADMIN');
    if (!hasAdminKeyInVault) {
      // Only INFERENCE keys: we cannot list anything, but can show a key's own limits.
      const inference =
        stored.find((entry) => entry.entryId === settings.badgeKeyId) ??
        stored.find((entry) => entry.type === 'INFERENCE');
      if (inference)
        return {
          access: {
            state: 'inference_only',
            entryId: inference.entryId,
            label: inference.label,
            last6: inference.last6,
          },
          stored,
        };
    }
    return { access: { state: 'no_management_key', hasAdminKeyInVault }, stored };
  }

  /** The management key's secret, or the error that says why there is none. */
  async function requireAdmin(): Promise<{ entryId: string; secret: string; stored: VaultKeyMeta[] }> {
    const { access, stored } = await resolveAccess();
    switch (access.state) {
      case 'no_vault':
        throw new VaultMissingError();
      case 'locked':
        throw new VaultLockedError();
      case 'no_management_key':
        throw new NoManagementKeyError();
      case 'inference_only':
        throw new ManagementKeyNotAdminError();
      case 'ready':
        return { entryId: access.entryId, secret: await deps.vault.getStoredSecret(access.entryId), stored };
    }
  }

  return {
    resolveAccess,
    requireAdmin,
    /** The management (ADMIN) key for other background domains (usage), or why there is none. */
    managementKey: async () => {
      const { entryId, secret } = await requireAdmin();
      return { entryId, secret };
    },
  };
}
