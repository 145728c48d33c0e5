// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { errorText } from '@/lib/error-message';
import { RemoteError } from '@/lib/messaging/client';
import { renderRoot } from '../support/render-root';

const call = vi.fn();
vi.mock('@/lib/messaging/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/messaging/client')>()),
  call: (...args: unknown[]) => call(...args),
}));
vi.mock('@/lib/wallet/watch', () => ({ watchFlow: () => () => undefined }));

const { MintStatus } = await import('@/entrypoints/popup/views/MintStatus');

const root = renderRoot();
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Renders the view and waits for its effect's first call (Preact runs effects after the paint). */
async function mount() {
  render(<MintStatus />, root());
  await vi.waitFor(() => expect(call).toHaveBeenCalledWith('mint.status'));
  await flush();
}
const alert = () => root().querySelector('[role="alert"]')?.textContent ?? null;
// A failure that is not ours may carry anything (a URL, an address, a key): never shown as it is.
const stray = () => new TypeError('fetch failed for https://venice.example/?key=vk_synthetic_123456');

beforeEach(() => call.mockReset());

describe('MintStatus (popup): failures read as the one error-to-text helper says', () => {
  it("shows the background's words for its own refusal", async () => {
    call.mockRejectedValueOnce(new RemoteError({ code: 'vault.locked', message: 'Unlock the vault first.' }));
    await mount();
    expect(alert()).toBe('Unlock the vault first.');
  });

  it('shows the generic words, never its own text, for a failure that is not ours', async () => {
    call.mockRejectedValueOnce(stray());
    await mount();
    expect(alert()).toBe(errorText(stray()));
    expect(alert()).not.toContain('vk_synthetic');
  });

  it('the same for a failed Mint with wallet click', async () => {
    call.mockResolvedValueOnce(null).mockRejectedValueOnce(stray());
    await mount();
    (root().querySelector('button') as HTMLButtonElement).click();
    await flush();
    expect(call).toHaveBeenLastCalledWith('mint.openWindow');
    expect(alert()).toBe(errorText(stray()));
  });
});
