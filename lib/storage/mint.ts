/**
 * The mint's stored items (`session`: memory only, gone when the browser closes). The flow is the
 * one copy of a mint in progress (lib/wallet/store.ts changes it one event at a time); one that
 * does not read as a flow is reported and left as stored, and the mint starts from idle.
 */

import { type MintFlow, readMintFailureCode } from '@/lib/wallet/flow';
import { mintFlowSchema } from '@/lib/wallet/schema';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

export const mintFlowItem = defineStoredItem<MintFlow | null>({
  key: `session:${STORAGE_KEYS.session.mintFlow}`,
  version: 1,
  check: (raw) => {
    const parsed = mintFlowSchema().safeParse(withCurrentFailureCode(raw));
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    // A failed zod parse carries at least one issue: this line is for the type only, its text and
    // its object are never returned (a test cannot tell them apart from any other).
    // Stryker disable next-line StringLiteral,ObjectLiteral: never reached, see above
    if (!issue) return { ok: false, reason: 'not valid' };
    return { ok: false, reason: `${issue.path.join('.') || 'flow'}: ${issue.message}` };
  },
  fallback: null,
  kind: 'record',
});

/**
 * Failure codes as older versions stored them (`no_stake`, before codes were namespaced) read
 * as today's (`mint.no_stake`). Done on read rather than as a migration: a migration makes WXT
 * read the item at every worker cold start (lib/storage/item.ts).
 */
function withCurrentFailureCode(raw: unknown): unknown {
  const flow = raw as { failure?: { code?: unknown } | null } | null;
  if (!flow || typeof flow !== 'object' || !flow.failure || typeof flow.failure !== 'object') return raw;
  return { ...flow, failure: { ...flow.failure, code: readMintFailureCode(flow.failure.code) } };
}

/** The wallet window's id; a value that is not one is forgotten (a new window opens). */
export const mintWindowItem = defineStoredItem<number | null>({
  key: `session:${STORAGE_KEYS.session.mintWindow}`,
  version: 1,
  check: (raw) =>
    Number.isSafeInteger(raw) ? { ok: true, value: raw as number } : { ok: false, reason: 'not a window id' },
  fallback: null,
  kind: 'cache',
});
