/**
 * Tolerant reading of usage figures: Venice's analytics (already typed by lib/venice) and our
 * own stored cache (written by any earlier version, or damaged). A row that cannot be read is
 * dropped and counted, never guessed at; names and units we do not know are kept as they are.
 */
import type { ErrorCode } from '@/lib/errors';
import type { UsageAnalytics } from '@/lib/venice/types';
import type {
  KeyUsageSlice,
  SeriesDay,
  UsageCacheEntry,
  UsageDay,
  UsageOverview,
  UsageSlice,
  UsageSnapshot,
  UsageWindowDays,
} from './types';

/** Venice caches usage-analytics for 10 minutes: asking sooner returns the same figures. */
export const ANALYTICS_REFRESH_MS = 10 * 60_000;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | null {
  // Venice sends usage figures as strings in some places (FACTS §6 item 3).
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

/**
 * Reads one analytics body (typed or raw) into a snapshot; never throws. `series: false` leaves
 * the per-key and per-model daily series out (empty): the account view draws none of them, and
 * with 90 days × 50 keys they are most of the figures to read.
 */
export function readUsage(raw: UsageAnalytics | unknown, { series: withSeries = true } = {}): UsageSnapshot {
  const body = isRecord(raw) ? raw : {};
  let unreadable = 0;

  const days: UsageDay[] = [];
  for (const row of list(body.byDate ?? body.days)) {
    if (!isRecord(row)) {
      unreadable += 1;
      continue;
    }
    // Venice's UPPERCASE keys; our stored cache's lowercase ones.
    const usd = num(row.USD ?? row.usd);
    const diem = num(row.DIEM ?? row.diem);
    if (typeof row.date !== 'string' || !DATE_PATTERN.test(row.date) || usd === null || diem === null) {
      unreadable += 1;
      continue;
    }
    days.push({ date: row.date, usd, diem });
  }

  const slice = (row: unknown, name: unknown): UsageSlice | null => {
    if (!isRecord(row) || typeof name !== 'string') return null;
    const usd = num(row.totalUsd ?? row.usd);
    const diem = num(row.totalDiem ?? row.diem);
    const units = num(row.totalUnits ?? row.units) ?? 0;
    if (usd === null || diem === null) return null;
    return { name, usd, diem, units };
  };

  const byKey: KeyUsageSlice[] = [];
  for (const row of list(body.byKey)) {
    const read = isRecord(row) ? slice(row, row.description ?? row.name) : null;
    const id = isRecord(row) ? row.apiKeyId : undefined;
    if (!read || !(typeof id === 'string' || id === null)) {
      unreadable += 1;
      continue;
    }
    byKey.push({ ...read, apiKeyId: id });
  }

  const byModel: UsageSlice[] = [];
  for (const row of list(body.byModel)) {
    const read = isRecord(row) ? slice(row, row.modelName ?? row.name) : null;
    if (!read) {
      unreadable += 1;
      continue;
    }
    byModel.push(read);
  }

  const series = (value: unknown): SeriesDay[] => {
    const out: SeriesDay[] = [];
    for (const row of list(value)) {
      if (!isRecord(row)) {
        unreadable += 1;
        continue;
      }
      const date = num(row.date);
      const source = isRecord(row.values) ? row.values : row;
      if (date === null) {
        unreadable += 1;
        continue;
      }
      const values: Record<string, number> = Object.create(null);
      for (const [name, value] of Object.entries(source)) {
        if (source === row && name === 'date') continue;
        const n = num(value);
        if (n !== null) values[name] = n;
      }
      out.push({ date, values });
    }
    return out.sort((a, b) => a.date - b.date);
  };

  return {
    lookback: typeof body.lookback === 'string' ? body.lookback : '',
    days: days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    byKey,
    byModel,
    keyDaily: withSeries ? series(body.byKeyDaily ?? body.keyDaily) : [],
    modelDaily: withSeries ? series(body.byModelDaily ?? body.modelDaily) : [],
    topKeyNames: strings(body.topKeyNames),
    topModels: strings(body.topModels),
    unreadableRows: unreadable + (num(body.unreadableRows) ?? 0),
  };
}

export function emptyEntry(windowDays: UsageWindowDays): UsageCacheEntry {
  return { windowDays, ownerEntryId: null, fetchedAt: null, snapshot: null, error: null };
}

/** Reads one window's entry tolerantly: anything unreadable gives an empty entry, never a throw. */
export function readEntry(
  stored: Partial<Record<string, unknown>> | null | undefined,
  windowDays: UsageWindowDays,
  options?: { series: boolean },
): UsageCacheEntry {
  const raw = stored?.[String(windowDays)];
  if (typeof raw !== 'object' || raw === null) return emptyEntry(windowDays);
  const r = raw as Record<string, unknown>;
  const error =
    typeof r.error === 'object' &&
    r.error !== null &&
    typeof (r.error as { code?: unknown }).code === 'string' &&
    typeof (r.error as { message?: unknown }).message === 'string'
      ? // A cache, read by the pages too: its code is kept as stored (only its message is shown).
        { code: (r.error as { code: ErrorCode }).code, message: (r.error as { message: string }).message }
      : null;
  return {
    windowDays,
    ownerEntryId: typeof r.ownerEntryId === 'string' ? r.ownerEntryId : null,
    fetchedAt: typeof r.fetchedAt === 'number' && Number.isFinite(r.fetchedAt) ? r.fetchedAt : null,
    snapshot: r.snapshot === null || r.snapshot === undefined ? null : readUsage(r.snapshot, options),
    error,
  };
}

/** An entry with its age at `now` (the background's answer, or the popup's own read of the cache). */
export function withAge(entry: UsageCacheEntry, now: number): UsageOverview {
  return {
    ...entry,
    ageMs: entry.fetchedAt === null ? null : Math.max(0, now - entry.fetchedAt),
    nextRefreshAt: entry.fetchedAt === null ? null : entry.fetchedAt + ANALYTICS_REFRESH_MS,
  };
}
