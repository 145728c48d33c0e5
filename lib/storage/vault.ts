/**
 * The vault's two stored items. The record's own format (version, KDF parameters, checksum, the
 * authenticated header) is checked by lib/vault/record.ts when it is opened: damage is reported
 * as VaultDamagedError and the record is never replaced, so this item passes it through as it is
 * (a check here that fell back to "no vault" would invite creating a new one over it).
 */
import { checked, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** What `storage.session` holds while the vault is unlocked. */
export interface UnlockedState {
  /** The PBKDF2 output (base64): the one secret that opens the record. */
  key: string;
  /** The key check of the record this key opens. */
  check: string;
}

export const vaultRecordItem = defineStoredItem<unknown>({
  key: `local:${STORAGE_KEYS.local.vault}`,
  version: 1,
  check: (raw) => ({ ok: true, value: raw }),
  fallback: null,
  kind: 'record',
});

/** A damaged unlocked state is dropped: the vault then reads as locked, and the passphrase opens it again. */
export const unlockedStateItem = defineStoredItem<UnlockedState | null>({
  key: `session:${STORAGE_KEYS.session.vaultUnlocked}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const s = obj(raw, 'state');
      return { key: str(s.key, 'key'), check: str(s.check, 'check') };
    }),
  fallback: null,
  kind: 'cache',
});
