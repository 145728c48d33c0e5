import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import { ROW_CAPS, readDate, readRows } from '../schemas';
import type { RateLimitBreach, RateLimitLog } from '../types';
import { UNKNOWN_DATE } from '../types';

const breachSchema = lazy(() =>
  z.pipe(
    z.object({
      apiKeyId: z.string(),
      modelId: z.string(),
      rateLimitTier: z.string(),
      // Kept as sent: a future type must not hide the whole log.
      rateLimitType: z.string().check(z.minLength(1)),
      timestamp: readDate(),
    }),
    z.transform(
      (v): RateLimitBreach => ({
        apiKeyId: v.apiKeyId,
        modelId: v.modelId,
        rateLimitTier: v.rateLimitTier,
        rateLimitType: v.rateLimitType,
        timestamp: v.timestamp ?? UNKNOWN_DATE,
      }),
    ),
  ),
);

export const rateLimitLogResponse = lazy(() =>
  z.pipe(
    z.object({ data: z.array(z.unknown()) }),
    z.transform((v): RateLimitLog => {
      const { items, unreadable } = readRows(v.data, breachSchema(), ROW_CAPS.breaches);
      return { entries: items, unreadable };
    }),
  ),
);

/** GET /api_keys/rate_limits/log (ADMIN): the 50 newest breaches on the account. */
export async function getRateLimitLog(transport: Transport, secret: string): Promise<RateLimitLog> {
  return transport.request({
    method: 'GET',
    path: '/api_keys/rate_limits/log',
    endpoint: 'GET /api_keys/rate_limits/log',
    secret,
    schema: rateLimitLogResponse,
  });
}
