/**
 * The page side of a secret copy: which `clipboardchange` events mean "the user copied something
 * else" (so the background leaves the clipboard alone) and which are our own write. A wrong call
 * in one direction leaves a secret on the clipboard; so the own event is told apart by order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ method: string; input: unknown }> = [];
/** What the background answers to `clipboard.keep`. */
let keepOutcome = 'kept';
vi.mock('@/lib/messaging/client', () => ({
  call: async (method: string, input: unknown) => {
    calls.push({ method, input });
    if (method === 'clipboard.scheduleClear') return { scheduled: true, clearsInMs: 30_000 };
    if (method === 'clipboard.keep') return { outcome: keepOutcome };
    throw new Error(`unexpected call ${method}`);
  },
}));

/** A clipboard that, like Chromium's, reports each write as a `clipboardchange` event. */
class FakeClipboard extends EventTarget {
  text = '';
  /** How long our own write's event takes to arrive (ms): on a busy machine, long. */
  ownEventDelayMs = 0;
  async writeText(text: string): Promise<void> {
    this.text = text;
    setTimeout(() => this.dispatchEvent(new Event('clipboardchange')), this.ownEventDelayMs);
  }
  /** Someone else (the user, another app) puts something on the clipboard. */
  userCopies(text: string): void {
    this.text = text;
    this.dispatchEvent(new Event('clipboardchange'));
  }
}

let clipboard: FakeClipboard;

beforeEach(() => {
  calls.length = 0;
  keepOutcome = 'kept';
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  clipboard = new FakeClipboard();
  vi.stubGlobal('navigator', { clipboard });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const keeps = () => calls.filter((c) => c.method === 'clipboard.keep');

describe('copySecret', () => {
  it('our own write is not taken for the user copying something else, however late its event comes', async () => {
    const { copySecret } = await import('@/lib/clipboard');
    clipboard.ownEventDelayMs = 2_000;
    const handle = await copySecret('VENICE_INFERENCE_KEY_synthetic-test-only');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(keeps()).toEqual([]);
    expect(handle.clearsInMs).toBe(30_000);
  });

  it('a copy by the user after our write tells the background to leave the clipboard alone', async () => {
    const { copySecret } = await import('@/lib/clipboard');
    clipboard.ownEventDelayMs = 2_000;
    const handle = await copySecret('VENICE_INFERENCE_KEY_synthetic-test-only');
    await vi.advanceTimersByTimeAsync(2_500);
    clipboard.userCopies('something the user copied later');
    await expect(handle.done).resolves.toBe('left-alone');
    expect(keeps()).toHaveLength(1);
  });

  it('the clear\'s own write, reported before the "cleared" notice, still ends as cleared', async () => {
    const { copySecret } = await import('@/lib/clipboard');
    const handle = await copySecret('VENICE_INFERENCE_KEY_synthetic-test-only');
    await vi.advanceTimersByTimeAsync(1_000);
    keepOutcome = 'cleared';
    clipboard.userCopies(''); // the offscreen document's clear
    await expect(handle.done).resolves.toBe('cleared');
  });

  it('one write reported as two events in a burst is still ours', async () => {
    const { copySecret } = await import('@/lib/clipboard');
    clipboard.ownEventDelayMs = 1_000;
    await copySecret('VENICE_INFERENCE_KEY_synthetic-test-only');
    await vi.advanceTimersByTimeAsync(1_000);
    clipboard.dispatchEvent(new Event('clipboardchange'));
    await vi.advanceTimersByTimeAsync(10);
    expect(keeps()).toEqual([]);
  });

  it('a failed write throws and leaves no listener behind', async () => {
    const { copySecret } = await import('@/lib/clipboard');
    clipboard.writeText = async () => {
      throw new Error('Document is not focused.');
    };
    await expect(copySecret('VENICE_INFERENCE_KEY_synthetic-test-only')).rejects.toThrow('not focused');
    clipboard.userCopies('later');
    await vi.advanceTimersByTimeAsync(10);
    expect(keeps()).toEqual([]);
    expect(calls.filter((c) => c.method === 'clipboard.scheduleClear')).toEqual([]);
  });
});

describe('the clear timer', () => {
  it('tells a keep that crossed the clear that the clear already ran', async () => {
    const { createClearTimer } = await import('@/lib/clipboard-protocol');
    const notices: unknown[] = [];
    const doc = { execCommand: () => true, addEventListener() {}, removeEventListener() {} };
    const timer = createClearTimer(doc as unknown as Document, (n) => notices.push(n));
    timer.schedule('copy-aaaaaaaaaaaaaaaa', 30_000);
    expect(timer.keep('copy-aaaaaaaaaaaaaaaa')).toBe('kept');
    await vi.advanceTimersByTimeAsync(31_000);
    expect(notices).toEqual([]);

    timer.schedule('copy-bbbbbbbbbbbbbbbb', 30_000);
    timer.runNow();
    expect(notices).toHaveLength(1);
    expect(timer.keep('copy-bbbbbbbbbbbbbbbb')).toMatch(/^(cleared|failed)$/);
    expect(timer.keep('copy-never-scheduled-00')).toBe('unknown');
  });
});
