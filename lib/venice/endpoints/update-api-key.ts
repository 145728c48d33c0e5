import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import type { Transport } from '../request';
import {
  apiKeySchema,
  buildRequestBody,
  consumptionLimitInput,
  descriptionInput,
  expiresAtInput,
  limitPeriodInput,
  modelPrivacyInput,
} from '../schemas';
import type { ApiKey, UpdateApiKeyInput } from '../types';
import { checkKeyId } from './key-id';

export const updateApiKeyBody = lazy(() =>
  z
    .strictObject({
      id: z
        .string({ error: 'The key id is missing.' })
        .check(z.minLength(1, 'The key id is missing.'), z.maxLength(200)),
      description: z.optional(descriptionInput()),
      // null or "" removes the expiry (FACTS §3.3).
      expiresAt: z.optional(z.nullable(expiresAtInput())),
      consumptionLimit: z.optional(consumptionLimitInput()),
      limitPeriod: z.optional(limitPeriodInput()),
      modelPrivacy: z.optional(modelPrivacyInput()),
    })
    .check(
      z.refine((v) => Object.entries(v).some(([k, value]) => k !== 'id' && value !== undefined), {
        message: 'Choose at least one thing to change.',
      }),
    ),
);
export const updateApiKeyResponse = lazy(() =>
  z.pipe(
    z.object({ data: apiKeySchema() }),
    z.transform((v) => v.data),
  ),
);

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
