/**
 * The Venice client for background code. UI pages must not import this module (it pulls in
 * zod and storage): forms import `@/lib/venice/validation` and types from `@/lib/venice/types`.
 */
import { getSettings } from '@/lib/settings/service';
import { createVeniceClient } from './client';
import { VeniceAdminRequiredError } from './errors';
import type { ApiKeyType, VeniceClient } from './types';

export { createVeniceClient } from './client';
export * from './errors';
export { parseRetryAfter, sanitizeVeniceText } from './response-errors';
export type * from './types';
export { UNKNOWN_DATE } from './types';
export * from './validation';

/** A client for the API base URL in the current settings. */
export async function getVeniceClient(): Promise<VeniceClient> {
  const { apiBaseUrl } = await getSettings();
  return createVeniceClient({ baseUrl: apiBaseUrl });
}

/**
 * Proves a key's type with Venice (FACTS §0): rate_limits first (any valid key passes; a
 * bad one fails with VeniceAuthError), then GET /api_keys, which only an ADMIN key may
 * call. An INFERENCE key gets VeniceAdminRequiredError there; every other error propagates.
 */
export async function detectKeyType(client: VeniceClient, secret: string): Promise<ApiKeyType> {
  await client.getRateLimits(secret);
  try {
    await client.listApiKeys(secret);
    return 'ADMIN';
  } catch (error) {
    if (error instanceof VeniceAdminRequiredError) return 'INFERENCE';
    throw error;
  }
}
