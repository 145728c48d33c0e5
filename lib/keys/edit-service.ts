/** Editing a key: only the fields that changed are sent, and the vault label follows a rename. */
import { readKeyCache } from '@/lib/storage/key-cache';
import { VeniceNotFoundError } from '@/lib/venice/errors';
import type { ApiKey } from '@/lib/venice/types';
import { asAdmin, type KeyAccessService } from './access';
import type { KeyCacheWrites } from './cache-writes';
import { checkDraft } from './check-draft';
import type { KeyServiceDeps } from './deps';
import { type KeySettingsDraft, toUpdateInput } from './key-settings';
import { followRenames } from './renames';
import type { UpdateKeyResult } from './types';

export interface KeyEditDeps extends Pick<KeyServiceDeps, 'getClient' | 'vault' | 'now'> {
  access: KeyAccessService;
  cache: KeyCacheWrites;
  badge(reason: string): void;
}

export type KeyEditService = ReturnType<typeof createKeyEditService>;

export function createKeyEditService(deps: KeyEditDeps) {
  async function update(
    id: string,
    original: KeySettingsDraft,
    draft: KeySettingsDraft,
  ): Promise<UpdateKeyResult> {
    checkDraft(draft, 'edit', deps.now(), original);
    const patch = toUpdateInput(id, original, draft);
    const { entryId, secret, stored } = await deps.access.requireAdmin();
    const client = await deps.getClient();
    if (!patch) {
      const cached = (await readKeyCache()).keys.find((k) => k.id === id);
      return { key: cached ?? (await asAdmin(client.getApiKey(secret, id))), changed: false, sent: [] };
    }
    let updated: ApiKey;
    try {
      updated = await asAdmin(client.updateApiKey(secret, patch));
    } catch (err) {
      if (err instanceof VeniceNotFoundError) await deps.cache.dropFromCache(entryId, id);
      throw err;
    }
    let merged = updated;
    await deps.cache.mutateCache((cache) => {
      if (cache.ownerEntryId !== entryId) return null;
      const index = cache.keys.findIndex((k) => k.id === id);
      if (index < 0) return null;
      const before = cache.keys[index] as ApiKey;
      const capped = updated.consumptionLimits.usd !== null || updated.consumptionLimits.diem !== null;
      // PATCH answers without usage: keep what the list knew.
      merged = {
        ...updated,
        trailingSevenDays: updated.trailingSevenDays ?? before.trailingSevenDays,
        currentPeriodUsage: updated.currentPeriodUsage ?? (capped ? before.currentPeriodUsage : null),
        modelPrivacy: updated.modelPrivacy ?? patch.modelPrivacy ?? before.modelPrivacy,
      };
      const keys = cache.keys.slice();
      keys[index] = merged;
      return { ...cache, keys };
    });
    if (merged.description !== original.description)
      await followRenames(deps.vault, stored, [[merged, original.description]]);
    deps.badge('key edited');
    return { key: merged, changed: true, sent: Object.keys(patch).filter((field) => field !== 'id') };
  }

  return { update };
}
