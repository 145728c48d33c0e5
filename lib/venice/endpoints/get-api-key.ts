import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import { apiKeySchema } from '../schemas';
import type { ApiKey } from '../types';
import { checkKeyId } from './key-id';

export const getApiKeyResponse = lazy(() =>
  z.pipe(
    z.object({ data: apiKeySchema() }),
    z.transform((v) => v.data),
  ),
);

const endpoint = 'GET /api_keys/{id}';

/** GET /api_keys/{id} (ADMIN). An unknown or expired id is a VeniceNotFoundError. */
export async function getApiKey(transport: Transport, secret: string, id: string): Promise<ApiKey> {
  checkKeyId(id, endpoint);
  return transport.request({
    method: 'GET',
    path: `/api_keys/${encodeURIComponent(id)}`,
    endpoint,
    secret,
    schema: getApiKeyResponse,
  });
}
