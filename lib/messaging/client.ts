import { browser } from 'wxt/browser';
import type { Api } from '@/lib/background/api';
import { CodedError, type SerializedError, serialized, UNREACHABLE_TEXT } from '@/lib/error-shape';
import type { InputOf, ResultOf } from './define';
import { isVaultChangedNotice, type RpcRequest, type RpcResponse, type VaultChangedNotice } from './protocol';

/**
 * An error that came back from the background, with its code, message and hint, taken as sent:
 * the page and its background are one build, and the list of codes stays out of the pages' first
 * paint. (The background reads what older versions stored through lib/error-codes.ts.)
 */
export class RemoteError extends CodedError {
  override name = 'RemoteError';
  readonly retryAfterSeconds: number | undefined;
  constructor(e: SerializedError) {
    super(e.code, e.message, e.hint ?? '', { retryable: e.retryable === true });
    this.retryAfterSeconds = e.retryAfterSeconds;
  }
}

type Method = keyof Api & string;

/** Calls one background method; the types come from the background's own API map. */
export async function call<M extends Method>(
  method: M,
  ...args: undefined extends InputOf<Api[M]> ? [input?: InputOf<Api[M]>] : [input: InputOf<Api[M]>]
): Promise<ResultOf<Api[M]>> {
  const request: RpcRequest = { kind: 'vkc/rpc', method, input: args[0] };
  let response: RpcResponse | undefined;
  try {
    response = (await browser.runtime.sendMessage(request)) as RpcResponse | undefined;
  } catch {
    throw unreachable();
  }
  if (!response || typeof response !== 'object') throw unreachable();
  if (!response.ok) throw new RemoteError(response.error);
  return response.value as ResultOf<Api[M]>;
}

function unreachable(): RemoteError {
  return new RemoteError({
    ...serialized('messaging.background_unreachable', UNREACHABLE_TEXT),
    retryable: true,
  });
}

/**
 * Calls `onChange` when the background says the vault was locked or unlocked; returns the
 * function that stops listening. Only our own background is heard (not a tab's content script).
 */
export function onVaultChanged(onChange: (status: VaultChangedNotice['status']) => void): () => void {
  const listener = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (!isVaultChangedNotice(message) || sender.id !== browser.runtime.id || sender.tab) return undefined;
    onChange(message.status);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
