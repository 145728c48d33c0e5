import type { SerializedError } from '@/lib/errors';
import type { VaultStatus } from '@/lib/vault/types';

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

/**
 * The background's notice to open pages that the vault was locked or unlocked (by the idle
 * timer, "Lock now", another page). It carries nothing secret: pages ask again for what they show.
 */
export interface VaultChangedNotice {
  kind: 'vkc/vault-changed';
  status: Exclude<VaultStatus, 'none'>;
}

export function isVaultChangedNotice(message: unknown): message is VaultChangedNotice {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as VaultChangedNotice).kind === 'vkc/vault-changed' &&
    ((message as VaultChangedNotice).status === 'locked' ||
      (message as VaultChangedNotice).status === 'unlocked')
  );
}
