/**
 * "Fill a new Venice key" requests waiting for their confirm window (`chrome.storage.session`,
 * key `apps.requests`; lib/apps), by request id: the tab, frame and origin the user pointed at,
 * and what the confirm did. Never a secret. A record: a window reopened (or a worker restarted)
 * must answer as before, so a damaged entry is reported and left as it is, and the readable
 * ones are used.
 */
import type { FillOutcome, FillRequest } from '@/lib/apps/service';
import { bool, checked, nullable, num, type Obj, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

type FillRequests = Record<string, FillRequest>;

const nullableStr = nullable(str);

function outcome(v: unknown, path: string): FillOutcome {
  const o = obj(v, path);
  const key = obj(o.key, `${path}.key`);
  const copy = o.vaultCopy === null ? null : obj(o.vaultCopy, `${path}.vaultCopy`);
  const fill = obj(o.fill, `${path}.fill`);
  bool(fill.ok, `${path}.fill.ok`);
  return {
    key: {
      id: str(key.id, `${path}.key.id`),
      description: str(key.description, `${path}.key.description`),
      last6: str(key.last6, `${path}.key.last6`),
      apiKeyType: str(key.apiKeyType, `${path}.key.apiKeyType`),
    },
    vaultCopy: copy
      ? {
          entryId: str(copy.entryId, `${path}.vaultCopy.entryId`),
          label: str(copy.label, `${path}.vaultCopy.label`),
        }
      : null,
    fill: fill as unknown as FillOutcome['fill'],
    reused: bool(o.reused, `${path}.reused`),
  };
}

function request(v: unknown, path: string): FillRequest {
  const r: Obj = obj(v, path);
  const refusal = r.refusal === null ? null : obj(r.refusal, `${path}.refusal`);
  return {
    id: str(r.id, `${path}.id`),
    tabId: num(r.tabId, `${path}.tabId`),
    frameId: num(r.frameId, `${path}.frameId`),
    origin: str(r.origin, `${path}.origin`),
    host: str(r.host, `${path}.host`),
    topOrigin: nullableStr(r.topOrigin, `${path}.topOrigin`),
    title: str(r.title, `${path}.title`),
    createdAt: num(r.createdAt, `${path}.createdAt`),
    refusal: refusal
      ? {
          code: str(refusal.code, `${path}.refusal.code`),
          reason: str(refusal.reason, `${path}.refusal.reason`),
        }
      : null,
    outcome: r.outcome === null ? null : outcome(r.outcome, `${path}.outcome`),
  };
}

export const fillRequestsItem = defineStoredItem<FillRequests>({
  key: `session:${STORAGE_KEYS.session.fillRequests}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const out: FillRequests = {};
      for (const [id, value] of Object.entries(obj(raw, 'requests'))) out[id] = request(value, id);
      return out;
    }),
  fallback: {},
  kind: 'record',
  repair: (raw) => {
    const out: FillRequests = {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
    for (const [id, value] of Object.entries(raw)) {
      const one = checked(() => request(value, id));
      if (one.ok) out[id] = one.value;
    }
    return out;
  },
});
