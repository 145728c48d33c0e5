// Built once: toLocaleString with options builds a new formatter on every call, and a 90-day
// chart with its table formats a few hundred figures (the usage view's paint budget).
const TWO = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const FOUR = new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
const DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** Money as the charts write it (their own copy: chart code never pulls in a page's helpers). */
export function money(value: number, unit: 'USD' | 'DIEM'): string {
  const text = (value !== 0 && Math.abs(value) < 0.01 ? FOUR : TWO).format(value);
  return unit === 'USD' ? `$${text}` : `${text} DIEM`;
}

/** "Mar 15" for a UTC day (Unix ms or YYYY-MM-DD). */
export function dayLabel(day: number | string): string {
  const ms = typeof day === 'number' ? day : Date.parse(`${day}T00:00:00Z`);
  return DAY.format(new Date(ms));
}
