import { useLayoutEffect, useState } from 'preact/hooks';
import { serializeError } from '@/lib/error-shape';
import type { UsageOverview, UsageWindowDays } from '@/lib/usage/types';

/** The background's two usage methods, passed in by the page (components/ sends no messages). */
export interface UsageSource {
  /** The cached figures, at once (`usage.overview`). */
  cached: (windowDays: UsageWindowDays) => Promise<UsageOverview>;
  /** Fresh figures (`usage.refresh`; the background asks Venice only when the cache is old). */
  fresh: (windowDays: UsageWindowDays) => Promise<UsageOverview>;
}

/**
 * Loads a usage window: the cache first, painted at once, then a refresh. Choosing another
 * window meanwhile drops the answers for the old one. The popup's usage view and the options
 * page's usage section share it.
 */
export function useUsageOverview(source: UsageSource, windowDays: UsageWindowDays) {
  const [overview, setOverview] = useState<UsageOverview | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  /** When the last fresh answer arrived. */
  const [freshAt, setFreshAt] = useState(Date.now());

  // A layout effect: the cache read starts as the view is put in the DOM, not a frame later (a
  // plain effect waits for the next animation frame, or 35 ms in a page that gets none).
  useLayoutEffect(() => {
    let live = true;
    setFailure(null);
    void (async () => {
      try {
        const cached = await source.cached(windowDays);
        if (!live) return;
        setOverview(cached);
        setRefreshing(true);
        const fresh = await source.fresh(windowDays);
        if (live) {
          setOverview(fresh);
          setFreshAt(Date.now());
        }
      } catch (err) {
        if (live) setFailure(serializeError(err).message);
      } finally {
        if (live) setRefreshing(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [windowDays]);

  return { overview, refreshing, failure, freshAt };
}
