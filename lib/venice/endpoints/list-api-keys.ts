import type { Transport } from '../request';
import { listApiKeysResponse } from '../schemas';
import type { ApiKeyList } from '../types';

/** GET /api_keys (ADMIN): the account's non-expired keys, newest first. */
export async function listApiKeys(transport: Transport, secret: string): Promise<ApiKeyList> {
  return transport.request({
    method: 'GET',
    path: '/api_keys',
    endpoint: 'GET /api_keys',
    secret,
    schema: listApiKeysResponse,
  });
}
