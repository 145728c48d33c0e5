import { lazy } from '@/lib/lazy';
import { API_KEY_TYPES, LIMIT_PERIODS, MODEL_PRIVACY_VALUES } from '@/lib/venice/validation';
import { z } from '@/lib/zod';

/**
 * The key settings form as typed (lib/keys/key-settings.ts), for create, edit and the mint flow.
 * Lengths are bounded only against abuse: the services validate it for real, with messages for a
 * person (a 70-character description is their business, not the router's).
 */
export const keySettingsDraftSchema = lazy(() =>
  z.object({
    apiKeyType: z.enum(API_KEY_TYPES),
    description: z.string().check(z.maxLength(1000)),
    expiryMode: z.enum(['none', 'date', 'datetime']),
    expiryDate: z.string().check(z.maxLength(40)),
    expiryTime: z.string().check(z.maxLength(40)),
    usdCap: z.string().check(z.maxLength(40)),
    diemCap: z.string().check(z.maxLength(40)),
    limitPeriod: z.enum(LIMIT_PERIODS),
    modelPrivacy: z.enum(MODEL_PRIVACY_VALUES),
  }),
);
