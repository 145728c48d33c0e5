/** The usage ledger as CSV: Venice's own columns (its `Accept: text/csv` export), one row per entry. */
import type { UsageHistoryEntry } from '@/lib/venice/types';

/** The CSV columns of Venice's own usage-history CSV export (`Accept: text/csv`), in its order. */
export const USAGE_CSV_COLUMNS = [
  'timestamp',
  'sku',
  'pricePerUnitUsd',
  'units',
  'amount',
  'currency',
  'notes',
  'inferenceDetails.requestId',
  'inferenceDetails.inferenceExecutionTime',
  'inferenceDetails.promptTokens',
  'inferenceDetails.completionTokens',
] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would make a spreadsheet run the cell as a formula; quote-prefix it.
  const safe = /^[=+@\t\r]/.test(text) || (/^-/.test(text) && Number.isNaN(Number(text))) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function usageCsvRow(entry: UsageHistoryEntry): string {
  const d = entry.inferenceDetails;
  return [
    entry.timestamp,
    entry.sku,
    entry.pricePerUnitUsd,
    entry.units,
    entry.amount,
    entry.currency,
    entry.notes,
    d?.requestId,
    d?.inferenceExecutionTime,
    d?.promptTokens,
    d?.completionTokens,
  ]
    .map(csvCell)
    .join(',');
}
