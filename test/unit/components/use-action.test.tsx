// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorMessage } from '@/components/ErrorMessage';
import { type Action, useAction } from '@/components/useAction';
import { AppError } from '@/lib/errors';
import { renderRoot } from '../support/render-root';

afterEach(() => {
  vi.useRealTimers();
});
const root = renderRoot();

/** Renders a component that uses the hook and hands the latest Action back after each render. */
function mount<A extends unknown[]>(
  task: (...args: A) => Promise<unknown>,
  onError?: Parameters<typeof useAction>[1],
) {
  let latest!: Action<A>;
  function Probe() {
    latest = useAction(task, onError);
    return <p>{latest.busy ? 'busy' : (latest.error?.message ?? 'idle')}</p>;
  }
  render(<Probe />, root());
  return { action: () => latest, text: () => root().textContent };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('useAction', () => {
  it('is busy while the task runs, then idle with no error', async () => {
    let finish!: () => void;
    const probe = mount(() => new Promise<void>((resolve) => (finish = resolve)));
    const done = probe.action().run();
    await flush();
    expect(probe.text()).toBe('busy');
    expect(probe.action().busy).toBe(true);
    finish();
    expect(await done).toBe(true);
    await flush();
    expect(probe.text()).toBe('idle');
  });

  it('ignores a second run while the first is busy (a double click sends once)', async () => {
    let finish!: () => void;
    const task = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const probe = mount(task);
    const first = probe.action().run();
    expect(await probe.action().run()).toBe(false);
    finish();
    await first;
    expect(task).toHaveBeenCalledTimes(1);
  });

  it("keeps the task's own words for an AppError, and tells onError the code", async () => {
    const onError = vi.fn();
    const probe = mount(
      async () => {
        throw new AppError('vault.damaged', 'The vault data is damaged.');
      },
      { onError },
    );
    expect(await probe.action().run()).toBe(false);
    await flush();
    const hint = 'Nothing was changed. You can restore a backup with “Import backup”, or reset the vault.';
    expect(probe.text()).toBe(`The vault data is damaged. ${hint}`);
    expect(onError).toHaveBeenCalledWith({
      code: 'vault.damaged',
      message: `The vault data is damaged. ${hint}`,
      hint,
    });
    expect(probe.action().failedAt).not.toBeNull();
  });

  it("never shows an unknown failure's own text", async () => {
    const probe = mount(async () => {
      throw new Error('VENICE_ADMIN_KEY_synthetic-should-not-show');
    });
    await probe.action().run();
    await flush();
    expect(probe.text()).toBe('Something went wrong inside the extension. Please try again.');
  });

  it('a new run clears the last error; arguments reach the task', async () => {
    const seen: string[] = [];
    let fail = true;
    const probe = mount(async (word: string) => {
      seen.push(word);
      if (fail) throw new AppError('extension.internal', 'failed once', { hint: '' });
    });
    await probe.action().run('one');
    await flush();
    expect(probe.text()).toBe('failed once');
    fail = false;
    expect(await probe.action().run('two')).toBe(true);
    await flush();
    expect(probe.text()).toBe('idle');
    expect(seen).toEqual(['one', 'two']);
  });

  it("setError shows a form's own message the same way", async () => {
    const probe = mount(async () => undefined);
    probe.action().setError('Type the current passphrase.');
    await flush();
    expect(probe.text()).toBe('Type the current passphrase.');
  });
});

describe('ErrorMessage', () => {
  it('counts down to the retry of a rate limit, then says it can be tried again', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setInterval', 'clearInterval', 'setTimeout', 'Date'] });
    const error = {
      code: 'venice.rate_limited' as const,
      message: 'Too many requests.',
      retryAfterSeconds: 3,
    };
    render(<ErrorMessage error={error} at={Date.now()} />, root());
    expect(root().textContent).toContain('Too many requests.');
    expect(root().textContent).toContain('(in 3 s)');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(root().textContent).toContain('(in 2 s)');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(root().textContent).toContain('You can try again now.');
  });

  it('inline: one alert line with the message and its code', () => {
    render(<ErrorMessage error="Wrong passphrase." inline />, root());
    const alert = root().querySelector('[role="alert"]');
    expect(alert?.tagName).toBe('P');
    expect(alert?.textContent).toBe('Wrong passphrase.');
  });

  it('a box: one paragraph per line of the message, no countdown without a moment', () => {
    render(
      <ErrorMessage
        error={{ code: 'venice.validation', message: 'First.\nSecond.', retryAfterSeconds: 5 }}
      />,
      root(),
    );
    expect(Array.from(root().querySelectorAll('p')).map((p) => p.textContent)).toEqual(['First.', 'Second.']);
  });
});
