import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import { balanceValue, finiteNumber, ROW_CAPS, readDate, readRows } from '../schemas';
import type { RateLimits } from '../types';

const modelLimitsWire = lazy(() =>
  z.object({
    apiModelId: z.nullish(z.string()),
    rateLimits: z.nullish(
      z.array(z.object({ amount: finiteNumber(), type: z.string().check(z.minLength(1)) })),
    ),
  }),
);

export const rateLimitsResponse = lazy(() =>
  z.pipe(
    z.object({
      data: z.object({
        accessPermitted: z.boolean(),
        apiTier: z.catch(z.nullish(z.object({ id: z.string(), isCharged: z.boolean() })), () => null),
        // UPPERCASE per FACTS §6.2; lowercase accepted in case Venice aligns it with /billing/balance.
        balances: z.nullish(
          z.object({
            USD: balanceValue(),
            DIEM: balanceValue(),
            BUNDLED_CREDITS: balanceValue(),
            usd: balanceValue(),
            diem: balanceValue(),
            bundledCredits: balanceValue(),
          }),
        ),
        keyExpiration: readDate(),
        nextEpochBegins: readDate(),
        // A model entry that cannot be read is left out; the others are still shown.
        rateLimits: z.pipe(
          z.catch(z.nullish(z.array(z.unknown())), () => null),
          z.transform((rows) => readRows(rows ?? [], modelLimitsWire(), ROW_CAPS.modelLimits).items),
        ),
      }),
    }),
    z.transform(({ data: d }): RateLimits => {
      const balances: RateLimits['balances'] = {};
      const usd = d.balances?.USD ?? d.balances?.usd;
      const diem = d.balances?.DIEM ?? d.balances?.diem;
      const bundled = d.balances?.BUNDLED_CREDITS ?? d.balances?.bundledCredits;
      if (usd != null) balances.USD = usd;
      if (diem != null) balances.DIEM = diem;
      if (bundled != null) balances.BUNDLED_CREDITS = bundled;
      return {
        accessPermitted: d.accessPermitted,
        apiTier: d.apiTier ? { id: d.apiTier.id, isCharged: d.apiTier.isCharged } : null,
        balances,
        keyExpiration: d.keyExpiration,
        nextEpochBegins: d.nextEpochBegins,
        rateLimits: (d.rateLimits ?? []).map((m) => ({
          apiModelId: m.apiModelId ?? null,
          limits: (m.rateLimits ?? []).map((l) => ({ type: l.type, amount: l.amount })),
        })),
      };
    }),
  ),
);

/** GET /api_keys/rate_limits (any key): balances clamped to the calling key's caps, model limits. */
export async function getRateLimits(transport: Transport, secret: string): Promise<RateLimits> {
  return transport.request({
    method: 'GET',
    path: '/api_keys/rate_limits',
    endpoint: 'GET /api_keys/rate_limits',
    secret,
    schema: rateLimitsResponse,
  });
}
