/**
 * The popup's account usage view (loaded lazily: its chart code is never in the first paint).
 * Paints the cached figures at once, then asks the background to refresh them (which asks Venice
 * only when they are older than 10 minutes).
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { UsageDashboard } from '@/components/usage/UsageDashboard';
import { type UsageSource, useUsageOverview } from '@/components/usage/useUsageOverview';
import { call } from '@/lib/messaging/client';
import type { UsageWindowDays } from '@/lib/usage/types';
import type { PopupState } from '../state';
import { ViewHeader } from './ViewHeader';

const usage: UsageSource = {
  cached: (windowDays) => call('usage.overview', { windowDays }),
  fresh: (windowDays) => call('usage.refresh', { windowDays }),
};

export function Usage({ state, days }: { state: PopupState; days?: UsageWindowDays }) {
  const [windowDays, setWindowDays] = useState<UsageWindowDays>(days ?? 30);
  const { overview, refreshing, failure } = useUsageOverview(usage, windowDays);

  // For the bench's open → chart painted: the cached figures are in the DOM (painted next frame).
  useLayoutEffect(() => {
    if (overview?.snapshot && performance.getEntriesByName('vkc:usage-painted').length === 0)
      performance.mark('vkc:usage-painted');
  }, [overview]);

  return (
    <section class="view" aria-labelledby="view-heading">
      <ViewHeader title="Account usage" onBack={() => state.go({ name: 'list' })} />
      {failure && (
        <p class="error-box" role="alert">
          Could not load usage: {failure}
        </p>
      )}
      <UsageDashboard
        windowDays={windowDays}
        onWindow={setWindowDays}
        overview={overview}
        refreshing={refreshing}
        balance={state.overview.value?.balance?.value ?? null}
        onOpenKey={(id) => state.go({ name: 'detail', id })}
        top={5}
        now={state.now.value}
      />
    </section>
  );
}
