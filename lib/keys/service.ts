/**
 * Key management in the background, one part per job, composed into the one service the
 * message router and the other domains call:
 * - `access.ts`: which key manages keys (the access state, the management key's secret);
 * - `list-service.ts`: the cached list and balance, refresh, breach log, a key by id;
 * - `detail-service.ts`: one key's detail and rate limits, the held key's own limits;
 * - `create-service.ts`: create once per request id, the secret into the vault before anyone sees it;
 * - `edit-service.ts`: edit (only what changed);
 * - `revoke-service.ts`: revoke (optimistic, rolled back if Venice refuses).
 * The parts share one queue for the cached list and the memory of recent revokes, so they are
 * built together here. Everything they need comes in through `KeyServiceDeps`, so tests run the
 * service against a fake Venice client and an in-memory vault.
 */
import { createKeyAccessService } from './access';
import { createKeyCacheWrites } from './cache-writes';
import { createKeyCreateService } from './create-service';
import type { KeyServiceDeps } from './deps';
import { createKeyDetailService } from './detail-service';
import { createKeyEditService } from './edit-service';
import { createKeyListService } from './list-service';
import { createKeyRevokeService, createRecentlyRevoked } from './revoke-service';

export type { KeyServiceDeps, VaultKeyMeta } from './deps';

export type KeyService = ReturnType<typeof createKeyService>;

export function createKeyService(deps: KeyServiceDeps) {
  const access = createKeyAccessService(deps);
  const cache = createKeyCacheWrites(deps.now);
  const revoked = createRecentlyRevoked(deps.now);
  const badge = (reason: string): void => {
    deps.requestBadgeRefresh(reason).catch(() => undefined);
  };
  const list = createKeyListService({ ...deps, access, cache, revoked });
  const details = createKeyDetailService({ ...deps, access, cache });
  const creates = createKeyCreateService({ ...deps, access, cache, badge, refresh: () => list.refresh() });
  const edits = createKeyEditService({ ...deps, access, cache, badge });
  const revokes = createKeyRevokeService({ ...deps, access, cache, revoked, badge });
  return {
    overview: list.overview,
    refresh: list.refresh,
    detail: details.detail,
    findKey: list.findKey,
    adoptCacheOwner: list.adoptCacheOwner,
    saveShell: list.saveShell,
    dropOrphanCache: list.dropOrphanCache,
    create: creates.create,
    createOutcome: creates.createOutcome,
    update: edits.update,
    revoke: revokes.revoke,
    breaches: list.breaches,
    ownLimits: details.ownLimits,
    managementKey: access.managementKey,
  };
}
