/**
 * What the vault tells the rest of the background, as events: the vault does not know who
 * listens (the badge re-reads its key, for one). In-worker only; pages hear of vault changes
 * through the `vkc/vault-changed` notice instead.
 */
type KeysChangedListener = (reason: string) => void;

const keysChanged = new Set<KeysChangedListener>();

/** The stored keys changed: one added, verified or removed, the vault reset or restored. */
export function onVaultKeysChanged(listener: KeysChangedListener): () => void {
  keysChanged.add(listener);
  return () => keysChanged.delete(listener);
}

export function announceVaultKeysChanged(reason: string): void {
  for (const listener of keysChanged) {
    try {
      listener(reason);
    } catch {
      // A listener's failure is its own; the vault's change already happened.
    }
  }
}
