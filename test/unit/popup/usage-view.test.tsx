// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DailyBars } from '@/components/charts/DailyBars';
import { createPopupState } from '@/entrypoints/popup/state';
import { Usage } from '@/entrypoints/popup/views/Usage';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { UsageCacheEntry } from '@/lib/usage/types';
import { countRenders, renderRoot } from '../support/render-root';

const DAY = 86_400_000;
// On a minute boundary, so a few seconds later is still the same minute.
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

/** A stored 90-day entry with 50 keys, as lib/usage writes it (synthetic figures). */
function stored90(): UsageCacheEntry {
  const names = Array.from({ length: 50 }, (_, k) => `bench key ${k}`);
  const days = Array.from({ length: 90 }, (_, d) => ({
    date: new Date(NOW - (89 - d) * DAY).toISOString().slice(0, 10),
    usd: 1 + (d % 5),
    diem: d % 3 === 0 ? 0 : 0.5,
  }));
  return {
    windowDays: 90,
    ownerEntryId: 'entry-admin',
    fetchedAt: NOW - 60_000,
    error: null,
    snapshot: {
      lookback: '90d',
      days,
      byKey: names.map((name, k) => ({ apiKeyId: `key-${k}`, name, usd: 50 - k, diem: 0, units: 1 })),
      byModel: [{ name: 'qwen3-235b', usd: 100, diem: 0, units: 1 }],
      keyDaily: days.map((d) => ({
        date: Date.parse(d.date),
        values: Object.fromEntries(names.map((n) => [n, 0.1])),
      })),
      modelDaily: [],
      topKeyNames: names,
      topModels: ['qwen3-235b'],
      unreadableRows: 0,
    },
  };
}

describe('the popup usage view', () => {
  let sent: string[];

  beforeEach(async () => {
    fakeBrowser.reset();
    vi.useFakeTimers({
      now: NOW,
      toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'],
    });
    sent = [];
    // The background never answers here: whatever is drawn came from storage.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((message: unknown) => {
      sent.push((message as { method: string }).method);
      return new Promise(() => undefined);
    });
    // The figures are the management key's: the view paints no other key's figures.
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.local.usageCache]: { '90': stored90() },
      [STORAGE_KEYS.local.settings]: { managementKeyId: 'entry-admin' },
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });
  const root = renderRoot();

  const chart = () => root().querySelector('svg[role="img"]');

  it('draws the cached figures straight from storage, one path per series, the table rows when opened', async () => {
    render(<Usage state={createPopupState()} days={90} />, root());
    await vi.waitFor(() => expect(chart()).not.toBeNull());

    expect(chart()?.getAttribute('aria-label')).toMatch(
      /^Spend by day: \$270\.00 and 30\.00 DIEM over 90 days/,
    );
    // The cached figures did not go through the background; only the refresh did.
    expect(sent).not.toContain('usage.overview');
    expect(sent).toContain('usage.refresh');
    // 90 days of two series: two paths, not a node per bar.
    expect(chart()?.querySelectorAll('path')).toHaveLength(2);
    expect(chart()?.querySelectorAll('rect')).toHaveLength(0);
    const usd = chart()?.querySelector('path.chart__usd')?.getAttribute('d') ?? '';
    expect(usd.match(/M/g)).toHaveLength(90);

    // The table alternative: its rows are built when it is opened, then all 90 are there.
    const details = root().querySelector('details') as HTMLDetailsElement;
    expect(details.querySelectorAll('tbody tr')).toHaveLength(0);
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await vi.advanceTimersByTimeAsync(0);
    expect(details.querySelectorAll('tbody tr')).toHaveLength(90);
    expect(details.querySelector('tbody tr')?.textContent).toBe(
      `${stored90().snapshot?.days[0]?.date}$1.000.00 DIEM`,
    );
  });

  it('does not redraw the chart each second of the clock', async () => {
    const state = createPopupState();
    const renders = countRenders(DailyBars);
    try {
      render(<Usage state={state} days={90} />, root());
      await vi.waitFor(() => expect(chart()).not.toBeNull());
      const afterPaint = renders.count();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(renders.count()).toBe(afterPaint);
    } finally {
      renders.stop();
    }
  });
});

describe('the bars of one series', () => {
  it('are one subpath per day with spend, from the baseline up', async () => {
    const { barsPath } = await import('@/components/charts/DailyBars');
    expect(barsPath([10, 0, 2.345], 4, 1, 1.5, 96)).toBe('M1 96v-10h1.5v10zM9 96v-2.35h1.5v2.35z');
    expect(barsPath([0, 0], 4, 0, 1, 96)).toBe('');
  });
});
