/**
 * The usage ledger as CSV for a chosen range, from /billing/usage-history page by page.
 *
 * Where the rows go: each page (≤ 1,000 rows, fetched by the background, which holds the key) is
 * appended at once to a file in this extension's origin-private file system through a writable
 * stream, so the page never holds more than one page of rows, whatever the range. The finished
 * file is disk-backed; handing it to the browser's own download (an <a download> of its blob URL)
 * copies nothing into the page and needs no `downloads` permission. (showSaveFilePicker would
 * stream straight to the user's folder, but it needs a native dialog the tests cannot drive and
 * Firefox lacks it; the private file works in both.)
 */
import { useRef, useState } from 'preact/hooks';
import { call, RemoteError } from '@/lib/messaging/client';
import { USAGE_CSV_COLUMNS } from '@/lib/usage/csv';

const PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;
/** Restarts in a row that wrote nothing new: Venice keeps refusing; stop instead of looping. */
const MAX_IDLE_RESTARTS = 3;

type Progress =
  | { state: 'idle' }
  | { state: 'running'; rows: number; fraction: number; restarts: number }
  | { state: 'done'; rows: number; fileName: string }
  | { state: 'cancelled'; rows: number }
  | { state: 'failed'; message: string; rows: number };

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function daysAgoUtc(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

async function exportDirectory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('usage-exports', { create: true });
}

export function UsageExport() {
  const [from, setFrom] = useState(daysAgoUtc(29));
  const [to, setTo] = useState(todayUtc());
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  const [formError, setFormError] = useState<string | null>(null);
  const cancelled = useRef(false);

  async function run(event: Event) {
    event.preventDefault();
    setFormError(null);
    const start = Date.parse(`${from}T00:00:00.000Z`);
    const end = Date.parse(`${to}T00:00:00.000Z`) + DAY_MS;
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      setFormError('Choose a start and an end date.');
      return;
    }
    if (end <= start) {
      setFormError('The end date must be on or after the start date.');
      return;
    }
    if (start > Date.now()) {
      setFormError('The start date is in the future: there is no usage there yet.');
      return;
    }
    cancelled.current = false;
    const startTimestamp = new Date(start).toISOString();
    const endTimestamp = new Date(end).toISOString();
    const fileName = `venice-usage-${from}-to-${to}.csv`;
    let rows = 0;
    let writable: FileSystemWritableFileStream | null = null;
    let dir: FileSystemDirectoryHandle | null = null;
    setProgress({ state: 'running', rows: 0, fraction: 0, restarts: 0 });
    try {
      dir = await exportDirectory();
      // Earlier exports were handed to the browser's download already: clear them first.
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
        await dir.removeEntry(name).catch(() => undefined);
      }
      const handle = await dir.getFileHandle(fileName, { create: true });
      writable = await handle.createWritable();
      await writable.write(`${USAGE_CSV_COLUMNS.join(',')}\r\n`);

      let query:
        | { startTimestamp: string; endTimestamp: string; pageSize: number; skipAtStart?: number }
        | { cursor: string } = { startTimestamp, endTimestamp, pageSize: PAGE_SIZE };
      let lastTimestamp: string | null = null;
      let rowsAtLast = 0;
      let restarts = 0;
      let idleRestarts = 0;
      for (;;) {
        if (cancelled.current) throw new CancelledExport();
        let page: Awaited<ReturnType<typeof call<'usage.exportPage'>>>;
        try {
          page = await call('usage.exportPage', query);
        } catch (err) {
          if (!(err instanceof RemoteError && err.code === 'usage.cursor_expired')) throw err;
          // FACTS §3.9: a refused cursor means start again from the first page; we start from the
          // last instant written and skip its rows already in the file.
          idleRestarts += 1;
          restarts += 1;
          if (idleRestarts > MAX_IDLE_RESTARTS) throw err;
          query = lastTimestamp
            ? { startTimestamp: lastTimestamp, endTimestamp, pageSize: PAGE_SIZE, skipAtStart: rowsAtLast }
            : { startTimestamp, endTimestamp, pageSize: PAGE_SIZE };
          continue;
        }
        if (cancelled.current) throw new CancelledExport();
        if (page.rows > 0) {
          idleRestarts = 0;
          await writable.write(page.csv);
          rows += page.rows;
          if (page.lastTimestamp === lastTimestamp) rowsAtLast += page.lastTimestampRows;
          else {
            lastTimestamp = page.lastTimestamp;
            rowsAtLast = page.lastTimestampRows;
          }
        }
        const reached = lastTimestamp ? Date.parse(lastTimestamp) : start;
        const fraction = page.nextCursor ? Math.min(0.99, Math.max(0, (reached - start) / (end - start))) : 1;
        setProgress({ state: 'running', rows, fraction, restarts });
        if (!page.nextCursor) break;
        query = { cursor: page.nextCursor };
      }
      await writable.close();
      writable = null;
      const file = await handle.getFile();
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setProgress({ state: 'done', rows, fileName });
    } catch (err) {
      if (writable) await writable.abort().catch(() => undefined);
      if (dir) await dir.removeEntry(fileName).catch(() => undefined);
      if (err instanceof CancelledExport) setProgress({ state: 'cancelled', rows });
      else
        setProgress({
          state: 'failed',
          rows,
          message: err instanceof Error ? err.message : 'The export stopped.',
        });
    }
  }

  const running = progress.state === 'running';
  return (
    <section class="usage-export" aria-labelledby="usage-export-heading">
      <h3 id="usage-export-heading">Export the usage ledger (CSV)</h3>
      <p class="muted">
        Every charge in the range, one row each, in Venice’s CSV columns. Dates are UTC; both days are
        included.
      </p>
      <form onSubmit={run}>
        <label>
          From
          <input
            type="date"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
            disabled={running}
            required
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
            disabled={running}
            required
          />
        </label>
        <button type="submit" class="primary" disabled={running}>
          Export CSV
        </button>
        {running && (
          <button
            type="button"
            onClick={() => {
              cancelled.current = true;
            }}
          >
            Cancel export
          </button>
        )}
      </form>
      {formError && (
        <p class="error" role="alert">
          {formError}
        </p>
      )}
      {running && (
        <>
          <progress aria-label="Export progress" max={1} value={progress.fraction} />
          <p role="status">
            {progress.rows.toLocaleString('en-US')} rows written
            {progress.restarts > 0 && ` (Venice expired the page cursor; resumed ${progress.restarts}×)`}
          </p>
        </>
      )}
      {progress.state === 'done' && (
        <p role="status">
          Exported {progress.rows.toLocaleString('en-US')} rows to {progress.fileName}.
        </p>
      )}
      {progress.state === 'cancelled' && <p role="status">Export cancelled; no file was saved.</p>}
      {progress.state === 'failed' && (
        <p class="error" role="alert">
          The export stopped after {progress.rows.toLocaleString('en-US')} rows: {progress.message} No file
          was saved.
        </p>
      )}
    </section>
  );
}

class CancelledExport extends Error {}
