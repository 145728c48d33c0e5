/**
 * A key's own figures in the analytics snapshot. Apart from lib/usage/read.ts, so the key detail
 * and the account view share no chunk in the popup (each shared chunk is a file the popup's
 * initial load has to name).
 */
import type { UsageSnapshot } from './types';

/** A key's daily figures from `byKeyDaily`, by the series name analytics gives it. */
export function keySeries(snapshot: UsageSnapshot, seriesName: string): { date: number; value: number }[] {
  return snapshot.keyDaily.map((day) => ({ date: day.date, value: day.values[seriesName] ?? 0 }));
}

/**
 * The series name of a key in analytics: its row in `byKey` (by id) names it. Keys past the top
 * 50 are folded into "Other" by Venice, so they have no series of their own: null.
 */
export function seriesNameOf(snapshot: UsageSnapshot, apiKeyId: string): string | null {
  const row = snapshot.byKey.find((k) => k.apiKeyId === apiKeyId);
  if (!row || !snapshot.topKeyNames.includes(row.name)) return null;
  return row.name;
}
