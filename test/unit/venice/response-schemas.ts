/**
 * Every response parser, by client method (the property tests feed each one hostile JSON). Each
 * lives beside its endpoint in lib/venice/endpoints/.
 */
import { createdApiKeyResponse } from '@/lib/venice/endpoints/create-api-key';
import { getApiKeyResponse } from '@/lib/venice/endpoints/get-api-key';
import { billingBalanceResponse } from '@/lib/venice/endpoints/get-billing-balance';
import { rateLimitLogResponse } from '@/lib/venice/endpoints/get-rate-limit-log';
import { rateLimitsResponse } from '@/lib/venice/endpoints/get-rate-limits';
import { usageAnalyticsResponse } from '@/lib/venice/endpoints/get-usage-analytics';
import { usageHistoryResponse } from '@/lib/venice/endpoints/get-usage-history';
import { web3TokenResponse } from '@/lib/venice/endpoints/get-web3-token';
import { listApiKeysResponse } from '@/lib/venice/endpoints/list-api-keys';
import { revokeApiKeyResponse } from '@/lib/venice/endpoints/revoke-api-key';
import { updateApiKeyResponse } from '@/lib/venice/endpoints/update-api-key';

export const responseSchemas = {
  listApiKeys: listApiKeysResponse,
  getApiKey: getApiKeyResponse,
  updateApiKey: updateApiKeyResponse,
  revokeApiKey: revokeApiKeyResponse,
  createApiKey: () => createdApiKeyResponse({ apiKeyType: 'INFERENCE' }),
  mintWeb3Key: () => createdApiKeyResponse({ apiKeyType: 'INFERENCE', preferRequestedLimits: true }),
  getWeb3Token: web3TokenResponse,
  getRateLimits: rateLimitsResponse,
  getRateLimitLog: rateLimitLogResponse,
  getBillingBalance: billingBalanceResponse,
  getUsageHistory: usageHistoryResponse,
  getUsageAnalytics: usageAnalyticsResponse,
} as const;
