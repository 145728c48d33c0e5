import { clock } from './clock';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 s ago", "5 min ago", "3 h ago", "4 days ago"; future: "in 3 days". */
export function relativeTime(iso: string | number | null, now: number): string {
  if (iso === null) return 'never';
  const at = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(at)) return 'unknown';
  const diff = at - now;
  const abs = Math.abs(diff);
  let text: string;
  if (abs < 5 * SECOND) return 'just now';
  if (abs < MINUTE) text = `${Math.round(abs / SECOND)} s`;
  else if (abs < HOUR) text = `${Math.round(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.round(abs / HOUR)} h`;
  else {
    const days = Math.round(abs / DAY);
    text = `${days} day${days === 1 ? '' : 's'}`;
  }
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/**
 * How long ago (or until) `at`, kept current by the shared clock: only this text re-renders
 * each second. `past`: a moment that cannot be in the future (our own fetch time) never reads
 * "in 2 s" when the clocks disagree a little.
 */
export function Ago({ at, past = false }: { at: string | number | null; past?: boolean }) {
  const now = clock.value;
  const moment = typeof at === 'string' ? Date.parse(at) : at;
  return <>{relativeTime(at, past && moment !== null && moment > now ? moment : now)}</>;
}
