/**
 * A 7-day sparkline for a key-list row: one polyline, no axes, its total in the accessible name.
 * Kept tiny (it renders in every row, up to 500): no hooks, no formatting library.
 */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return null;
  const max = Math.max(...values, 0.0001);
  const step = 48 / (values.length - 1);
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(15 - (v / max) * 14).toFixed(1)}`)
    .join(' ');
  return (
    <svg class="sparkline" width="48" height="16" viewBox="0 0 48 16" role="img" aria-label={label}>
      <polyline points={points} />
    </svg>
  );
}
