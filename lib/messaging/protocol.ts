import type { SerializedError } from '@/lib/errors';

/** Every request a UI page sends to the background. */
export interface RpcRequest {
  kind: 'vkc/rpc';
  method: string;
  input?: unknown;
}

export type RpcResponse<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError };

export function isRpcRequest(message: unknown): message is RpcRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as RpcRequest).kind === 'vkc/rpc' &&
    typeof (message as RpcRequest).method === 'string'
  );
}
