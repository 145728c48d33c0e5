import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import { buildRequestBody, createFields, descriptionInput } from '../schemas';
import type { CreatedApiKey, MintWeb3KeyInput } from '../types';
import { isEvmAddress, isPersonalSignature } from '../validation';
import { createdApiKeyResponse } from './create-api-key';

export const mintWeb3KeyBody = lazy(() =>
  z.strictObject({
    ...createFields(),
    description: z.optional(descriptionInput()),
    address: z
      .string()
      .check(z.refine(isEvmAddress, 'The wallet address must be 0x followed by 40 hex digits.')),
    signature: z
      .string()
      .check(z.refine(isPersonalSignature, 'The signature must be 0x followed by 130 hex digits.')),
    token: z.string().check(
      z.minLength(1, 'The token to sign is missing.'),
      z.maxLength(8192),
      z.refine((t) => !/\s/.test(t), 'The token must be sent exactly as Venice issued it.'),
    ),
  }),
);

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
