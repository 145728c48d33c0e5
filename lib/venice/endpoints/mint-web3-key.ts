import type { Transport } from '../request';
import { buildRequestBody, createdApiKeyResponse, mintWeb3KeyBody } from '../schemas';
import type { CreatedApiKey, MintWeb3KeyInput } from '../types';

const endpoint = 'POST /api_keys/generate_web3_key';

/**
 * POST /api_keys/generate_web3_key with no Authorization. Venice's echo of the limits is
 * unreliable (FACTS §3.8), so the caps we sent win over it; read the key back with getApiKey
 * when an ADMIN key is at hand for the stored truth.
 * Verification failures are VeniceWeb3RejectedError with a `reason`.
 */
export async function mintWeb3Key(transport: Transport, input: MintWeb3KeyInput): Promise<CreatedApiKey> {
  const body = buildRequestBody(mintWeb3KeyBody, input, endpoint);
  return transport.request({
    method: 'POST',
    path: '/api_keys/generate_web3_key',
    endpoint,
    body,
    schema: createdApiKeyResponse({ ...body, preferRequestedLimits: true }),
  });
}
