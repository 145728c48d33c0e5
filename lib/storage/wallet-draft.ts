/**
 * The wallet window's new-key settings as typed (`chrome.storage.session`, key
 * `wallet.keyDraft`): a closed window, reopened, finds them again; nothing here is secret.
 * A record: a draft this version cannot read is reported (key and reason) and left as it is, and
 * the window gets what can be used of it, field by field, the blank form's value for the rest.
 *
 * The wallet window loads this module when it first needs it, so the storage library stays out
 * of its initial load.
 */
import type { KeySettingsDraft } from '@/lib/keys/key-settings-draft';
import { checked, keySettingsDraft, usableKeySettingsDraft } from './check';
import { defineStoredItem, type Loaded, reportStorageProblem } from './item';

import { STORAGE_KEYS } from './keys';

export const walletKeyDraftItem = defineStoredItem<KeySettingsDraft | null>({
  key: `session:${STORAGE_KEYS.session.walletKeyDraft}`,
  version: 1,
  check: (raw) => checked(() => keySettingsDraft(raw, 'keyDraft')),
  repair: usableKeySettingsDraft,
  fallback: null,
  kind: 'record',
});

/** The stored draft for the window to restore; a problem is reported as every load's is. */
export async function loadWalletKeyDraft(): Promise<Loaded<KeySettingsDraft | null>> {
  const loaded = await walletKeyDraftItem.load();
  if (loaded.problem) reportStorageProblem(loaded.problem);
  return loaded;
}
