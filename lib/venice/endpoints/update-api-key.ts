import type { Transport } from '../request';
import { buildRequestBody, updateApiKeyBody, updateApiKeyResponse } from '../schemas';
import type { ApiKey, UpdateApiKeyInput } from '../types';
import { checkKeyId } from './key-id';

const endpoint = 'PATCH /api_keys';

/**
 * PATCH /api_keys (ADMIN), id in the body. Venice's answer has no usage block, so the
 * returned key's `trailingSevenDays` is null.
 */
export async function updateApiKey(
  transport: Transport,
  secret: string,
  input: UpdateApiKeyInput,
): Promise<ApiKey> {
  const body = buildRequestBody(updateApiKeyBody, input, endpoint);
  checkKeyId(body.id, endpoint);
  return transport.request({
    method: 'PATCH',
    path: '/api_keys',
    endpoint,
    secret,
    body,
    schema: updateApiKeyResponse,
  });
}
