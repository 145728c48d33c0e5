/**
 * Seven-day sparklines for the key list. Their reader and the sparkline itself (sparks-data.ts)
 * load after the list's first paint, which carries none of them.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Sparks = ReadonlyMap<string, number[]>;

export interface WeekSparks {
  sparks: Sparks;
  /** The sparkline component, once its chunk is in (there are no figures before). */
  Sparkline: ComponentType<{ values: number[]; label: string }> | null;
}

const NONE: WeekSparks = { sparks: new Map(), Sparkline: null };

export function useWeekSparks(enabled: boolean): WeekSparks {
  const [week, setWeek] = useState<WeekSparks>(NONE);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void import('./sparks-data')
      .then(({ readWeekSparks, Sparkline }) =>
        readWeekSparks((sparks) => {
          if (live) setWeek({ sparks, Sparkline });
        }),
      )
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled]);
  return week;
}
