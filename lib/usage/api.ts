import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { z } from '@/lib/zod';
import { getUsageService } from './index';

const windowInput = lazy(() =>
  z.object({ windowDays: z.union([z.literal(7), z.literal(30), z.literal(90)]) }),
);
const isoInput = lazy(() =>
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'Not a UTC time')),
);

/** The view's shell holds the chart and a few top-N lists: far below this; beyond it, nothing is saved. */
const SHELL_MAX = 200_000;

export const usageApi = {
  /** The cached analytics of one window and their age: no network, for the first paint. */
  'usage.overview': method(windowInput, ({ windowDays }) => getUsageService().overview(windowDays)),
  /** Asks Venice unless the cached figures are younger than 10 minutes; failures land in `error`. */
  'usage.refresh': method(windowInput, ({ windowDays }) => getUsageService().refresh(windowDays)),
  /** The popup's markup of the usage view it drew from the figures of `fetchedAt`, for its next opening. */
  'usage.saveShell': method(
    () =>
      z.object({
        windowDays: z.union([z.literal(7), z.literal(30), z.literal(90)]),
        fetchedAt: z.number(),
        html: z.string().check(z.maxLength(SHELL_MAX)),
      }),
    ({ windowDays, fetchedAt, html }) => getUsageService().saveShell(windowDays, fetchedAt, html),
  ),
  /** One page of the usage ledger as CSV lines (the export writes each page to disk as it comes). */
  'usage.exportPage': method(
    () =>
      z.union([
        z.object({
          startTimestamp: isoInput(),
          endTimestamp: isoInput(),
          pageSize: z.number().check(z.int(), z.minimum(10), z.maximum(1000)),
          skipAtStart: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000))),
        }),
        z.strictObject({ cursor: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,512}$/, 'Not a cursor')) }),
      ]),
    (query) => getUsageService().exportPage(query),
  ),
};
