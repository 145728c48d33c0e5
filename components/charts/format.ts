/** Money as the charts write it (their own copy: chart code never pulls in a page's helpers). */
export function money(value: number, unit: 'USD' | 'DIEM'): string {
  const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return unit === 'USD' ? `$${text}` : `${text} DIEM`;
}

/** "Mar 15" for a UTC day (Unix ms or YYYY-MM-DD). */
export function dayLabel(day: number | string): string {
  const ms = typeof day === 'number' ? day : Date.parse(`${day}T00:00:00Z`);
  return new Date(ms).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
