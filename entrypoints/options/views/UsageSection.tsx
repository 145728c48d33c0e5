/**
 * The options page's usage section: the account dashboard with Venice's own grouping (top 50 plus
 * "Other"), and the CSV export of the ledger. Loaded only when the section is opened.
 */
import { useEffect, useState } from 'preact/hooks';
import { UsageDashboard } from '@/components/usage/UsageDashboard';
import type { KeysOverview } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import type { UsageOverview, UsageWindowDays } from '@/lib/usage/types';
import { UsageExport } from './UsageExport';

/** Venice's analytics names its top 50 series and folds the rest into "Other". */
const VENICE_TOP_SERIES = 50;

export function UsageSection() {
  const [windowDays, setWindowDays] = useState<UsageWindowDays>(30);
  const [overview, setOverview] = useState<UsageOverview | null>(null);
  const [keys, setKeys] = useState<KeysOverview | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    void call('keys.list')
      .then(setKeys)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    let live = true;
    setFailure(null);
    void (async () => {
      try {
        const cached = await call('usage.overview', { windowDays });
        if (!live) return;
        setOverview(cached);
        setRefreshing(true);
        const fresh = await call('usage.refresh', { windowDays });
        if (live) {
          setOverview(fresh);
          setNow(Date.now());
        }
      } catch (err) {
        if (live) setFailure(err instanceof Error ? err.message : 'Could not load usage.');
      } finally {
        if (live) setRefreshing(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [windowDays]);

  return (
    <div class="usage-section">
      <h2>Account usage</h2>
      {failure && (
        <p class="error" role="alert">
          Could not load usage: {failure}
        </p>
      )}
      <UsageDashboard
        windowDays={windowDays}
        onWindow={setWindowDays}
        overview={overview}
        refreshing={refreshing}
        balance={keys?.balance?.value ?? null}
        top={VENICE_TOP_SERIES}
        now={now}
      />
      <UsageExport />
    </div>
  );
}
