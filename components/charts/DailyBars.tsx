/**
 * Spend by day as bars: USD solid, DIEM hatched beside it, with a one-line summary and the same
 * figures as a table for screen readers and anyone who wants the numbers.
 *
 * Our own ~100 lines of SVG rather than a chart library: the popup needs three simple shapes
 * (bars, a line, a sparkline), each library we looked at (Chart.js, uPlot, visx) would add
 * 40–200 kB to a popup whose whole budget is 25 kB, draws to canvas (no text alternative) or
 * needs React; and SVG takes the page's CSS variables, so dark mode costs nothing.
 */
import { useMemo, useState } from 'preact/hooks';
import { dayLabel, money } from './format';

export interface DailyBarsProps {
  title: string;
  days: { date: string; usd: number; diem: number }[];
}

const WIDTH = 360;
const HEIGHT = 110;
const BOTTOM = 14;

/** Two decimals are finer than a pixel of a 360-unit chart; shorter path text parses faster. */
const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The bars of one series as one path (a subpath per day): 90 days are two nodes to build, style
 * and lay out rather than 180.
 */
export function barsPath(
  heights: number[],
  slot: number,
  offset: number,
  width: number,
  base: number,
): string {
  let d = '';
  heights.forEach((h, i) => {
    if (h > 0) d += `M${r2(i * slot + offset)} ${r2(base)}v${r2(-h)}h${r2(width)}v${r2(h)}z`;
  });
  return d;
}

/** Everything the chart draws and says, worked out once per set of days. */
function layout(days: DailyBarsProps['days']) {
  let totalUsd = 0;
  let totalDiem = 0;
  let max = 0.0001;
  let peak = days[0] ?? { date: '', usd: 0, diem: 0 };
  for (const d of days) {
    totalUsd += d.usd;
    totalDiem += d.diem;
    max = Math.max(max, d.usd, d.diem);
    if (d.usd + d.diem > peak.usd + peak.diem) peak = d;
  }
  const slot = WIDTH / Math.max(days.length, 1);
  const bar = Math.max(0.6, slot / 2 - 0.4);
  const plot = HEIGHT - BOTTOM;
  const labelEvery = Math.ceil(days.length / 6);
  return {
    summary:
      totalUsd + totalDiem === 0
        ? `No spend in these ${days.length} days.`
        : `${money(totalUsd, 'USD')} and ${money(totalDiem, 'DIEM')} over ${days.length} days; the busiest day was ${dayLabel(peak.date)} (${money(peak.usd, 'USD')}, ${money(peak.diem, 'DIEM')}).`,
    usd: barsPath(
      days.map((d) => (d.usd / max) * plot),
      slot,
      0,
      bar,
      plot,
    ),
    diem: barsPath(
      days.map((d) => (d.diem / max) * plot),
      slot,
      bar,
      bar,
      plot,
    ),
    labels: days.flatMap((d, i) =>
      i % labelEvery === 0 ? [{ x: r2(i * slot), text: dayLabel(d.date) }] : [],
    ),
    plot,
  };
}

export function DailyBars({ title, days }: DailyBarsProps) {
  const { summary, usd, diem, labels, plot } = useMemo(() => layout(days), [days]);
  // The table's rows are built when it is first opened: closed, they are neither seen nor read
  // out, and 90 rows of formatted figures were most of the chart's first paint.
  const [tableOpened, setTableOpened] = useState(false);
  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong>
        <p class="chart__summary">{summary}</p>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${summary}`}>
        <defs>
          <pattern
            id="chart-hatch"
            width="4"
            height="4"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <line class="chart__hatch-line" x1="0" y1="0" x2="0" y2="4" />
          </pattern>
        </defs>
        <line class="chart__axis" x1="0" x2={WIDTH} y1={plot} y2={plot} />
        {usd && <path class="chart__usd" d={usd} />}
        {diem && <path class="chart__diem" d={diem} />}
        {labels.map((l) => (
          <text key={l.x} class="chart__label" x={l.x} y={HEIGHT - 2}>
            {l.text}
          </text>
        ))}
      </svg>
      <div class="chart__legend" aria-hidden="true">
        <span>
          <span class="chart__swatch chart__swatch--usd" />
          USD (solid)
        </span>
        <span>
          <span class="chart__swatch chart__swatch--diem" />
          DIEM (hatched)
        </span>
      </div>
      <details onToggle={(e) => e.currentTarget.open && setTableOpened(true)}>
        <summary>Table of {title.toLowerCase()}</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">USD</th>
              <th scope="col">DIEM</th>
            </tr>
          </thead>
          <tbody>
            {tableOpened &&
              days.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>{money(d.usd, 'USD')}</td>
                  <td>{money(d.diem, 'DIEM')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
