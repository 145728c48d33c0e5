import { VeniceInvalidInputError } from '../errors';
import type { Transport } from '../request';
import { usageAnalyticsResponse } from '../schemas';
import type { UsageAnalytics, UsageAnalyticsQuery } from '../types';
import { validateDateRange, validateLookback } from '../validation';

const endpoint = 'GET /billing/usage-analytics';

/** Either `lookback` or both dates; Venice silently ignores a lone date, so we refuse one. */
export function usageAnalyticsQueryParams(
  query: UsageAnalyticsQuery = {},
): Record<string, string | undefined> {
  const q = query as { lookback?: string; startDate?: string; endDate?: string };
  if (q.startDate !== undefined || q.endDate !== undefined) {
    if (q.lookback !== undefined) {
      throw new VeniceInvalidInputError(
        [{ field: 'lookback', message: 'Give either a period or two dates, not both.' }],
        {
          endpoint,
        },
      );
    }
    const range = validateDateRange(q.startDate ?? '', q.endDate ?? '');
    if (!range.ok)
      throw new VeniceInvalidInputError([{ field: 'startDate', message: range.reason }], { endpoint });
    return { startDate: q.startDate, endDate: q.endDate };
  }
  if (q.lookback === undefined) return {};
  const lookback = validateLookback(q.lookback);
  if (!lookback.ok)
    throw new VeniceInvalidInputError([{ field: 'lookback', message: lookback.reason }], { endpoint });
  return { lookback: q.lookback };
}

/** GET /billing/usage-analytics (ADMIN): aggregates, cached 10 minutes by Venice. */
export async function getUsageAnalytics(
  transport: Transport,
  secret: string,
  query?: UsageAnalyticsQuery,
): Promise<UsageAnalytics> {
  return transport.request({
    method: 'GET',
    path: '/billing/usage-analytics',
    query: usageAnalyticsQueryParams(query),
    endpoint,
    secret,
    schema: usageAnalyticsResponse,
  });
}
