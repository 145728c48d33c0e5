// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderRoot } from '../support/render-root';

/** What the fake background answers: the vault's status, as the test sets it. */
const background = vi.hoisted(() => ({
  status: 'none' as 'none' | 'locked' | 'unlocked',
  keys: [] as { entryId: string; label: string }[],
}));

vi.mock('@/lib/messaging/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/messaging/client')>();
  return {
    ...real,
    onVaultChanged: () => () => {},
    call: async (method: string) => {
      if (method === 'vault.status') return { status: background.status };
      if (method === 'settings.get') return {};
      if (method === 'vault.listKeys') return background.keys;
      throw new Error(`unexpected call ${method}`);
    },
  };
});

describe('the options page state and the guided first run', () => {
  beforeEach(() => {
    vi.resetModules();
    background.status = 'none';
    background.keys = [];
  });

  it('goes on to the add-key step when a reload finds the vault just created', async () => {
    const { createOptionsState } = await import('@/entrypoints/options/state');
    const state = createOptionsState();
    await state.reload();
    expect(state.status.value).toBe('none');
    expect(state.setup.value).toBeNull();

    // The creation's storage event reloads before CreateVault's own callback has run.
    background.status = 'unlocked';
    await state.reload();
    expect(state.status.value).toBe('unlocked');
    expect(state.setup.value).toEqual({ step: 'key', added: null });
  });

  it('starts no first run for a vault that existed when the page opened, or that was unlocked', async () => {
    const { createOptionsState } = await import('@/entrypoints/options/state');
    background.status = 'unlocked';
    const opened = createOptionsState();
    await opened.reload();
    expect(opened.setup.value).toBeNull();

    background.status = 'locked';
    const locked = createOptionsState();
    await locked.reload();
    background.status = 'unlocked';
    await locked.reload();
    expect(locked.setup.value).toBeNull();
  });

  it('starts no add-key step when the new vault came from a backup with keys', async () => {
    const { createOptionsState } = await import('@/entrypoints/options/state');
    const state = createOptionsState();
    await state.reload();
    background.status = 'unlocked';
    background.keys = [{ entryId: 'e1', label: 'Main admin' }];
    await state.reload();
    expect(state.status.value).toBe('unlocked');
    expect(state.setup.value).toBeNull();
  });
});

describe('the first run moves focus to each new step', () => {
  beforeEach(() => {
    vi.resetModules();
  });
  const root = renderRoot();

  const noop = () => {};
  async function show(step: 'vault' | 'key' | 'done' | null) {
    const { FirstRun } = await import('@/entrypoints/options/views/FirstRun');
    await act(() => {
      render(
        step === null
          ? null
          : h(FirstRun, { step, added: null, onVaultReady: noop, onKeyAdded: noop, onFinish: noop }),
        root(),
      );
    });
  }
  const heading = () => root().querySelector('h2');

  it('leaves focus alone on page load, then focuses the next step’s heading', async () => {
    await show('vault');
    expect(heading()?.textContent).toBe('Welcome');
    expect(document.activeElement).not.toBe(heading());
    await show('key');
    expect(heading()?.textContent).toBe('Add your first key');
    expect(document.activeElement).toBe(heading());
  });

  it('focuses the next step’s heading even when the page remounted the first run in between', async () => {
    await show('vault');
    await show(null); // the page showed something else for a moment
    await show('key');
    expect(heading()?.textContent).toBe('Add your first key');
    expect(document.activeElement).toBe(heading());
  });
});
