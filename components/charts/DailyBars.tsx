/**
 * Spend by day as bars: USD solid, DIEM hatched beside it, with a one-line summary and the same
 * figures as a table for screen readers and anyone who wants the numbers.
 *
 * Our own ~100 lines of SVG rather than a chart library: the popup needs three simple shapes
 * (bars, a line, a sparkline), each library we looked at (Chart.js, uPlot, visx) would add
 * 40–200 kB to a popup whose whole budget is 25 kB, draws to canvas (no text alternative) or
 * needs React; and SVG takes the page's CSS variables, so dark mode costs nothing.
 */
import { dayLabel, money } from './format';

export interface DailyBarsProps {
  title: string;
  days: { date: string; usd: number; diem: number }[];
}

const WIDTH = 360;
const HEIGHT = 110;
const BOTTOM = 14;

export function DailyBars({ title, days }: DailyBarsProps) {
  const totalUsd = days.reduce((sum, d) => sum + d.usd, 0);
  const totalDiem = days.reduce((sum, d) => sum + d.diem, 0);
  const peak = days.reduce(
    (best, d) => (d.usd + d.diem > best.usd + best.diem ? d : best),
    days[0] ?? {
      date: '',
      usd: 0,
      diem: 0,
    },
  );
  const max = Math.max(...days.map((d) => Math.max(d.usd, d.diem)), 0.0001);
  const slot = WIDTH / Math.max(days.length, 1);
  const bar = Math.max(0.6, slot / 2 - 0.4);
  const plot = HEIGHT - BOTTOM;
  const summary =
    totalUsd + totalDiem === 0
      ? `No spend in these ${days.length} days.`
      : `${money(totalUsd, 'USD')} and ${money(totalDiem, 'DIEM')} over ${days.length} days; the busiest day was ${dayLabel(peak.date)} (${money(peak.usd, 'USD')}, ${money(peak.diem, 'DIEM')}).`;
  const labelEvery = Math.ceil(days.length / 6);
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
        {days.map((d, i) => {
          const x = i * slot;
          const hu = (d.usd / max) * plot;
          const hd = (d.diem / max) * plot;
          return (
            <g key={d.date}>
              {hu > 0 && <rect class="chart__usd" x={x} y={plot - hu} width={bar} height={hu} />}
              {hd > 0 && <rect class="chart__diem" x={x + bar} y={plot - hd} width={bar} height={hd} />}
              {i % labelEvery === 0 && (
                <text class="chart__label" x={x} y={HEIGHT - 2}>
                  {dayLabel(d.date)}
                </text>
              )}
            </g>
          );
        })}
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
      <details>
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
            {days.map((d) => (
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
