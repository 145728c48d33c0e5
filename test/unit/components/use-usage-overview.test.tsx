// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { type UsageSource, useUsageOverview } from '@/components/usage/useUsageOverview';
import { AppError } from '@/lib/errors';
import type { UsageOverview, UsageWindowDays } from '@/lib/usage/types';
import { renderRoot } from '../support/render-root';

const root = renderRoot();

/** A stand-in overview: only its identity matters here. */
const overview = (name: string) => ({ name }) as unknown as UsageOverview;

/** Answers each call when the test says so, in any order. */
function controlledSource() {
  const pending: {
    kind: 'cached' | 'fresh';
    days: UsageWindowDays;
    settle: (v: UsageOverview | Error) => void;
  }[] = [];
  const ask = (kind: 'cached' | 'fresh') => (days: UsageWindowDays) =>
    new Promise<UsageOverview>((resolve, reject) =>
      pending.push({ kind, days, settle: (v) => (v instanceof Error ? reject(v) : resolve(v)) }),
    );
  const source: UsageSource = { cached: ask('cached'), fresh: ask('fresh') };
  const answer = async (kind: 'cached' | 'fresh', days: UsageWindowDays, value: UsageOverview | Error) => {
    // Effects run after paint: wait for the hook to have asked.
    const at = await vi.waitFor(() => {
      const found = pending.findIndex((p) => p.kind === kind && p.days === days);
      if (found < 0) throw new Error(`no ${kind} request for ${days} days`);
      return found;
    });
    pending.splice(at, 1)[0]?.settle(value);
    await flush();
  };
  return { source, answer };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function mount(source: UsageSource, days: UsageWindowDays) {
  let latest!: ReturnType<typeof useUsageOverview>;
  function Probe({ days }: { days: UsageWindowDays }) {
    latest = useUsageOverview(source, days);
    return null;
  }
  render(<Probe days={days} />, root());
  return { state: () => latest, show: (next: UsageWindowDays) => render(<Probe days={next} />, root()) };
}

describe('useUsageOverview', () => {
  it('paints the cached figures first, refreshing, then the fresh ones', async () => {
    const { source, answer } = controlledSource();
    const probe = mount(source, 30);
    await answer('cached', 30, overview('cached 30'));
    expect(probe.state()).toMatchObject({ overview: { name: 'cached 30' }, refreshing: true, failure: null });
    await answer('fresh', 30, overview('fresh 30'));
    expect(probe.state()).toMatchObject({ overview: { name: 'fresh 30' }, refreshing: false });
  });

  it('drops the answers for a window the user has left', async () => {
    const { source, answer } = controlledSource();
    const probe = mount(source, 30);
    await answer('cached', 30, overview('cached 30'));
    probe.show(7);
    await answer('cached', 7, overview('cached 7'));
    await answer('fresh', 30, overview('fresh 30 (late)'));
    expect(probe.state().overview).toMatchObject({ name: 'cached 7' });
    await answer('fresh', 7, overview('fresh 7'));
    expect(probe.state().overview).toMatchObject({ name: 'fresh 7' });
  });

  it('says why a refresh failed and keeps the cached figures', async () => {
    const { source, answer } = controlledSource();
    const probe = mount(source, 90);
    await answer('cached', 90, overview('cached 90'));
    await answer('fresh', 90, new AppError('venice.network', 'Venice could not be reached.', { hint: '' }));
    expect(probe.state()).toMatchObject({
      overview: { name: 'cached 90' },
      refreshing: false,
      failure: 'Venice could not be reached.',
    });
  });
});
