// @vitest-environment happy-dom
import { options, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPopupState } from '@/entrypoints/popup/state';
import { KeyList } from '@/entrypoints/popup/views/KeyList';
import type { ApiKey } from '@/lib/venice/types';
import { countRenders, renderRoot } from '../support/render-root';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function key(n: number, overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: `key-${n}`,
    description: `Key ${n}`,
    last6Chars: `abc00${n}`,
    apiKeyType: 'INFERENCE',
    createdAt: new Date(NOW - 86_400_000).toISOString(),
    lastUsedAt: new Date(NOW - 30_000).toISOString(),
    expiresAt: null,
    consumptionLimits: { usd: null, diem: null, vcu: null },
    currentPeriodUsage: null,
    trailingSevenDays: null,
    limitPeriod: null,
    modelPrivacy: null,
    ...overrides,
  } as ApiKey;
}

describe('the popup key list and the clock', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers({
      now: NOW,
      toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'],
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });
  const root = renderRoot();

  it('ages tick every second without re-rendering or re-filtering the list', async () => {
    const state = createPopupState();
    const stopWatching = state.watch();
    const keys = [key(1), key(2), key(3, { lastUsedAt: null })];
    const renders = countRenders(KeyList);
    try {
      render(<KeyList state={state} keys={keys} inVault={new Set()} stale={false} readOnly />, root());
      const usedTexts = () =>
        Array.from(root().querySelectorAll('.key-row__meta span:nth-child(2)')).map((n) => n.textContent);
      expect(usedTexts()).toEqual(['Used 30 s ago', 'Used 30 s ago', 'Used never']);
      const rendersAfterPaint = renders.count();

      await vi.advanceTimersByTimeAsync(3_000);

      // The clock did tick (the ages moved on)…
      expect(usedTexts()).toEqual(['Used 33 s ago', 'Used 33 s ago', 'Used never']);
      // …but the list itself did not render again (so it did not re-filter its keys either).
      expect(renders.count()).toBe(rendersAfterPaint);

      // A real change (the filter) still re-renders it.
      state.filterText.value = 'key 2';
      await vi.advanceTimersByTimeAsync(0);
      expect(renders.count()).toBe(rendersAfterPaint + 1);
      expect(usedTexts()).toEqual(['Used 33 s ago']);
    } finally {
      renders.stop();
      stopWatching();
    }
  });

  it('an expiry in the row moves on with the clock too', async () => {
    const state = createPopupState();
    const keys = [key(1, { expiresAt: new Date(NOW + 5_500).toISOString() })];
    render(<KeyList state={state} keys={keys} inVault={new Set()} stale={false} readOnly />, root());
    const expiry = () => root().querySelector('.key-row__expiry');
    expect(expiry()?.textContent).toBe('Expires soon: in 1 h');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(expiry()?.textContent).toMatch(/^Expired /);
  });

  it('a filter keystroke renders again only the rows that changed, not the ones it keeps', async () => {
    const state = createPopupState();
    const keys = [
      key(1, { description: 'staging one' }),
      key(2, { description: 'staging two' }),
      key(3, { description: 'production' }),
    ];
    let rows = 0;
    const previous = options.diffed;
    options.diffed = (vnode) => {
      // The function that draws a row (whatever wraps it).
      const type = vnode.type as unknown;
      if (typeof type === 'function' && !type.prototype?.render && /^KeyRow/.test(type.name)) rows++;
      previous?.(vnode);
    };
    try {
      render(<KeyList state={state} keys={keys} inVault={new Set()} stale={false} />, root());
      expect(rows).toBe(3);
      const names = () =>
        Array.from(root().querySelectorAll('li[data-key-id]')).map((n) => n.getAttribute('aria-label'));

      state.filterText.value = 's';
      await vi.advanceTimersByTimeAsync(0);
      state.filterText.value = 'st';
      await vi.advanceTimersByTimeAsync(0);
      state.filterText.value = 'sta';
      await vi.advanceTimersByTimeAsync(0);
      // "production" left at "st"; the two staging rows were kept, never redone.
      expect(names()).toEqual(['staging one …abc001', 'staging two …abc002']);
      expect(rows).toBe(3);

      // A row whose key changed is redone.
      render(
        <KeyList
          state={state}
          keys={[
            { ...(keys[0] as ApiKey), description: 'staging uno' },
            keys[1] as ApiKey,
            keys[2] as ApiKey,
          ]}
          inVault={new Set()}
          stale={false}
        />,
        root(),
      );
      expect(names()).toEqual(['staging uno …abc001', 'staging two …abc002']);
      expect(rows).toBe(4);
    } finally {
      options.diffed = previous;
    }
  });
});
