import type { Transport } from '../request';
import { buildRequestBody, createApiKeyBody, createdApiKeyResponse } from '../schemas';
import type { CreateApiKeyInput, CreatedApiKey } from '../types';

const endpoint = 'POST /api_keys';

/** POST /api_keys (ADMIN). Sent once, never retried: the response holds the only copy of the secret. */
export async function createApiKey(
  transport: Transport,
  secret: string,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  const body = buildRequestBody(createApiKeyBody, input, endpoint);
  return transport.request({
    method: 'POST',
    path: '/api_keys',
    endpoint,
    secret,
    body,
    schema: createdApiKeyResponse(body),
  });
}
