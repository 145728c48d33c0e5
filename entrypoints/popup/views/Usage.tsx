/**
 * The popup's account usage view (loaded lazily: its chart code is never in the first paint).
 * Paints the cached figures at once, then asks the background to refresh them (which asks Venice
 * only when they are older than 10 minutes).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { UsageDashboard } from '@/components/usage/UsageDashboard';
import { type UsageSource, useUsageOverview } from '@/components/usage/useUsageOverview';
import { call } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import { LIVE_FLAG, SETTINGS_KEY, SHELL_ID } from '@/lib/storage/page-keys';
import { emptyEntry, readEntry, withAge } from '@/lib/usage/read';
import { USAGE_WINDOWS, type UsageWindowDays } from '@/lib/usage/types';
import type { PopupState } from '../state';
import { saveUsageShell } from '../usage-shell';
import { ViewHeader } from './ViewHeader';

const CACHE_KEY = STORAGE_KEYS.local.usageCache;

/**
 * The cached figures are not secret and live in storage.local: reading them here, rather than
 * through the background, spares a second copy of 90 days × 50 keys through messaging and a
 * worker that may be busy (or asleep) when the popup opens.
 */
export async function readCachedUsage(windowDays: UsageWindowDays) {
  try {
    const got = await browser.storage.local.get([CACHE_KEY, SETTINGS_KEY]);
    const entry = readEntry(got[CACHE_KEY] as Record<string, unknown> | undefined, windowDays, {
      series: false,
    });
    // Figures fetched with another management key are another account's: none until the refresh.
    const owner = (got[SETTINGS_KEY] as { managementKeyId?: unknown } | undefined)?.managementKeyId;
    return withAge(entry.ownerEntryId === owner ? entry : emptyEntry(windowDays), Date.now());
  } catch {
    return call('usage.overview', { windowDays });
  }
}

const usage: UsageSource = {
  cached: readCachedUsage,
  fresh: (windowDays) => call('usage.refresh', { windowDays }),
};

const MINUTE = 60_000;

export function Usage({ state, days }: { state: PopupState; days?: UsageWindowDays }) {
  // `days` may come unchecked from storage (state.ts restore): a window we do not offer is the default.
  const [windowDays, setWindowDays] = useState<UsageWindowDays>(
    days && USAGE_WINDOWS.includes(days) ? days : 30,
  );
  const { overview, refreshing, failure } = useUsageOverview(usage, windowDays);
  // The forecasts speak in days and hours: its own minute clock, since the shared one ticks each
  // second and reading it here would redraw the whole dashboard with it.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE);
    return () => clearInterval(timer);
  }, []);

  const view = useRef<HTMLElement>(null);
  // The shell (popup-cache.js) stays until the figures are drawn here, then this view replaces it.
  // For the bench: `vkc:usage-interactive`, the live chart is in the DOM (painted next frame), and
  // `vkc:usage-painted` too unless the shell was painted before.
  useLayoutEffect(() => {
    if (!overview && !failure) return;
    (globalThis as Record<string, unknown>)[LIVE_FLAG] = 1;
    document.getElementById(SHELL_ID)?.remove();
    if (!overview?.snapshot) return;
    if (performance.getEntriesByName('vkc:usage-interactive').length === 0) {
      performance.mark('vkc:usage-interactive');
      if (performance.getEntriesByName('vkc:usage-painted').length === 0)
        performance.mark('vkc:usage-painted');
    }
    const { fetchedAt } = overview;
    // After this render's effects; the next opening paints what is drawn now.
    const timer = setTimeout(() => {
      if (view.current && fetchedAt !== null)
        void saveUsageShell(view.current, overview.windowDays, fetchedAt);
    }, 0);
    return () => clearTimeout(timer);
  }, [overview, failure]);

  return (
    <section class="view" aria-labelledby="view-heading" ref={view}>
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
        now={now}
      />
    </section>
  );
}
