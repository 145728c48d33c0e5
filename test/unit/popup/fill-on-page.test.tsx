// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RemoteError } from '@/lib/messaging/client';
import { renderRoot } from '../support/render-root';

const call = vi.fn();
const query = vi.fn();
vi.mock('@/lib/messaging/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/messaging/client')>()),
  call: (...args: unknown[]) => call(...args),
}));
vi.mock('wxt/browser', () => ({ browser: { tabs: { query: (...args: unknown[]) => query(...args) } } }));

const { FillOnPage } = await import('@/entrypoints/popup/views/FillOnPage');

const root = renderRoot();
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const fill = () => root().querySelector('button') as HTMLButtonElement;
const alert = () => root().querySelector('[role="alert"]')?.textContent ?? null;

beforeEach(() => {
  call.mockReset();
  query.mockReset();
});

describe('FillOnPage (popup)', () => {
  it('says there is no tab to fill when the popup has none, and asks the background nothing', async () => {
    query.mockResolvedValue([]);
    render(<FillOnPage />, root());
    fill().click();
    await flush();
    expect(alert()).toBe('There is no tab here to fill a key into.');
    expect(call).not.toHaveBeenCalled();
    expect(fill().disabled).toBe(false);
  });

  it("is busy while the background checks the page, then shows the background's refusal", async () => {
    query.mockResolvedValue([{ id: 7 }]);
    let refuse!: (err: unknown) => void;
    call.mockReturnValueOnce(new Promise((_, reject) => (refuse = reject)));
    render(<FillOnPage />, root());
    fill().click();
    await flush();
    expect(call).toHaveBeenCalledWith('apps.beginForTab', { tabId: 7 });
    expect(fill().disabled).toBe(true);
    refuse(new RemoteError({ code: 'apps.no_field', message: 'Click the field to fill first.' }));
    await flush();
    expect(alert()).toBe('Click the field to fill first.');
    expect(fill().disabled).toBe(false);
  });
});
