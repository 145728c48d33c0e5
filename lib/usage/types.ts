/**
 * Usage at a glance: what the background keeps of `/billing/usage-analytics` (FACTS §3.9), in one
 * spelling per field. Venice's own names stay where they are names (key and model series).
 */
import type { SerializedError } from '@/lib/errors';

/** The windows the views offer (Venice computes at most 90 days). */
export const USAGE_WINDOWS = [7, 30, 90] as const;
export type UsageWindowDays = (typeof USAGE_WINDOWS)[number];

export interface UsageDay {
  /** YYYY-MM-DD (UTC), as Venice sends it in `byDate`. */
  date: string;
  usd: number;
  diem: number;
}

export interface UsageSlice {
  /** The series name Venice uses (key description, "Key ...<id tail>", "Web App", model name, "Other"). */
  name: string;
  usd: number;
  diem: number;
  units: number;
}

export interface KeyUsageSlice extends UsageSlice {
  /** null = usage from the Venice web app (no API key). */
  apiKeyId: string | null;
}

/** A daily series row: the day (UTC midnight, Unix ms) and one figure per series name. */
export interface SeriesDay {
  date: number;
  values: Record<string, number>;
}

export interface UsageSnapshot {
  lookback: string;
  days: UsageDay[];
  byKey: KeyUsageSlice[];
  byModel: UsageSlice[];
  keyDaily: SeriesDay[];
  modelDaily: SeriesDay[];
  /** Series names in Venice's order; "Other" is last when Venice grouped the rest. */
  topKeyNames: string[];
  topModels: string[];
  /** Rows dropped because they could not be read (a bad date, a non-number figure). */
  unreadableRows: number;
}

export interface UsageCacheEntry {
  windowDays: UsageWindowDays;
  /** The vault entry of the management key these figures belong to: another key = another account. */
  ownerEntryId: string | null;
  fetchedAt: number | null;
  snapshot: UsageSnapshot | null;
  /** The last refresh's failure (504 = window too long), kept beside the last good figures. */
  error: SerializedError | null;
}

export interface UsageOverview extends UsageCacheEntry {
  /** ms since fetchedAt, at the time of the answer. */
  ageMs: number | null;
  /** When a refresh may ask Venice again (Venice recomputes every 10 minutes). */
  nextRefreshAt: number | null;
}
