// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { UsageExport } from '@/entrypoints/options/views/UsageExport';
import { USAGE_CSV_COLUMNS } from '@/lib/usage/csv';
import { renderRoot, waitForRender } from '../support/render-root';

const DAY = 86_400_000;
/** 90 days × 50 keys, one charge each a day: the ledger the export must never hold whole. */
const LEDGER_ROWS = 90 * 50;
const PAGE_ROWS = 1000;

const lines = (text: string) => text.split('\r\n').filter(Boolean).length;

/**
 * A fake background for `usage.exportPage` (pages of synthetic CSV lines) and a fake private file
 * whose stream counts what it is given. `held`: rows the page has received and not yet written.
 */
function fakeLedger() {
  const asked: unknown[] = [];
  const heldWhenAsked: number[] = [];
  let held = 0;
  let maxHeld = 0;
  let written = 0;
  let header: string | null = null;
  let served = 0;
  let closed = false;

  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    const { method, input } = message as { method: string; input: unknown };
    if (method !== 'usage.exportPage')
      return { ok: false, error: { code: 'test.unexpected', message: method } };
    asked.push(input);
    heldWhenAsked.push(held);
    const rows = Math.min(PAGE_ROWS, LEDGER_ROWS - served);
    const first = served;
    served += rows;
    const csv = Array.from({ length: rows }, (_, i) => `2026-11-01T00:00:00.000Z,row ${first + i}\r\n`).join(
      '',
    );
    held += rows;
    maxHeld = Math.max(maxHeld, held);
    return {
      ok: true,
      value: {
        csv,
        rows,
        nextCursor: served < LEDGER_ROWS ? `cursor-${served}` : null,
        lastTimestamp: new Date(Date.now() - (LEDGER_ROWS - served) * 60_000).toISOString(),
        lastTimestampRows: 1,
      },
    };
  });

  const writable = {
    async write(chunk: string) {
      if (header === null) {
        header = chunk;
        return;
      }
      const n = lines(chunk);
      held -= n;
      written += n;
    },
    async close() {
      closed = true;
    },
    async abort() {},
  };
  const file = {
    createWritable: async () => writable,
    getFile: async () => new Blob(['written to disk']),
  };
  const dir = {
    keys: async function* () {},
    getFileHandle: async () => file,
    removeEntry: async () => undefined,
  };
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: { getDirectory: async () => ({ getDirectoryHandle: async () => dir }) },
  });

  return {
    asked,
    heldWhenAsked,
    maxHeld: () => maxHeld,
    written: () => written,
    header: () => header,
    closed: () => closed,
  };
}

describe('the usage ledger export', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:usage-export');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const root = renderRoot();

  it('writes each page to the file before asking for the next: 90 days × 50 keys never sit in the page at once', async () => {
    const ledger = fakeLedger();
    render(<UsageExport />, root());
    const from = root().querySelector('input[type="date"]') as HTMLInputElement;
    from.value = new Date(Date.now() - 89 * DAY).toISOString().slice(0, 10);
    from.dispatchEvent(new Event('input', { bubbles: true }));
    (root().querySelector('form') as HTMLFormElement).requestSubmit();

    await waitForRender(root(), () => root().textContent?.includes('Exported 4,500 rows'));
    expect(ledger.header()).toBe(`${USAGE_CSV_COLUMNS.join(',')}\r\n`);
    expect(ledger.written()).toBe(LEDGER_ROWS);
    expect(ledger.closed()).toBe(true);
    // Five pages; every continuation carries only the cursor (FACTS §3.9).
    expect(ledger.asked).toHaveLength(5);
    for (const query of ledger.asked.slice(1)) expect(Object.keys(query as object)).toEqual(['cursor']);
    // Nothing of the last page was still in hand when the next was asked for, and never more than one page.
    expect(ledger.heldWhenAsked).toEqual([0, 0, 0, 0, 0]);
    expect(ledger.maxHeld()).toBe(PAGE_ROWS);
  });
});
