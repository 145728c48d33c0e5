import { z } from 'zod';
import { method } from '@/lib/messaging/define';
import { API_KEY_TYPES, LIMIT_PERIODS, MODEL_PRIVACY_VALUES } from '@/lib/venice/validation';
import { getKeyService } from './index';

/**
 * The form as typed. Lengths are bounded only against abuse: the service's own validation
 * gives the person-readable messages (a 70-character description is its business, not the router's).
 */
const draftSchema = z.object({
  apiKeyType: z.enum(API_KEY_TYPES),
  description: z.string().max(1000),
  expiryMode: z.enum(['none', 'date', 'datetime']),
  expiryDate: z.string().max(40),
  expiryTime: z.string().max(40),
  usdCap: z.string().max(40),
  diemCap: z.string().max(40),
  limitPeriod: z.enum(LIMIT_PERIODS),
  modelPrivacy: z.enum(MODEL_PRIVACY_VALUES),
});

const keyId = z.string().min(1).max(200);
/** Made by the page when a create form opens; the same id never creates two keys. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a request id');

export const keysApi = {
  /** The cached list, its age, the access state and vault marks: no network, for the first paint. */
  'keys.list': method(z.undefined(), () => getKeyService().overview()),
  /** Asks Venice for the list and balance now; a failure is reported in `list.refreshError`. */
  'keys.refresh': method(z.undefined(), () => getKeyService().refresh()),
  'keys.detail': method(z.object({ id: keyId }), ({ id }) => getKeyService().detail(id)),
  'keys.create': method(z.object({ requestId, draft: draftSchema }), ({ requestId, draft }) =>
    getKeyService().create(requestId, draft),
  ),
  'keys.createOutcome': method(z.object({ requestId }), ({ requestId }) =>
    getKeyService().createOutcome(requestId),
  ),
  'keys.update': method(
    z.object({ id: keyId, original: draftSchema, draft: draftSchema }),
    ({ id, original, draft }) => getKeyService().update(id, original, draft),
  ),
  'keys.revoke': method(z.object({ id: keyId }), ({ id }) => getKeyService().revoke(id)),
  'keys.breaches': method(z.undefined(), () => getKeyService().breaches()),
  'keys.ownLimits': method(z.undefined(), () => getKeyService().ownLimits()),
};
