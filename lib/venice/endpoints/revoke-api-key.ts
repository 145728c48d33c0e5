import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import { VeniceUnexpectedResponseError } from '../errors';
import type { Transport } from '../request';
import { checkKeyId } from './key-id';

/** DELETE /api_keys → `{ success }`. `success: false` is refused by the client. */
export const revokeApiKeyResponse = lazy(() =>
  z.pipe(
    z.object({ success: z.boolean() }),
    z.transform((v) => v.success),
  ),
);

const endpoint = 'DELETE /api_keys';

/** DELETE /api_keys?id= (ADMIN). Takes effect at once. `success: false` is an error. */
export async function revokeApiKey(transport: Transport, secret: string, id: string): Promise<void> {
  checkKeyId(id, endpoint);
  const success = await transport.request({
    method: 'DELETE',
    path: '/api_keys',
    query: { id },
    endpoint,
    secret,
    schema: revokeApiKeyResponse,
  });
  if (!success) {
    throw new VeniceUnexpectedResponseError('success', 'Venice did not confirm the revocation', {
      endpoint,
      mutating: true,
    });
  }
}
