import type { Transport } from '../request';
import { listApiKeysResponse } from '../schemas';
import type { ApiKey } from '../types';

/** GET /api_keys (ADMIN): the account's non-expired keys, newest first. */
export async function listApiKeys(transport: Transport, secret: string): Promise<ApiKey[]> {
  return transport.request({
    method: 'GET',
    path: '/api_keys',
    endpoint: 'GET /api_keys',
    secret,
    schema: listApiKeysResponse,
  });
}
