import type { ApiKey } from '@/lib/venice/types';
import { vaultIndex } from './access';
import type { KeyServiceDeps, VaultKeyMeta } from './deps';

/**
 * The vault label follows a rename at Venice when it is still the name Venice had: a label
 * copied from the description (as a create stores it) is the key's name, and a user expects
 * the copy to follow. A label the user chose themselves differs from the old description and
 * is theirs: it is kept. `renames`: [key with its new description, description before].
 */
export async function followRenames(
  vault: KeyServiceDeps['vault'],
  stored: VaultKeyMeta[],
  renames: [ApiKey, string][],
): Promise<VaultKeyMeta[]> {
  if (renames.length === 0) return stored;
  // Judge against the vault as it is now: `stored` was read when the refresh began, and a label
  // changed since (an edit's own rename, finished while this refresh waited on Venice) is what
  // the rename must be compared with.
  const current = await vault.listStoredKeys().catch(() => stored);
  const findCopy = vaultIndex(current);
  let changed = false;
  for (const [key, before] of renames) {
    const copy = findCopy(key);
    const next = key.description.trim();
    if (!copy || next === '' || copy.label !== before || copy.label === next) continue;
    try {
      await vault.updateStoredKey(copy.entryId, { label: next });
      changed = true;
    } catch {
      // The vault locked meanwhile, or refused the label: the old one stays, nothing is lost.
    }
  }
  return changed ? vault.listStoredKeys().catch(() => current) : current;
}

/** The keys of `fresh` whose description differs from the `cached` list's: [key, description before]. */
export function renamesIn(cached: readonly ApiKey[], fresh: readonly ApiKey[]): [ApiKey, string][] {
  const before = new Map(cached.map((k) => [k.id, k.description]));
  const renames: [ApiKey, string][] = [];
  for (const key of fresh) {
    const old = before.get(key.id);
    if (old !== undefined && old !== key.description) renames.push([key, old]);
  }
  return renames;
}
