/**
 * Spend by key or by model: a ranked list of labelled bars (the name is the label, so slices are
 * told apart by text, not by colour), top N plus "Other" folded the way Venice folds its series.
 * A slice with `onOpen` is a button (a key opens its detail), one with `href` a link to it in a new
 * tab; the web app's row is plain text that says why it opens nothing.
 */
import { money } from './format';

export interface Slice {
  /** Stable id (a key id, "web-app", a model name, "other"). */
  id: string;
  name: string;
  usd: number;
  diem: number;
  onOpen?: () => void;
  /** Where the slice opens, in a new tab (the options page has no key detail of its own). */
  href?: string;
  /** Why the slice cannot be opened, said beside it (e.g. "Venice web app, not an API key"). */
  note?: string;
}

/** The first `top` slices as given (Venice ranks them), the rest summed into one "Other" slice. */
export function topWithOther<T extends { usd: number; diem: number }>(
  slices: T[],
  top: number,
  other: (usd: number, diem: number, count: number) => T,
): T[] {
  if (slices.length <= top) return slices;
  const rest = slices.slice(top);
  const usd = rest.reduce((sum, s) => sum + s.usd, 0);
  const diem = rest.reduce((sum, s) => sum + s.diem, 0);
  return [...slices.slice(0, top), other(usd, diem, rest.length)];
}

export function Slices({ title, slices }: { title: string; slices: Slice[] }) {
  const max = Math.max(...slices.map((s) => s.usd + s.diem), 0.0001);
  const total = slices.reduce((sum, s) => sum + s.usd + s.diem, 0);
  const first = slices[0];
  const summary =
    !first || total === 0
      ? 'No spend.'
      : `${slices.length} ${slices.length === 1 ? 'entry' : 'entries'}; the largest is ${first.name} with ${money(first.usd, 'USD')} and ${money(first.diem, 'DIEM')}.`;
  return (
    <section class="chart" aria-label={title}>
      <h3>{title}</h3>
      <p class="chart__summary">{summary}</p>
      <ul class="slices">
        {slices.map((s) => {
          const amounts = `${money(s.usd, 'USD')} · ${money(s.diem, 'DIEM')}`;
          return (
            <li key={s.id}>
              {s.href ? (
                <a
                  class="slices__name"
                  href={s.href}
                  target="_blank"
                  rel="noopener"
                  aria-label={`Open ${s.name} in a new tab: ${amounts}`}
                >
                  {s.name}
                </a>
              ) : s.onOpen ? (
                <button
                  type="button"
                  class="link slices__name"
                  onClick={s.onOpen}
                  aria-label={`Open ${s.name}: ${amounts}`}
                >
                  {s.name}
                </button>
              ) : (
                <span class="slices__name">
                  {s.name}
                  {s.note && <span class="muted"> ({s.note})</span>}
                </span>
              )}
              <span>{amounts}</span>
              <span class="slices__bar" aria-hidden="true">
                <span style={{ width: `${((s.usd + s.diem) / max) * 100}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
