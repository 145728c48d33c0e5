import type { Transport } from '../request';
import { rateLimitLogResponse } from '../schemas';
import type { RateLimitLog } from '../types';

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
