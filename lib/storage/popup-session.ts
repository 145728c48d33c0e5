/**
 * The popup's screen and its create and edit drafts (`chrome.storage.session`, keys
 * `popup.route`, `popup.createDraft`, `popup.editDraft`): closing the popup loses nothing, and
 * nothing here is secret. Records: a value this version cannot read is reported and left as it
 * is, and the popup opens on the list with a blank form instead.
 *
 * The popup loads this module after its first paint (its initial load stays within budget
 * without the storage library), so only types may be imported from here statically.
 */
import type { KeySettingsDraft } from '@/lib/keys/key-settings-draft';
import { checked, keySettingsDraft as draft, fail, nullable, num, obj, str } from './check';
import { defineStoredItem } from './item';

import { STORAGE_KEYS } from './keys';

export type Route =
  | { name: 'list' }
  | { name: 'detail'; id: string }
  | { name: 'create' }
  | { name: 'edit'; id: string }
  | { name: 'revoke'; id: string; from: 'list' | 'detail' }
  /** `rotationId` once the rotation started: a reopened popup resumes it. */
  | { name: 'rotate'; id: string; rotationId?: string }
  | { name: 'breaches' }
  | { name: 'usage'; days?: 7 | 30 | 90 };

/** A create form in progress. `requestId` is the background's double-submit guard. */
export interface CreateDraft {
  requestId: string;
  draft: KeySettingsDraft;
  /** Set just before sending: a popup reopened after that asks how the create ended. */
  submittedAt: number | null;
}

export interface EditDraft {
  id: string;
  original: KeySettingsDraft;
  draft: KeySettingsDraft;
}

function route(raw: unknown): Route {
  const r = obj(raw, 'route');
  const id = () => str(r.id, 'route.id');
  switch (r.name) {
    case 'list':
    case 'create':
    case 'breaches':
      return { name: r.name };
    case 'detail':
    case 'edit':
      return { name: r.name, id: id() };
    case 'revoke':
      if (r.from !== 'list' && r.from !== 'detail') fail('route.from', 'not list or detail');
      return { name: 'revoke', id: id(), from: r.from };
    case 'rotate':
      return r.rotationId === undefined
        ? { name: 'rotate', id: id() }
        : { name: 'rotate', id: id(), rotationId: str(r.rotationId, 'route.rotationId') };
    case 'usage':
      if (r.days === undefined) return { name: 'usage' };
      if (r.days !== 7 && r.days !== 30 && r.days !== 90) fail('route.days', 'not 7, 30 or 90');
      return { name: 'usage', days: r.days };
    default:
      return fail('route.name', 'not a screen of this popup');
  }
}

const nullableNum = nullable(num);

export const popupRouteItem = defineStoredItem<Route | null>({
  key: `session:${STORAGE_KEYS.session.popupRoute}`,
  version: 1,
  check: (raw) => checked(() => route(raw)),
  fallback: null,
  kind: 'record',
});

export const popupCreateDraftItem = defineStoredItem<CreateDraft | null>({
  key: `session:${STORAGE_KEYS.session.popupCreateDraft}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const v = obj(raw, 'createDraft');
      return {
        requestId: str(v.requestId, 'createDraft.requestId'),
        draft: draft(v.draft, 'createDraft.draft'),
        submittedAt:
          v.submittedAt === undefined ? null : nullableNum(v.submittedAt, 'createDraft.submittedAt'),
      };
    }),
  fallback: null,
  kind: 'record',
});

export const popupEditDraftItem = defineStoredItem<EditDraft | null>({
  key: `session:${STORAGE_KEYS.session.popupEditDraft}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const v = obj(raw, 'editDraft');
      return {
        id: str(v.id, 'editDraft.id'),
        original: draft(v.original, 'editDraft.original'),
        draft: draft(v.draft, 'editDraft.draft'),
      };
    }),
  fallback: null,
  kind: 'record',
});

/** The popup's three items by name, as its state saves and restores them. */
export const popupSessionItems = {
  route: popupRouteItem,
  create: popupCreateDraftItem,
  edit: popupEditDraftItem,
};
