import type { Transport } from '../request';
import { billingBalanceResponse } from '../schemas';
import type { BillingBalance } from '../types';

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
