import { lazy } from '@/lib/lazy';
import { z } from '@/lib/zod';
import { type FieldError, VeniceInvalidInputError } from '../errors';
import type { Transport } from '../request';
import { cappedList, finiteNumber, isoDateString, ROW_CAPS } from '../schemas';
import type { UsageHistoryPage, UsageHistoryQuery } from '../types';
import {
  USAGE_HISTORY_CURRENCIES,
  USAGE_HISTORY_PAGE_SIZE_MAX,
  USAGE_HISTORY_PAGE_SIZE_MIN,
  validateUsageCursor,
  validateUsageTimestamp,
} from '../validation';

const tokenCount = lazy(() => z.nullish(z.number().check(z.int())));

export const usageHistoryResponse = lazy(() =>
  z.pipe(
    z.object({
      data: cappedList(
        z.object({
          amount: finiteNumber(),
          currency: z.string(),
          inferenceDetails: z.nullish(
            z.object({
              requestId: z.string(),
              promptTokens: tokenCount(),
              completionTokens: tokenCount(),
              inferenceExecutionTime: tokenCount(),
            }),
          ),
          notes: z.nullish(z.string()),
          pricePerUnitUsd: finiteNumber(),
          sku: z.string(),
          timestamp: isoDateString(),
          units: finiteNumber(),
        }),
        ROW_CAPS.historyPage,
      ),
      nextCursor: z.nullish(z.string().check(z.minLength(1))),
    }),
    z.transform(
      (v): UsageHistoryPage => ({
        data: v.data.map((e) => ({
          amount: e.amount,
          currency: e.currency,
          inferenceDetails: e.inferenceDetails
            ? {
                requestId: e.inferenceDetails.requestId,
                promptTokens: e.inferenceDetails.promptTokens ?? null,
                completionTokens: e.inferenceDetails.completionTokens ?? null,
                inferenceExecutionTime: e.inferenceDetails.inferenceExecutionTime ?? null,
              }
            : null,
          notes: e.notes ?? '',
          pricePerUnitUsd: e.pricePerUnitUsd,
          sku: e.sku,
          timestamp: e.timestamp,
          units: e.units,
        })),
        nextCursor: v.nextCursor ?? null,
      }),
    ),
  ),
);

const endpoint = 'GET /billing/usage-history';

/** The query Venice accepts: with a cursor, only the cursor (Venice refuses filters next to one). */
export function usageHistoryQueryParams(query: UsageHistoryQuery = {}): Record<string, string | undefined> {
  const errors: FieldError[] = [];
  const check = (field: string, result: { ok: true } | { ok: false; reason: string }) => {
    if (!result.ok) errors.push({ field, message: result.reason });
  };
  if (query.cursor !== undefined) {
    check('cursor', validateUsageCursor(query.cursor));
    if (errors.length) throw new VeniceInvalidInputError(errors, { endpoint });
    return { cursor: query.cursor };
  }
  const { startTimestamp, endTimestamp, currency, pageSize } = query;
  if (startTimestamp !== undefined) check('startTimestamp', validateUsageTimestamp(startTimestamp));
  if (endTimestamp !== undefined) check('endTimestamp', validateUsageTimestamp(endTimestamp));
  if (
    startTimestamp !== undefined &&
    endTimestamp !== undefined &&
    errors.length === 0 &&
    Date.parse(endTimestamp) <= Date.parse(startTimestamp)
  ) {
    errors.push({ field: 'endTimestamp', message: 'The end must be later than the start.' });
  }
  if (currency !== undefined && !(USAGE_HISTORY_CURRENCIES as readonly string[]).includes(currency)) {
    errors.push({
      field: 'currency',
      message: 'The currency must be USD, DIEM, BUNDLED_CREDITS or EARNED_CREDITS.',
    });
  }
  if (
    pageSize !== undefined &&
    !(
      Number.isInteger(pageSize) &&
      pageSize >= USAGE_HISTORY_PAGE_SIZE_MIN &&
      pageSize <= USAGE_HISTORY_PAGE_SIZE_MAX
    )
  ) {
    errors.push({
      field: 'pageSize',
      message: `The page size must be a whole number from ${USAGE_HISTORY_PAGE_SIZE_MIN} to ${USAGE_HISTORY_PAGE_SIZE_MAX}.`,
    });
  }
  if (errors.length) throw new VeniceInvalidInputError(errors, { endpoint });
  return {
    startTimestamp,
    endTimestamp,
    currency,
    pageSize: pageSize === undefined ? undefined : String(pageSize),
  };
}

/** GET /billing/usage-history (ADMIN): one page of the ledger, ascending; `nextCursor` null on the last. */
export async function getUsageHistory(
  transport: Transport,
  secret: string,
  query?: UsageHistoryQuery,
): Promise<UsageHistoryPage> {
  return transport.request({
    method: 'GET',
    path: '/billing/usage-history',
    query: usageHistoryQueryParams(query),
    endpoint,
    secret,
    schema: usageHistoryResponse,
  });
}
