import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import { apiKeySchema, ROW_CAPS, readRows } from '../schemas';
import type { ApiKeyList } from '../types';

export const listApiKeysResponse = lazy(() =>
  z.pipe(
    z.object({ data: z.array(z.unknown()) }),
    z.transform((v): ApiKeyList => {
      const { items, unreadable } = readRows(v.data, apiKeySchema(), ROW_CAPS.keys);
      return { keys: items, unreadable };
    }),
  ),
);

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
