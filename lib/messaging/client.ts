import { browser } from 'wxt/browser';
import type { Api } from '@/lib/background/api';
import { AppError } from '@/lib/errors';
import type { InputOf, ResultOf } from './define';
import { isVaultChangedNotice, type RpcRequest, type RpcResponse, type VaultChangedNotice } from './protocol';

/** An error that came back from the background, with its code and user-facing message. */
export class RemoteError extends AppError {
  override name = 'RemoteError';
  readonly retryAfterSeconds: number | undefined;
  constructor(code: string, message: string, retryable = false, retryAfterSeconds?: number) {
    super(code, message, { retryable });
    this.retryAfterSeconds = retryAfterSeconds;
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
    throw new RemoteError(
      'background_unreachable',
      'The extension’s background did not answer. Try again.',
      true,
    );
  }
  if (!response || typeof response !== 'object') {
    throw new RemoteError(
      'background_unreachable',
      'The extension’s background did not answer. Try again.',
      true,
    );
  }
  if (!response.ok) {
    const e = response.error;
    throw new RemoteError(e.code, e.message, e.retryable ?? false, e.retryAfterSeconds);
  }
  return response.value as ResultOf<Api[M]>;
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
