/**
 * The mint's stored items (`session`: memory only, gone when the browser closes). The flow is the
 * one copy of a mint in progress (lib/wallet/store.ts changes it one event at a time); one that
 * does not read as a flow is reported and left as stored, and the mint starts from idle.
 */

import type { MintFlow } from '@/lib/wallet/flow';
import { mintFlowSchema } from '@/lib/wallet/schema';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

export const mintFlowItem = defineStoredItem<MintFlow | null>({
  key: `session:${STORAGE_KEYS.session.mintFlow}`,
  version: 1,
  check: (raw) => {
    const parsed = mintFlowSchema().safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'flow'}: ${issue?.message ?? 'not valid'}` };
  },
  fallback: null,
  kind: 'record',
});

/** The wallet window's id; a value that is not one is forgotten (a new window opens). */
export const mintWindowItem = defineStoredItem<number | null>({
  key: `session:${STORAGE_KEYS.session.mintWindow}`,
  version: 1,
  check: (raw) =>
    Number.isSafeInteger(raw) ? { ok: true, value: raw as number } : { ok: false, reason: 'not a window id' },
  fallback: null,
  kind: 'cache',
});
