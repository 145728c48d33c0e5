// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RemoteError } from '@/lib/messaging/client';
import { renderRoot } from '../support/render-root';

const call = vi.fn();
vi.mock('@/lib/messaging/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/messaging/client')>()),
  call: (...args: unknown[]) => call(...args),
}));

const { KeySite } = await import('@/entrypoints/popup/views/KeySite');
const { keySites } = await import('@/entrypoints/popup/sites');

const root = renderRoot();
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const button = (name: string) =>
  [...root().querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  ) as HTMLButtonElement;

beforeEach(() => {
  call.mockReset();
  keySites.value = new Map();
});

async function openTagForm(site: string) {
  render(<KeySite keyId="k1" name="Prod" />, root());
  button('Tag Prod with a site').click();
  await flush();
  const input = root().querySelector('input') as HTMLInputElement;
  input.value = site;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await flush();
}

describe('KeySite (popup): tagging a key with a site', () => {
  it('is busy while saving, then shows the site and offers to remove the tag', async () => {
    let answer!: (v: unknown) => void;
    call.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    await openTagForm('app.example.com');
    button('Save site').click();
    await flush();
    expect(call).toHaveBeenCalledWith('apps.tag', { keyId: 'k1', site: 'app.example.com' });
    expect(button('Save site').disabled).toBe(true);
    expect(button('Cancel').disabled).toBe(true);
    answer({
      k1: { origin: 'https://app.example.com', title: '', at: '2026-11-29T00:00:00Z', how: 'tagged' },
    });
    await flush();
    expect(root().textContent).toContain('Used on app.example.com (tagged by you)');
    expect(button('Remove the site tag of Prod').disabled).toBe(false);
  });

  it('keeps the form and says why when the background refuses, and clears that line on the next try', async () => {
    call.mockRejectedValueOnce(
      new RemoteError({ code: 'messaging.invalid_input', message: 'Enter a site such as app.example.com.' }),
    );
    await openTagForm('not a site');
    button('Save site').click();
    await flush();
    expect(root().querySelector('[role="alert"]')?.textContent).toBe('Enter a site such as app.example.com.');
    expect(button('Save site').disabled).toBe(false);
    expect((root().querySelector('input') as HTMLInputElement).value).toBe('not a site');

    call.mockReturnValueOnce(new Promise(() => undefined));
    button('Save site').click();
    await flush();
    expect(root().querySelector('[role="alert"]')).toBeNull();
  });

  it('shows a failed untag under the site, which stays', async () => {
    keySites.value = new Map([
      [
        'k1',
        {
          origin: 'https://app.example.com',
          host: 'app.example.com',
          title: '',
          at: '2026-11-29',
          how: 'tagged',
        },
      ],
    ]);
    call.mockRejectedValueOnce(new RemoteError({ code: 'vault.locked', message: 'The vault is locked.' }));
    render(<KeySite keyId="k1" name="Prod" />, root());
    button('Remove the site tag of Prod').click();
    await flush();
    expect(call).toHaveBeenCalledWith('apps.untag', { keyId: 'k1' });
    expect(root().querySelector('[role="alert"]')?.textContent).toBe('The vault is locked.');
    expect(keySites.value.has('k1')).toBe(true);
  });
});
