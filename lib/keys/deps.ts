/**
 * What key management needs from the rest of the worker. Everything comes in through these, so
 * tests run each part of the key service against a fake Venice client and an in-memory vault.
 */
import type { VaultStatus } from '@/lib/vault/types';
import type { ApiKeyType, VeniceClient } from '@/lib/venice/types';

/** The part of a vault entry key management reads (lib/vault's StoredKeyMeta has more). */
export interface VaultKeyMeta {
  entryId: string;
  label: string;
  type: ApiKeyType;
  last6: string;
  veniceKeyId: string | null;
}

export interface KeyServiceDeps {
  getClient(): Promise<VeniceClient>;
  getSettings(): Promise<{ managementKeyId: string | null; badgeKeyId: string | null }>;
  vault: {
    getVaultStatus(): Promise<VaultStatus>;
    listStoredKeys(): Promise<VaultKeyMeta[]>;
    getStoredSecret(entryId: string): Promise<string>;
    addStoredKey(input: {
      label: string;
      secret: string;
      type: ApiKeyType;
      source: 'created';
      veniceKeyId: string | null;
      verified: boolean;
    }): Promise<VaultKeyMeta>;
    updateStoredKey(entryId: string, patch: { label: string }): Promise<unknown>;
  };
  requestBadgeRefresh(reason: string): Promise<void>;
  now(): number;
}
