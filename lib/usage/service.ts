/**
 * Usage in the background: analytics cached per window with its age and refreshed no more often
 * than Venice recomputes them (10 minutes, FACTS §3.9), and the usage-history ledger handed out
 * one page at a time for the CSV export (the page writes it to disk as it goes; nothing here
 * holds more than one page). Everything comes in through `UsageServiceDeps`, so tests run it
 * against a fake Venice client and an in-memory store.
 */
import { AppError, serializeError } from '@/lib/errors';
import { VeniceValidationError } from '@/lib/venice/errors';
import type { UsageHistoryQuery, VeniceClient } from '@/lib/venice/types';
import { usageCsvRow } from './csv';
import { ANALYTICS_REFRESH_MS, withAge as ageAt, readUsage } from './read';
import type { UsageStore } from './store';
import type { UsageCacheEntry, UsageOverview, UsageWindowDays } from './types';

export interface UsageServiceDeps {
  getClient(purpose: 'analytics' | 'export'): Promise<VeniceClient>;
  /** The management (ADMIN) key, or the error that says why there is none (locked, no key…). */
  getManagementKey(): Promise<{ entryId: string; secret: string }>;
  store: UsageStore;
  now(): number;
}

/** The usage-history cursor expired or was refused: restart the walk from the first page. */
export class UsageCursorExpiredError extends AppError {
  override name = 'UsageCursorExpiredError';
  constructor() {
    super('usage.cursor_expired');
  }
}

export interface UsageExportPage {
  /** CSV lines of this page, each ending in CRLF (no header). */
  csv: string;
  rows: number;
  nextCursor: string | null;
  /** Timestamps of this page's last row and how many rows of the page share it (for a restart). */
  lastTimestamp: string | null;
  lastTimestampRows: number;
}

export { USAGE_CSV_COLUMNS, usageCsvRow } from './csv';

export type UsageService = ReturnType<typeof createUsageService>;

export function createUsageService(deps: UsageServiceDeps) {
  const inflight = new Map<UsageWindowDays, Promise<UsageOverview>>();

  const withAge = (entry: UsageCacheEntry): UsageOverview => ageAt(entry, deps.now());

  /** The popup's markup of the usage view drawn from the stored figures of `fetchedAt` (lib/usage/store.ts). */
  function saveShell(windowDays: UsageWindowDays, fetchedAt: number, html: string): Promise<boolean> {
    return deps.store.saveShell(windowDays, fetchedAt, html);
  }

  /** The cached figures and their age: no network, for the first paint. */
  async function overview(windowDays: UsageWindowDays): Promise<UsageOverview> {
    return withAge(await deps.store.read(windowDays));
  }

  async function load(windowDays: UsageWindowDays): Promise<UsageOverview> {
    const management = await deps.getManagementKey();
    const cached = await deps.store.read(windowDays);
    const sameOwner = cached.ownerEntryId === management.entryId;
    const now = deps.now();
    // Venice would answer from its own 10-minute cache anyway; a failed attempt waits as long,
    // so a popup opened and closed in a loop never hammers a timing-out query.
    if (sameOwner && cached.fetchedAt !== null && now - cached.fetchedAt < ANALYTICS_REFRESH_MS) {
      return withAge(cached);
    }
    const client = await deps.getClient('analytics');
    let next: UsageCacheEntry;
    try {
      const analytics = await client.getUsageAnalytics(management.secret, {
        lookback: `${windowDays}d`,
      });
      next = {
        windowDays,
        ownerEntryId: management.entryId,
        fetchedAt: deps.now(),
        snapshot: readUsage(analytics),
        error: null,
      };
    } catch (err) {
      next = {
        windowDays,
        ownerEntryId: management.entryId,
        fetchedAt: deps.now(),
        // The last good figures of the same account stay visible beside the error.
        snapshot: sameOwner ? cached.snapshot : null,
        error: serializeError(err),
      };
    }
    await deps.store.write(next);
    return withAge(next);
  }

  /** Asks Venice unless the figures are younger than 10 minutes; a Venice failure is kept in `error`. */
  function refresh(windowDays: UsageWindowDays): Promise<UsageOverview> {
    const running = inflight.get(windowDays);
    if (running) return running;
    const run = load(windowDays).finally(() => inflight.delete(windowDays));
    inflight.set(windowDays, run);
    return run;
  }

  /**
   * One page of the ledger as CSV lines. A continuation carries only the cursor (FACTS §3.9); a
   * refused cursor becomes UsageCursorExpiredError so the page restarts from its last timestamp.
   */
  async function exportPage(
    query:
      | { startTimestamp: string; endTimestamp: string; pageSize: number; skipAtStart?: number }
      | { cursor: string },
  ): Promise<UsageExportPage> {
    const management = await deps.getManagementKey();
    const client = await deps.getClient('export');
    let page: Awaited<ReturnType<VeniceClient['getUsageHistory']>>;
    try {
      const { skipAtStart: _skip, ...venice } = query as { skipAtStart?: number };
      page = await client.getUsageHistory(management.secret, venice as UsageHistoryQuery);
    } catch (err) {
      if ('cursor' in query && err instanceof VeniceValidationError && /cursor/i.test(err.veniceMessage)) {
        throw new UsageCursorExpiredError();
      }
      throw err;
    }
    // After a restart the walk begins again at the last timestamp written; the rows of that
    // instant already written are the first ones again (the ledger is in a stable ascending order).
    let skip = 'startTimestamp' in query ? (query.skipAtStart ?? 0) : 0;
    let csv = '';
    let rows = 0;
    let lastTimestamp: string | null = null;
    let lastTimestampRows = 0;
    for (const entry of page.data) {
      if (
        skip > 0 &&
        'startTimestamp' in query &&
        Date.parse(entry.timestamp) === Date.parse(query.startTimestamp)
      ) {
        skip -= 1;
        continue;
      }
      skip = 0;
      csv += `${usageCsvRow(entry)}\r\n`;
      rows += 1;
      if (entry.timestamp === lastTimestamp) lastTimestampRows += 1;
      else {
        lastTimestamp = entry.timestamp;
        lastTimestampRows = 1;
      }
    }
    return { csv, rows, nextCursor: page.nextCursor, lastTimestamp, lastTimestampRows };
  }

  return { overview, refresh, exportPage, saveShell };
}
