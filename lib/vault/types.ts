/** Vault types shared by the background and the UI (types only: nothing here runs). */

export type VaultStatus = 'none' | 'locked' | 'unlocked';

export type StoredKeyType = 'ADMIN' | 'INFERENCE';
export type StoredKeySource = 'pasted' | 'created' | 'minted' | 'imported';

/** What anyone may see about a stored key: everything but the secret. */
export interface StoredKeyMeta {
  entryId: string;
  label: string;
  type: StoredKeyType;
  /** The secret's last 6 characters, as Venice shows them (`last6Chars`). */
  last6: string;
  source: StoredKeySource;
  addedAt: string;
  /** The Venice key id, when known (created or minted here, or matched by an ADMIN key's list). */
  veniceKeyId: string | null;
  /** Whether Venice accepted the key when it was added (false: Venice was unreachable). */
  verified: boolean;
}

export interface AddStoredKeyInput {
  label: string;
  secret: string;
  type: StoredKeyType;
  source: StoredKeySource;
  veniceKeyId?: string | null;
  verified: boolean;
}

export interface StoredKeyPatch {
  label?: string;
  veniceKeyId?: string | null;
  type?: StoredKeyType;
  verified?: boolean;
}
