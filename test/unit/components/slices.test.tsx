// @vitest-environment happy-dom
/**
 * Spend by key and by model (components/charts/Slices.tsx, UsageDashboard.tsx): the top N as
 * Venice ranks them plus one "Other" slice summing the rest, a key that opens (a button in the
 * popup, a link in a new tab on the options page) and rows that say why they open nothing.
 */
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { topWithOther } from '@/components/charts/Slices';
import { UsageDashboard } from '@/components/usage/UsageDashboard';
import type { UsageOverview } from '@/lib/usage/types';
import { renderRoot } from '../support/render-root';

const other = (usd: number, diem: number, count: number) => ({ name: 'Other', usd, diem, count });

describe('topWithOther', () => {
  it('keeps the first N as given and sums the rest into one Other', () => {
    const slices = [5, 4, 3, 2, 1].map((usd, i) => ({ name: `k${i}`, usd, diem: i / 10, count: 0 }));
    const folded = topWithOther(slices, 3, other);
    expect(folded.map((s) => s.name)).toEqual(['k0', 'k1', 'k2', 'Other']);
    expect(folded[3]).toEqual({ name: 'Other', usd: 3, diem: 0.7, count: 2 });
  });

  it('adds no Other when N or fewer', () => {
    const slices = [{ name: 'a', usd: 1, diem: 0, count: 0 }];
    expect(topWithOther(slices, 1, other)).toEqual(slices);
    expect(topWithOther([], 5, other)).toEqual([]);
  });
});

function overview(byKey: { apiKeyId: string | null; name: string; usd: number }[]): UsageOverview {
  return {
    windowDays: 7,
    fetchedAt: 1,
    ageMs: 0,
    error: null,
    snapshot: {
      days: [{ date: '2026-11-28', usd: 1, diem: 0 }],
      byKey: byKey.map((k) => ({ ...k, diem: 0, units: 0 })),
      byModel: [],
      byKeyDaily: [],
      byModelDaily: [],
      unreadableRows: 0,
    },
  } as unknown as UsageOverview;
}

describe('spend by key', () => {
  const root = renderRoot();

  function draw(props: Partial<Parameters<typeof UsageDashboard>[0]>) {
    render(
      <UsageDashboard
        windowDays={7}
        onWindow={() => undefined}
        overview={overview([
          { apiKeyId: 'k1', name: 'Production', usd: 3 },
          { apiKeyId: null, name: '', usd: 2 },
          { apiKeyId: 'k2', name: 'CI', usd: 1 },
          { apiKeyId: 'k3', name: 'Batch', usd: 0.5 },
        ])}
        refreshing={false}
        balance={null}
        top={3}
        now={0}
        {...props}
      />,
      root(),
    );
    const region = root().querySelector('[aria-label="Spend by key"]');
    if (!region) throw new Error('no Spend by key');
    return region;
  }

  it('on the options page: a key is a link to its detail in a new tab; the web app and Other say why they open nothing', () => {
    const region = draw({ keyHref: (id) => `popup.html?detail=${id}` });
    const links = [...region.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('aria-label'), a.getAttribute('href'), a.target])).toEqual([
      ['Open Production in a new tab: $3.00 · 0.00 DIEM', 'popup.html?detail=k1', '_blank'],
      ['Open CI in a new tab: $1.00 · 0.00 DIEM', 'popup.html?detail=k2', '_blank'],
    ]);
    expect(region.querySelectorAll('button')).toHaveLength(0);
    const rows = [...region.querySelectorAll('li')].map((li) => li.textContent);
    expect(rows[1]).toContain('Venice web app (not an API key, so there is no key to open)');
    expect(rows[3]).toContain('Other (1 more)');
    expect(rows[3]).toContain('$0.50');
  });

  it('in the popup: a key is a button that opens it', () => {
    const opened: string[] = [];
    const region = draw({ onOpenKey: (id) => opened.push(id) });
    expect(region.querySelectorAll('a')).toHaveLength(0);
    const buttons = [...region.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Open Production: $3.00 · 0.00 DIEM',
      'Open CI: $1.00 · 0.00 DIEM',
    ]);
    buttons[1]?.click();
    expect(opened).toEqual(['k2']);
  });
});
