/**
 * A Base JSON-RPC stand-in: enough of Base mainnet (chain 8453) for the stake preflight
 * (`balanceOf` on the sVVV staking contract) and for viem's `publicClient.verifyMessage`,
 * which for an EOA runs the ERC-6492 validator as a deployless `eth_call`.
 */
import {
  decodeAbiParameters,
  encodeAbiParameters,
  erc6492SignatureValidatorByteCode,
  type Hex,
  isErc6492Signature,
  recoverAddress,
} from 'viem';
import type { SimulatorState } from './state';

export const BASE_CHAIN_ID = 8453;
export const STAKING_CONTRACT = '0x321b7ff75154472b18edb199033ff4d116f340ff';
const BALANCE_OF_SELECTOR = '0x70a08231';
/** Base mainnet genesis (seconds) and block time, so block numbers advance with the clock. */
const BASE_GENESIS_SECONDS = 1_686_789_347;
const BLOCK_SECONDS = 2;

interface JsonRpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

interface JsonRpcError {
  code: number;
  message: string;
}

class RpcFailure extends Error {
  constructor(readonly error: JsonRpcError) {
    super(error.message);
  }
}

const revert = () => new RpcFailure({ code: 3, message: 'execution reverted' });

function isHexString(value: unknown): value is Hex {
  return typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value);
}

async function ethCall(state: SimulatorState, params: unknown): Promise<Hex> {
  const call = Array.isArray(params) ? params[0] : undefined;
  if (typeof call !== 'object' || call === null) {
    throw new RpcFailure({ code: -32602, message: 'invalid argument 0: expected a call object' });
  }
  const { to, data, input } = call as { to?: unknown; data?: unknown; input?: unknown };
  const calldata = data ?? input;
  if (!isHexString(calldata))
    throw new RpcFailure({ code: -32602, message: 'invalid argument 0: data must be hex' });
  const lowerData = calldata.toLowerCase();

  if (to === undefined || to === null) {
    // Deployless ERC-6492 validation: the validator's creation code followed by the
    // ABI-encoded (signer, hash, signature). Its constructor returns one byte, 0x01 or 0x00.
    if (!lowerData.startsWith(erc6492SignatureValidatorByteCode.toLowerCase())) throw revert();
    const args = `0x${calldata.slice(erc6492SignatureValidatorByteCode.length)}` as Hex;
    let signer: string;
    let hash: Hex;
    let signature: Hex;
    try {
      [signer, hash, signature] = decodeAbiParameters(
        [{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes' }],
        args,
      );
    } catch {
      throw revert();
    }
    // Only EOAs live on this chain: a wrapped (counterfactual contract) signature cannot be valid.
    if (isErc6492Signature(signature) || signature.length !== 132) return '0x00';
    try {
      const recovered = await recoverAddress({ hash, signature });
      return recovered.toLowerCase() === signer.toLowerCase() ? '0x01' : '0x00';
    } catch {
      return '0x00';
    }
  }

  if (
    typeof to === 'string' &&
    to.toLowerCase() === STAKING_CONTRACT &&
    lowerData.startsWith(BALANCE_OF_SELECTOR)
  ) {
    let holder: string;
    try {
      [holder] = decodeAbiParameters([{ type: 'address' }], `0x${calldata.slice(10)}` as Hex);
    } catch {
      throw revert();
    }
    const staked = state.stakes.get(holder.toLowerCase()) ?? 0n;
    return encodeAbiParameters([{ type: 'uint256' }], [staked]);
  }
  throw revert();
}

async function dispatch(state: SimulatorState, method: string, params: unknown): Promise<unknown> {
  switch (method) {
    case 'eth_chainId':
      return `0x${BASE_CHAIN_ID.toString(16)}`;
    case 'net_version':
      return String(BASE_CHAIN_ID);
    case 'eth_blockNumber': {
      const block = Math.max(
        0,
        Math.floor((state.clock.now() / 1000 - BASE_GENESIS_SECONDS) / BLOCK_SECONDS),
      );
      return `0x${block.toString(16)}`;
    }
    case 'eth_getCode': {
      const address = Array.isArray(params) ? params[0] : undefined;
      if (typeof address !== 'string')
        throw new RpcFailure({ code: -32602, message: 'invalid argument 0: address' });
      // The staking contract has code; every wallet here is an EOA.
      return address.toLowerCase() === STAKING_CONTRACT ? '0x6080604052348015600f57600080fd5b50' : '0x';
    }
    case 'eth_call':
      return ethCall(state, params);
    default:
      throw new RpcFailure({ code: -32601, message: `the method ${method} does not exist/is not available` });
  }
}

async function answer(state: SimulatorState, request: unknown): Promise<Record<string, unknown>> {
  const message = (typeof request === 'object' && request !== null ? request : {}) as JsonRpcRequest;
  const id = message.id ?? null;
  if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') {
    return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid Request' } };
  }
  try {
    return { jsonrpc: '2.0', id, result: await dispatch(state, message.method, message.params) };
  } catch (error) {
    if (error instanceof RpcFailure) return { jsonrpc: '2.0', id, error: error.error };
    return { jsonrpc: '2.0', id, error: { code: -32603, message: 'Internal error' } };
  }
}

/** The JSON-RPC methods a /rpc body names, for the request log. */
export function rpcMethodsOf(body: unknown): string[] {
  const requests = Array.isArray(body) ? body : [body];
  return requests
    .map((request) =>
      typeof request === 'object' && request !== null ? (request as JsonRpcRequest).method : undefined,
    )
    .filter((method): method is string => typeof method === 'string');
}

/** Answers a raw /rpc body: one request or a batch. */
export async function handleRpc(state: SimulatorState, raw: string): Promise<unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
  }
  if (Array.isArray(body)) {
    if (body.length === 0)
      return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } };
    return Promise.all(body.map((request) => answer(state, request)));
  }
  return answer(state, body);
}
