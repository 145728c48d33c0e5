// @vitest-environment happy-dom
/**
 * The two forms that share the cap, period and privacy fields (components/KeyLimitFields.tsx):
 * a key's settings and the options page's per-app defaults. Each keeps its own labels and its
 * keyboard order, offers the same choices, and hands back what the user typed or picked.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KeySettingsForm } from '@/components/KeySettingsForm';
import { PerAppDefaults } from '@/entrypoints/options/views/PerAppDefaults';
import {
  defaultKeySettings,
  type KeySettingsDraft,
  LIMIT_PERIOD_LABELS,
  MODEL_PRIVACY_LABELS,
} from '@/lib/keys/key-settings';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings-item';
import { renderRoot } from '../support/render-root';

const calls = vi.hoisted(() => [] as { method: string; input: unknown }[]);
vi.mock('@/lib/messaging/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/messaging/client')>()),
  call: async (method: string, input: unknown) => {
    calls.push({ method, input });
    return {};
  },
}));

beforeEach(() => {
  calls.length = 0;
});
const root = renderRoot();

/** A control's name from its label, without the text of the control itself (a select's options). */
function nameOf(control: HTMLInputElement | HTMLSelectElement | HTMLButtonElement): string {
  if (control instanceof HTMLButtonElement) return control.textContent?.trim() ?? '';
  const label = control.labels?.[0];
  if (!label) return '';
  const copy = label.cloneNode(true) as HTMLElement;
  for (const inner of copy.querySelectorAll('input, select')) inner.remove();
  return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The form's focusable controls in keyboard (document) order, by name. */
function tabOrder(scope: ParentNode): string[] {
  return [...scope.querySelectorAll<HTMLInputElement>('input, select, button')].map(nameOf);
}

function control<T extends HTMLInputElement | HTMLSelectElement>(name: string): T {
  const found = [...root().querySelectorAll<T>('input, select')].find((c) => nameOf(c) === name);
  if (!found) throw new Error(`no control named ${name}: ${tabOrder(root()).join(' | ')}`);
  return found;
}

const optionsOf = (select: HTMLSelectElement) => [...select.options].map((o) => [o.value, o.textContent]);

async function type(name: string, value: string) {
  const input = control<HTMLInputElement>(name);
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function choose(name: string, value: string) {
  const select = control<HTMLSelectElement>(name);
  await act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('the per-app defaults form', () => {
  const mount = () =>
    act(() => {
      render(<PerAppDefaults settings={DEFAULT_SETTINGS} />, root());
    });

  it('names its fields for what they set, in the order they are read', async () => {
    await mount();
    expect(tabOrder(root())).toEqual([
      'USD cap per app (empty: no cap)',
      'DIEM cap per app (empty: no cap)',
      'Cap period',
      'Expires after (days; empty: never)',
      'Models',
      'Save per-app defaults',
    ]);
    expect(control<HTMLInputElement>('USD cap per app (empty: no cap)').inputMode).toBe('decimal');
    expect(optionsOf(control('Cap period'))).toEqual(Object.entries(LIMIT_PERIOD_LABELS));
    expect(optionsOf(control('Models'))).toEqual(Object.entries(MODEL_PRIVACY_LABELS));
  });

  it('shows the stored defaults, and saves what was typed and picked', async () => {
    await mount();
    expect(control<HTMLInputElement>('USD cap per app (empty: no cap)').value).toBe(
      String(DEFAULT_SETTINGS.perApp.usdCap ?? ''),
    );
    expect(control<HTMLSelectElement>('Cap period').value).toBe(DEFAULT_SETTINGS.perApp.limitPeriod);
    await type('USD cap per app (empty: no cap)', '7.5');
    await type('DIEM cap per app (empty: no cap)', '2');
    await choose('Cap period', 'EPOCH');
    await type('Expires after (days; empty: never)', '30');
    await choose('Models', 'PRIVATE_ONLY');
    const save = root().querySelector('button');
    await act(async () => {
      save?.click();
    });
    expect(calls).toEqual([
      {
        method: 'settings.update',
        input: {
          perApp: {
            usdCap: 7.5,
            diemCap: 2,
            limitPeriod: 'EPOCH',
            expiryDays: 30,
            modelPrivacy: 'PRIVATE_ONLY',
          },
        },
      },
    ]);
  });
});

describe('a key’s settings form', () => {
  function mount(value: KeySettingsDraft) {
    const changes: [keyof KeySettingsDraft, unknown][] = [];
    const onChange = (next: KeySettingsDraft, field: keyof KeySettingsDraft) => {
      changes.push([field, next[field]]);
      render(<KeySettingsForm value={next} onChange={onChange} mode="create" />, root());
    };
    render(<KeySettingsForm value={value} onChange={onChange} mode="create" />, root());
    return changes;
  }

  it('keeps its own names and order for the shared fields, with the same choices', () => {
    mount(defaultKeySettings());
    const order = tabOrder(root());
    const shared = ['USD cap', 'DIEM cap', 'Limit period', 'Model privacy'];
    expect(order.filter((name) => shared.includes(name))).toEqual(shared);
    // The caps come after the expiry choices and are the last fields but the two selects.
    expect(order.slice(-4)).toEqual(shared);
    expect(control<HTMLInputElement>('USD cap').placeholder).toBe('no cap');
    expect(optionsOf(control('Limit period'))).toEqual(Object.entries(LIMIT_PERIOD_LABELS));
    expect(optionsOf(control('Model privacy'))).toEqual(Object.entries(MODEL_PRIVACY_LABELS));
  });

  it('reports each edit of a shared field with the field it changed', async () => {
    const changes = mount(defaultKeySettings());
    await type('USD cap', '25');
    await type('DIEM cap', '4');
    await choose('Limit period', 'MONTH');
    await choose('Model privacy', 'PRIVATE_ONLY');
    expect(changes).toEqual([
      ['usdCap', '25'],
      ['diemCap', '4'],
      ['limitPeriod', 'MONTH'],
      ['modelPrivacy', 'PRIVATE_ONLY'],
    ]);
  });

  it('marks a wrong cap and points to its message', () => {
    render(
      <KeySettingsForm
        value={{ ...defaultKeySettings(), usdCap: 'lots' }}
        onChange={() => undefined}
        mode="create"
        errors={{ usdCap: 'The USD cap must be a number' }}
      />,
      root(),
    );
    const usd = control<HTMLInputElement>('USD cap');
    expect(usd.getAttribute('aria-invalid')).toBe('true');
    expect(root().querySelector(`[id="${usd.getAttribute('aria-describedby')}"]`)?.textContent).toBe(
      'The USD cap must be a number',
    );
    expect(control<HTMLInputElement>('DIEM cap').getAttribute('aria-invalid')).toBe('false');
    expect([...root().querySelectorAll('[role="alert"]')].map((a) => a.textContent)).toEqual([
      'The USD cap must be a number',
    ]);
  });

  it('says what is wrong with each cap, USD first', () => {
    render(
      <KeySettingsForm
        value={defaultKeySettings()}
        onChange={() => undefined}
        mode="create"
        errors={{ diemCap: 'DIEM is wrong', usdCap: 'USD is wrong' }}
      />,
      root(),
    );
    expect([...root().querySelectorAll('[role="alert"]')].map((a) => a.textContent)).toEqual([
      'USD is wrong',
      'DIEM is wrong',
    ]);
    const diem = control<HTMLInputElement>('DIEM cap');
    expect(diem.getAttribute('aria-invalid')).toBe('true');
    expect(root().querySelector(`[id="${diem.getAttribute('aria-describedby')}"]`)?.textContent).toBe(
      'DIEM is wrong',
    );
  });
});
