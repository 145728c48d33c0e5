/**
 * A scripted stand-in for fetch: each call takes the next step (a Response factory, an
 * error to throw, or 'hang' to wait for the abort signal) and is recorded.
 */

export interface RecordedCall {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
  init: RequestInit;
}

export type Step = (() => Response) | { throw: unknown } | 'hang' | { bodyError: unknown; status?: number };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): () => Response {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): () => Response {
  return () => new Response(body, { status, headers });
}

export function createFakeFetch(steps: Step[]) {
  const calls: RecordedCall[] = [];
  let index = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    calls.push({
      url: new URL(String(input)),
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      init,
    });
    const step = steps[index++];
    if (step === undefined) throw new Error(`fake fetch: no step for call ${index}`);
    if (step === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (typeof step === 'function') return step();
    if ('throw' in step) throw step.throw;
    // A response whose body stream fails mid-read, like a dropped connection.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data":'));
        controller.error(step.bodyError);
      },
    });
    return new Response(stream, { status: step.status ?? 200 });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls, remaining: () => steps.length - index };
}
