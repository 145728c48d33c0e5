// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FillRequestView } from '@/lib/apps/service';
import { defaultKeySettings } from '@/lib/keys/key-settings-draft';
import { renderRoot, waitForRender } from '../support/render-root';

vi.mock('@/lib/messaging/client', async () => (await import('../support/fake-background')).client());
const { background } = await import('../support/fake-background');
const { RemoteError } = await import('@/lib/messaging/client');
const { App } = await import('@/entrypoints/fill/App');

const PASSPHRASE = 'fill-window unit passphrase';
/** What a failure of the page's own code could carry: a URL with a key in it. */
const LEAKY = 'https://api.venice.ai/api/v1/api_keys?key=VENICE_INFERENCE_KEY_synthetic000000Leak42';

function view(): FillRequestView {
  return {
    request: {
      id: 'req-1',
      tabId: 3,
      frameId: 0,
      origin: 'https://chat.example',
      host: 'chat.example',
      topOrigin: null,
      title: 'Chat app — settings',
      createdAt: 1,
      refusal: null,
      outcome: null,
    },
    draft: { ...defaultKeySettings(), description: 'chat.example', usdCap: '5', limitPeriod: 'MONTH' },
    reuse: [],
  };
}

let vault: 'locked' | 'unlocked';
beforeEach(() => {
  vault = 'locked';
  background.reset({
    'apps.request': () => view(),
    'vault.status': () => ({ status: vault }),
    'vault.unlock': (input) => {
      if ((input as { passphrase: string }).passphrase !== PASSPHRASE)
        throw new RemoteError({ code: 'vault.wrong_passphrase', message: 'Wrong passphrase' });
      vault = 'unlocked';
      return { status: 'unlocked' };
    },
  });
});
const root = renderRoot();
const waitFor = <T,>(find: () => T | null | undefined | false) => waitForRender(root(), find);

const button = (name: string) =>
  [...root().querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
const unlockForm = () =>
  [...root().querySelectorAll('form')].find((f) => f.querySelector('h2')?.textContent === 'Unlock the vault');
const alerts = () => [...root().querySelectorAll('[role="alert"]')].map((a) => a.textContent);

async function submitPassphrase(passphrase: string): Promise<void> {
  const form = await waitFor(unlockForm);
  const input = form.querySelector('input[type="password"]') as HTMLInputElement;
  input.value = passphrase;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await waitFor(() => !(form.querySelector('button[type="submit"]') as HTMLButtonElement).disabled);
  form.requestSubmit();
}

describe('fill window: a locked vault', () => {
  it('offers the unlock, keeps Create and fill off until the vault opens, then offers it', async () => {
    render(<App requestId="req-1" />, root());
    await waitFor(unlockForm);
    expect((button('Create and fill') as HTMLButtonElement).disabled).toBe(true);

    await submitPassphrase(PASSPHRASE);
    await waitFor(() => !unlockForm());
    expect(background.calls.filter((c) => c.method === 'vault.unlock')).toEqual([
      { method: 'vault.unlock', input: { passphrase: PASSPHRASE } },
    ]);
    // The window read its request and the vault again: the key can be made now.
    expect(background.calls.filter((c) => c.method === 'vault.status')).toHaveLength(2);
    await waitFor(() => !(button('Create and fill') as HTMLButtonElement).disabled);
    expect(background.calls.some((c) => c.method === 'apps.confirm')).toBe(false);
  });

  it('a wrong passphrase says so, and the form stays for another try', async () => {
    render(<App requestId="req-1" />, root());
    await submitPassphrase('not the passphrase');
    await waitFor(() => alerts().includes('Wrong passphrase'));
    expect(unlockForm()).toBeDefined();
    expect((button('Create and fill') as HTMLButtonElement).disabled).toBe(true);

    await submitPassphrase(PASSPHRASE);
    await waitFor(() => !unlockForm());
    expect(alerts()).not.toContain('Wrong passphrase');
  });

  it('a failure of the window’s own code reads as the generic message, never its text', async () => {
    background.answers['apps.request'] = () => {
      throw new TypeError(`Failed to fetch ${LEAKY}`);
    };
    render(<App requestId="req-1" />, root());
    await waitFor(() => alerts().length > 0);
    expect(alerts()).toEqual(['Something went wrong inside the extension. Please try again.']);
    expect(root().textContent).not.toContain('venice.ai');
    expect(root().textContent).not.toContain('Leak42');
  });

  it('a create refused because the vault locked meanwhile brings the unlock back, with the reason', async () => {
    vault = 'unlocked';
    background.answers['apps.confirm'] = () => {
      vault = 'locked';
      throw new RemoteError({
        code: 'vault.locked',
        message: 'The vault is locked. Unlock it with your passphrase first.',
      });
    };
    render(<App requestId="req-1" />, root());
    const create = await waitFor(() => {
      const b = button('Create and fill') as HTMLButtonElement | undefined;
      return b && !b.disabled && b;
    });
    create.click();
    await waitFor(unlockForm);
    expect(alerts()).toContain('The vault is locked. Unlock it with your passphrase first.');
  });
});
