import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import { balanceValue, finiteNumber, keptEnum } from '../schemas';
import type { BillingBalance } from '../types';

export const billingBalanceResponse = lazy(() =>
  z.pipe(
    z.object({
      canConsume: z.boolean(),
      // Kept as sent: a currency Venice adds later is shown as itself.
      consumptionCurrency: z.catch(z.nullish(keptEnum()), () => null),
      // lowercase per FACTS §6.2; UPPERCASE accepted in case Venice aligns it with rate_limits.
      balances: z.object({
        usd: balanceValue(),
        diem: balanceValue(),
        bundledCredits: balanceValue(),
        earnedCredits: balanceValue(),
        USD: balanceValue(),
        DIEM: balanceValue(),
        BUNDLED_CREDITS: balanceValue(),
        EARNED_CREDITS: balanceValue(),
      }),
      diemEpochAllocation: z.nullish(finiteNumber()),
    }),
    z.transform(
      (v): BillingBalance => ({
        canConsume: v.canConsume,
        consumptionCurrency: v.consumptionCurrency ?? null,
        balances: {
          usd: v.balances.usd ?? v.balances.USD ?? null,
          diem: v.balances.diem ?? v.balances.DIEM ?? null,
          bundledCredits: v.balances.bundledCredits ?? v.balances.BUNDLED_CREDITS ?? null,
          earnedCredits: v.balances.earnedCredits ?? v.balances.EARNED_CREDITS ?? null,
        },
        diemEpochAllocation: v.diemEpochAllocation ?? null,
      }),
    ),
  ),
);

/** GET /billing/balance (ADMIN): the account's balances, lowercase keys on the wire. */
export async function getBillingBalance(transport: Transport, secret: string): Promise<BillingBalance> {
  return transport.request({
    method: 'GET',
    path: '/billing/balance',
    endpoint: 'GET /billing/balance',
    secret,
    schema: billingBalanceResponse,
  });
}
