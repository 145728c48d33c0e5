import { AppError } from '@/lib/errors';
import { keySettingsDraftSchema } from '@/lib/keys/draft-schema';
import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { DEV_BUILD } from '@/lib/settings/endpoints';
import { z } from '@/lib/zod';
import { getAppsService } from './index';
import { forgetProvenance, type ProvenanceMap, readProvenance, recordProvenance } from './provenance';
import { checkFillSite } from './site';

const requestId = lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a request id')));
const keyId = lazy(() => z.string().check(z.minLength(1), z.maxLength(128)));

export const appsApi = {
  /** Which site each key went to (non-secret), for the key list and detail. */
  'apps.sites': method((): Promise<ProvenanceMap> => readProvenance()),
  /** Tags a key made elsewhere with the site it is used on (https, as a page's address). */
  'apps.tag': method(
    () => z.object({ keyId: keyId(), site: z.string().check(z.maxLength(2048)) }),
    async ({ keyId, site }) => {
      const raw = site.trim();
      const checked = checkFillSite(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`, DEV_BUILD);
      if (!checked.ok) throw new AppError('apps.invalid_site', checked.reason);
      return recordProvenance(keyId, {
        origin: checked.origin,
        title: '',
        at: new Date().toISOString(),
        how: 'tagged',
      });
    },
  ),
  'apps.untag': method(
    () => z.object({ keyId: keyId() }),
    ({ keyId }) => forgetProvenance(keyId),
  ),
  /** The popup's "Fill a new Venice key" for the tab it was opened over. */
  'apps.beginForTab': method(
    () => z.object({ tabId: z.number().check(z.int(), z.nonnegative()) }),
    ({ tabId }) => getAppsService().beginFromPopup(tabId),
  ),
  'apps.request': method(
    () => z.object({ requestId: requestId() }),
    ({ requestId }) => getAppsService().view(requestId),
  ),
  'apps.confirm': method(
    () => z.object({ requestId: requestId(), draft: keySettingsDraftSchema() }),
    ({ requestId, draft }) => getAppsService().confirm(requestId, draft),
  ),
  'apps.fillExisting': method(
    () => z.object({ requestId: requestId(), keyId: keyId() }),
    ({ requestId, keyId }) => getAppsService().fillExisting(requestId, keyId),
  ),
  'apps.retryFill': method(
    () => z.object({ requestId: requestId() }),
    ({ requestId }) => getAppsService().retryFill(requestId),
  ),
};
