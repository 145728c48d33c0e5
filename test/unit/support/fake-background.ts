/**
 * The background as a page reaches it (`call` of lib/messaging/client), for page tests: one
 * answer per method, set by the test, every call recorded; a method with no answer fails as the
 * real router's internal error does. In the test file:
 *
 *   vi.mock('@/lib/messaging/client', async () => (await import('../support/fake-background')).client());
 *   const { background } = await import('../support/fake-background');
 */
import { vi } from 'vitest';

const actual = await vi.importActual<typeof import('@/lib/messaging/client')>('@/lib/messaging/client');

export const background = {
  answers: {} as Record<string, (input: unknown) => unknown>,
  calls: [] as { method: string; input: unknown }[],
  /** Forgets the calls and the answers (call in `beforeEach`). */
  reset(answers: Record<string, (input: unknown) => unknown> = {}): void {
    background.calls.length = 0;
    background.answers = answers;
  },
};

/** The client module with `call` answered by `background`. */
export function client(): typeof actual {
  return {
    ...actual,
    call: vi.fn(async (method: string, input?: unknown) => {
      background.calls.push({ method, input });
      const answer = background.answers[method];
      if (!answer)
        throw new actual.RemoteError({ code: 'extension.internal', message: `no answer for ${method}` });
      return answer(input);
    }) as unknown as typeof actual.call,
  };
}
