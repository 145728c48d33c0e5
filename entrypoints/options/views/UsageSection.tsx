/**
 * The options page's usage section: the account dashboard with Venice's own grouping (top 50 plus
 * "Other"), and the CSV export of the ledger. Loaded only when the section is opened.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { UsageDashboard } from '@/components/usage/UsageDashboard';
import { type UsageSource, useUsageOverview } from '@/components/usage/useUsageOverview';
import type { KeysOverview } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import type { UsageWindowDays } from '@/lib/usage/types';
import { ForecastNotice } from './ForecastNotice';
import { UsageExport } from './UsageExport';

/** Venice's analytics names its top 50 series and folds the rest into "Other". */
const VENICE_TOP_SERIES = 50;

/** The popup's detail of a key, in a tab: the options page has no key detail of its own. */
const keyDetailUrl = (id: string) => browser.runtime.getURL(`/popup.html?detail=${encodeURIComponent(id)}`);

const usage: UsageSource = {
  cached: (windowDays) => call('usage.overview', { windowDays }),
  fresh: (windowDays) => call('usage.refresh', { windowDays }),
};

export function UsageSection() {
  const [windowDays, setWindowDays] = useState<UsageWindowDays>(30);
  const { overview, refreshing, failure, freshAt } = useUsageOverview(usage, windowDays);
  const [keys, setKeys] = useState<KeysOverview | null>(null);

  useEffect(() => {
    void call('keys.list')
      .then(setKeys)
      .catch(() => undefined);
  }, []);

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
        keyHref={keyDetailUrl}
        top={VENICE_TOP_SERIES}
        now={freshAt}
      />
      <ForecastNotice />
      <UsageExport />
    </div>
  );
}
