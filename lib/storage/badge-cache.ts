/**
 * The badge's storage (a cache: a damaged one is dropped and rebuilt by the next refresh).
 */

import type { BadgeFigures, BadgeProblem } from '@/lib/badge/compute';
import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/**
 * What the badge remembers between service-worker restarts and browser restarts, in
 * `local`: the last figures Venice gave for the badge key (never its secret), the last
 * problem, the backoff state and whether the balance was already below the critical
 * level (so the low-balance notification fires once per crossing, not per refresh).
 */
export interface BadgeCache {
  /** Vault entry id the figures belong to; a different badge key starts from nothing. */
  keyId: string | null;
  /** The key's label when last seen unlocked (shown in the tooltip while locked). */
  keyLabel: string | null;
  figures: BadgeFigures | null;
  problem: BadgeProblem | null;
  /** Consecutive failed refreshes (not counting a refused key). */
  failures: number;
  /** Alarm ticks still to skip before the clock-driven refresh tries again (backoff). */
  skipTicks: number;
  /** No request at all before this time (ms since epoch): Venice's Retry-After. */
  notBefore: number | null;
  /** The spendable amount was below the critical level at the last successful refresh. */
  wasBelowCritical: boolean;
}

export const EMPTY_BADGE_CACHE: BadgeCache = {
  keyId: null,
  keyLabel: null,
  figures: null,
  problem: null,
  failures: 0,
  skipTicks: 0,
  notBefore: null,
  wasBelowCritical: false,
};

const cacheSchema = lazy(() =>
  z.object({
    keyId: z.nullable(z.string()),
    keyLabel: z.nullable(z.string()),
    figures: z.nullable(
      z.object({
        balances: z.partial(z.object({ USD: z.unknown(), DIEM: z.unknown(), BUNDLED_CREDITS: z.unknown() })),
        accessPermitted: z.boolean(),
        fetchedAt: z.number(),
      }),
    ),
    problem: z.nullable(z.object({ kind: z.enum(['key', 'refresh']), message: z.string(), at: z.number() })),
    failures: z.number().check(z.int(), z.nonnegative()),
    skipTicks: z.number().check(z.int(), z.nonnegative()),
    notBefore: z.nullable(z.number()),
    wasBelowCritical: z.boolean(),
  }),
);

export const badgeCacheItem = defineStoredItem<BadgeCache>({
  key: `local:${STORAGE_KEYS.local.badgeCache}`,
  version: 1,
  check: (raw) => {
    const parsed = cacheSchema().safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data as BadgeCache };
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'cache'}: ${issue?.message ?? 'not valid'}` };
  },
  fallback: EMPTY_BADGE_CACHE,
  kind: 'cache',
});

/** The cache as stored, or an empty one when it is missing or damaged (a cache can always be rebuilt). */
export async function loadBadgeCache(): Promise<BadgeCache> {
  return { ...(await badgeCacheItem.getValue()) };
}

export async function saveBadgeCache(cache: BadgeCache): Promise<void> {
  await badgeCacheItem.setValue(cache);
}
