/**
 * One key's daily spend as a line, with its cap drawn as a dashed line when it has one. A summary
 * sentence and a table say the same for anyone who does not read the picture.
 */
import { dayLabel, money } from './format';

const WIDTH = 360;
const HEIGHT = 90;
const BOTTOM = 12;

export function SeriesLine({
  title,
  points,
  unit,
  cap,
  cumulative = false,
}: {
  title: string;
  points: { date: number; value: number }[];
  unit: 'USD' | 'DIEM';
  /** The key's cap in the same unit, drawn as a line; null = no cap. */
  cap: { amount: number; label: string } | null;
  /** The points are a running total (spend in the period so far), not daily figures. */
  cumulative?: boolean;
}) {
  const last = points.at(-1);
  const total = cumulative ? (last?.value ?? 0) : points.reduce((sum, p) => sum + p.value, 0);
  const max = Math.max(...points.map((p) => p.value), cap?.amount ?? 0, 0.0001);
  const plot = HEIGHT - BOTTOM;
  const step = WIDTH / Math.max(points.length - 1, 1);
  const y = (v: number) => plot - (v / max) * (plot - 4);
  const path = points.map((p, i) => `${(i * step).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const span =
    cumulative && last ? `spent in the period by ${dayLabel(last.date)}` : `over ${points.length} days`;
  const summary = `${money(total, unit)} ${span}${cap ? `; ${cap.label}: ${money(cap.amount, unit)}` : ''}.`;
  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong>
        <p class="chart__summary">{summary}</p>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${summary}`}>
        <line class="chart__axis" x1="0" x2={WIDTH} y1={plot} y2={plot} />
        {cap && <line class="chart__cap" x1="0" x2={WIDTH} y1={y(cap.amount)} y2={y(cap.amount)} />}
        <polyline class="chart__line" points={path} />
        {points.length > 0 && (
          <>
            <text class="chart__label" x="0" y={HEIGHT - 1}>
              {dayLabel(points[0]?.date ?? 0)}
            </text>
            <text class="chart__label" x={WIDTH} y={HEIGHT - 1} text-anchor="end">
              {dayLabel(points.at(-1)?.date ?? 0)}
            </text>
          </>
        )}
      </svg>
      {cap && (
        <div class="chart__legend" aria-hidden="true">
          <span>
            <span class="chart__swatch chart__swatch--cap" />
            {cap.label} (dashed)
          </span>
        </div>
      )}
      <details>
        <summary>Table of {title.toLowerCase()}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.date}>
                <th scope="row">{new Date(p.date).toISOString().slice(0, 10)}</th>
                <td>{money(p.value, unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
