import type { Transport } from '../request';
import { rateLimitsResponse } from '../schemas';
import type { RateLimits } from '../types';

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
