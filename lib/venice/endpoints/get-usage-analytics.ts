import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import { VeniceInvalidInputError } from '../errors';
import type { Transport } from '../request';
import { cappedList, finiteNumber, ROW_CAPS } from '../schemas';
import type { UsageAnalytics, UsageAnalyticsQuery } from '../types';
import { validateDateRange, validateLookback } from '../validation';

/** Chart rows `{ date: <ms>, <series>: number }`, copied into prototype-free objects. */
const seriesRow = lazy(() =>
  z.pipe(
    z.record(z.string(), finiteNumber()),
    z.transform((row) => {
      const out: Record<string, number> = Object.create(null);
      for (const [k, n] of Object.entries(row)) out[k] = n;
      return out;
    }),
  ),
);

export const usageAnalyticsResponse = lazy(() =>
  z.pipe(
    z.object({
      lookback: z.string(),
      byDate: cappedList(
        z.object({ date: z.string(), USD: finiteNumber(), DIEM: finiteNumber() }),
        ROW_CAPS.analyticsRows,
      ),
      byModel: cappedList(
        z.object({
          modelName: z.string(),
          unitType: z.string(),
          modelType: z.nullish(z.string()),
          totalUsd: finiteNumber(),
          totalDiem: finiteNumber(),
          totalUnits: finiteNumber(),
          breakdown: z.nullish(
            z.array(
              z.object({
                type: z.string(),
                usd: finiteNumber(),
                diem: finiteNumber(),
                units: finiteNumber(),
              }),
            ),
          ),
        }),
        ROW_CAPS.analyticsRows,
      ),
      byKey: cappedList(
        z.object({
          apiKeyId: z.nullable(z.string()),
          description: z.string(),
          totalUsd: finiteNumber(),
          totalDiem: finiteNumber(),
          totalUnits: finiteNumber(),
        }),
        ROW_CAPS.analyticsRows,
      ),
      byModelDaily: cappedList(seriesRow(), ROW_CAPS.analyticsRows),
      byKeyDaily: cappedList(seriesRow(), ROW_CAPS.analyticsRows),
      topModels: cappedList(z.string(), ROW_CAPS.analyticsRows),
      topKeyNames: cappedList(z.string(), ROW_CAPS.analyticsRows),
    }),
    z.transform(
      (v): UsageAnalytics => ({
        lookback: v.lookback,
        byDate: v.byDate.map((d) => ({ date: d.date, USD: d.USD, DIEM: d.DIEM })),
        byModel: v.byModel.map((m) => ({
          modelName: m.modelName,
          unitType: m.unitType,
          modelType: m.modelType ?? null,
          totalUsd: m.totalUsd,
          totalDiem: m.totalDiem,
          totalUnits: m.totalUnits,
          ...(m.breakdown
            ? {
                breakdown: m.breakdown.map((b) => ({
                  type: b.type,
                  usd: b.usd,
                  diem: b.diem,
                  units: b.units,
                })),
              }
            : {}),
        })),
        byKey: v.byKey.map((k) => ({
          apiKeyId: k.apiKeyId,
          description: k.description,
          totalUsd: k.totalUsd,
          totalDiem: k.totalDiem,
          totalUnits: k.totalUnits,
        })),
        byModelDaily: v.byModelDaily,
        byKeyDaily: v.byKeyDaily,
        topModels: v.topModels,
        topKeyNames: v.topKeyNames,
      }),
    ),
  ),
);

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
