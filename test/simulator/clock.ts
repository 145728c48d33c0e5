/**
 * The simulator's only source of time. Every expiry, rate window, epoch boundary and
 * timestamp reads `clock.now()`, so a test can jump 15 minutes ahead with `advance()`
 * instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, simulator time. */
  now(): number;
  /** Moves simulator time forward (never backward). */
  advance(ms: number): void;
  /** Forgets every advance. */
  reset(): void;
}

export function createClock(base: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('advance(ms) needs a finite, non-negative number');
      offsetMs += ms;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** ISO-8601 with milliseconds, as Venice prints times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function startOfUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function nextUtcMidnight(ms: number): number {
  return startOfUtcDay(ms) + DAY_MS;
}

export function startOfUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** `YYYY-MM-DD` of a UTC day. */
export function utcDate(ms: number): string {
  return iso(ms).slice(0, 10);
}
