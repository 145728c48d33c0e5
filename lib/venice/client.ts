/**
 * The Venice client: one method per endpoint (endpoints/*.ts) over one transport
 * (request.ts). Every failure is a VeniceError subclass (errors.ts).
 */
import { createApiKey } from './endpoints/create-api-key';
import { getApiKey } from './endpoints/get-api-key';
import { getBillingBalance } from './endpoints/get-billing-balance';
import { getRateLimitLog } from './endpoints/get-rate-limit-log';
import { getRateLimits } from './endpoints/get-rate-limits';
import { getUsageAnalytics } from './endpoints/get-usage-analytics';
import { getUsageHistory } from './endpoints/get-usage-history';
import { getWeb3Token } from './endpoints/get-web3-token';
import { listApiKeys } from './endpoints/list-api-keys';
import { mintWeb3Key } from './endpoints/mint-web3-key';
import { revokeApiKey } from './endpoints/revoke-api-key';
import { updateApiKey } from './endpoints/update-api-key';
import { createTransport } from './request';
import type { VeniceClient, VeniceClientOptions } from './types';

/** Throws VeniceConfigError at once if the base URL is unusable. */
export function createVeniceClient(options: VeniceClientOptions): VeniceClient {
  const t = createTransport(options);
  return {
    listApiKeys: (secret) => listApiKeys(t, secret),
    getApiKey: (secret, id) => getApiKey(t, secret, id),
    createApiKey: (secret, input) => createApiKey(t, secret, input),
    updateApiKey: (secret, input) => updateApiKey(t, secret, input),
    revokeApiKey: (secret, id) => revokeApiKey(t, secret, id),
    getRateLimits: (secret) => getRateLimits(t, secret),
    getRateLimitLog: (secret) => getRateLimitLog(t, secret),
    getWeb3Token: () => getWeb3Token(t),
    mintWeb3Key: (input) => mintWeb3Key(t, input),
    getBillingBalance: (secret) => getBillingBalance(t, secret),
    getUsageHistory: (secret, query) => getUsageHistory(t, secret, query),
    getUsageAnalytics: (secret, query) => getUsageAnalytics(t, secret, query),
  };
}
