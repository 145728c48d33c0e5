/**
 * Base reads through viem, for the wallet window only (viem is loaded on demand there, never
 * in the popup or at the background's start): the staked-VVV preflight and the check that a
 * signature belongs to the connected address before anything is posted.
 */
import type { PublicClient } from 'viem';
import { AppError } from '@/lib/errors';
import type { Address, Hex } from './flow';

/** Venice's sVVV staking contract on Base (FACTS §3.8). */
export const STAKING_CONTRACT: Address = '0x321b7ff75154472b18edb199033ff4d116f340ff';
export const BASE_CHAIN_ID = 8453;
const RPC_TIMEOUT_MS = 10_000;

const balanceOfAbi = [
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'account', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const;

/** The Base RPC could not be read (down, refused, timed out, or not Base). */
export class RpcUnavailableError extends AppError {
  override name = 'RpcUnavailableError';
  readonly detail: string;
  constructor(detail: string, cause?: unknown) {
    super('mint.rpc_down', `The Base RPC could not be read (${detail}).`, { cause, retryable: true });
    this.detail = detail;
  }
}

/** A viem client for Base over the configured JSON-RPC URL (viem loaded on first use). */
export async function createBaseClient(rpcUrl: string): Promise<PublicClient> {
  const [{ createPublicClient, http }, { base }] = await Promise.all([import('viem'), import('viem/chains')]);
  return createPublicClient({
    chain: base,
    transport: http(rpcUrl, { timeout: RPC_TIMEOUT_MS, retryCount: 1 }),
  }) as PublicClient;
}

function describeRpcError(err: unknown): string {
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError') return 'no answer in time';
  if (name === 'HttpRequestError') {
    const status = (err as { status?: unknown }).status;
    return typeof status === 'number' ? `HTTP ${status}` : 'unreachable';
  }
  if (name === 'ContractFunctionExecutionError' || name === 'CallExecutionError')
    return 'the staking contract could not be read';
  return 'unexpected answer';
}

/** Staked sVVV (wei) of `address`; throws RpcUnavailableError when Base cannot be read. */
export async function readStakedVvv(client: PublicClient, address: Address): Promise<bigint> {
  try {
    const chainId = await client.getChainId();
    if (chainId !== BASE_CHAIN_ID) throw new RpcUnavailableError(`it serves chain ${chainId}, not Base`);
    return await client.readContract({
      address: STAKING_CONTRACT,
      abi: balanceOfAbi,
      functionName: 'balanceOf',
      args: [address],
    });
  } catch (err) {
    if (err instanceof RpcUnavailableError) throw err;
    throw new RpcUnavailableError(describeRpcError(err), err);
  }
}

/** How a signature was found to be (or not be) the connected address's. */
export interface SignatureCheck {
  valid: boolean;
  /**
   * 'local': recovered from the 65-byte ECDSA signature here, no RPC asked. 'rpc': a contract
   * wallet (ERC-1271/6492): only Base can say, so the configured RPC's answer was taken.
   */
  via: 'local' | 'rpc';
}

const ECDSA_SIGNATURE = /^0x[0-9a-fA-F]{130}$/;

/**
 * Whether `signature` is `address`'s EIP-191 signature of `message`. A 65-byte ECDSA signature
 * is recovered here and the answer is final: no RPC is asked (viem's verifyMessage asks the
 * RPC first, so a dishonest RPC could call a forged signature valid). Only a longer signature,
 * a contract wallet's (ERC-1271, or ERC-6492 for one not deployed yet), needs Base to answer,
 * through the configured RPC; the result says so. Throws RpcUnavailableError when that answer
 * depends on a Base RPC that is down.
 */
export async function verifyTokenSignature(
  client: PublicClient,
  input: { address: Address; message: string; signature: Hex },
): Promise<SignatureCheck> {
  if (ECDSA_SIGNATURE.test(input.signature)) {
    const { recoverMessageAddress } = await import('viem');
    const recovered = await recoverMessageAddress({
      message: input.message,
      signature: input.signature,
    }).catch(() => null);
    return { valid: recovered?.toLowerCase() === input.address.toLowerCase(), via: 'local' };
  }
  let valid: boolean;
  try {
    valid = await client.verifyMessage({
      address: input.address,
      message: input.message,
      signature: input.signature,
    });
  } catch (err) {
    throw new RpcUnavailableError(describeRpcError(err), err);
  }
  if (valid) return { valid: true, via: 'rpc' };
  // viem reports an unreachable RPC as "not valid": only say "mismatch" when Base answered.
  try {
    await client.getChainId();
  } catch (err) {
    throw new RpcUnavailableError(describeRpcError(err), err);
  }
  return { valid: false, via: 'rpc' };
}
