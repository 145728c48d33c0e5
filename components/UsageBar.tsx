/** One cap with its current-period usage: "$3.20 of $10.00 daily" and a bar. Props in, nothing out. */
export interface UsageBarProps {
  /** "USD" or "DIEM". */
  currency: string;
  used: number | null;
  cap: number;
  /** daily / monthly / lifetime */
  period: string;
  format: (value: number) => string;
}

export function UsageBar({ currency, used, cap, period, format }: UsageBarProps) {
  const spent = used ?? 0;
  const ratio = cap > 0 ? spent / cap : spent > 0 ? 1 : 0;
  const label = `${currency} cap: ${used === null ? 'usage unknown' : format(spent)} of ${format(cap)} ${period}`;
  return (
    <div class="usage-bar" title={label}>
      <span class="usage-bar__text">
        {used === null ? '—' : format(spent)} of {format(cap)} {period}
      </span>
      <meter
        class="usage-bar__meter"
        min={0}
        max={Math.max(cap, 0.000001)}
        low={cap * 0.75}
        high={cap * 0.9}
        optimum={0}
        value={Math.min(spent, cap)}
        aria-label={label}
        data-ratio={ratio.toFixed(2)}
      />
    </div>
  );
}
