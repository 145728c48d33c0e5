/**
 * The wallet window's Base reads, with real viem against the simulator's Base JSON-RPC
 * (which answers balanceOf on the staking contract and viem's ERC-6492 validator eth_call).
 */

import type { PublicClient } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaseClient, RpcUnavailableError, verifyTokenSignature } from '@/lib/wallet/chain';
import { type Simulator, startSimulator } from '../../simulator';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4In0.c2ln';

describe('signature check before posting', () => {
  it('accepts the connected account’s EIP-191 signature of the exact token', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: TOKEN });
    const client = await createBaseClient(sim.rpcUrl);
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature }),
    ).toEqual({ valid: true, via: 'local' });
  });

  it('refuses a signature by another key', async () => {
    const connected = privateKeyToAccount(generatePrivateKey());
    const other = privateKeyToAccount(generatePrivateKey());
    const signature = await other.signMessage({ message: TOKEN });
    const client = await createBaseClient(sim.rpcUrl);
    expect(
      await verifyTokenSignature(client, { address: connected.address, message: TOKEN, signature }),
    ).toEqual({ valid: false, via: 'local' });
  });

  it('refuses a signature of anything but the exact token', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = await createBaseClient(sim.rpcUrl);
    const ofAltered = await account.signMessage({ message: `${TOKEN} ` });
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature: ofAltered }),
    ).toEqual({ valid: false, via: 'local' });
    // A hash of the token signed raw (not EIP-191 of the string) is not what Venice verifies either.
    const raw = await account.sign({ hash: `0x${'11'.repeat(32)}` });
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature: raw }),
    ).toEqual({ valid: false, via: 'local' });
  });

  it('refuses garbage that only looks like a signature', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = await createBaseClient(sim.rpcUrl);
    const forged = `0x${'ab'.repeat(65)}` as const;
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature: forged }),
    ).toEqual({ valid: false, via: 'local' });
  });

  it('decides a plain 65-byte signature without the RPC, even a dishonest or dead one', async () => {
    const connected = privateKeyToAccount(generatePrivateKey());
    const forged = await privateKeyToAccount(generatePrivateKey()).signMessage({ message: TOKEN });
    const genuine = await connected.signMessage({ message: TOKEN });
    const asked: string[] = [];
    // An RPC that calls every signature valid and every address a contract.
    const liar = {
      verifyMessage: async () => {
        asked.push('verifyMessage');
        return true;
      },
      getCode: async () => {
        asked.push('getCode');
        return '0x6080' as const;
      },
      getChainId: async () => {
        asked.push('getChainId');
        return 8453;
      },
      call: async () => {
        asked.push('call');
        return { data: `0x${'0'.repeat(63)}1` };
      },
      request: async () => {
        asked.push('request');
        return '0x1';
      },
    } as unknown as PublicClient;
    expect(
      await verifyTokenSignature(liar, { address: connected.address, message: TOKEN, signature: forged }),
    ).toEqual({ valid: false, via: 'local' });
    expect(
      await verifyTokenSignature(liar, { address: connected.address, message: TOKEN, signature: genuine }),
    ).toEqual({ valid: true, via: 'local' });
    expect(asked).toEqual([]);

    const down = await startSimulator({ port: 0 });
    const url = down.rpcUrl;
    await down.close();
    const dead = await createBaseClient(url);
    expect(
      await verifyTokenSignature(dead, { address: connected.address, message: TOKEN, signature: forged }),
    ).toEqual({ valid: false, via: 'local' });
  });

  it('needs the RPC only for a contract wallet’s longer signature, and says it could not decide when it is down', async () => {
    const down = await startSimulator({ port: 0 });
    const url = down.rpcUrl;
    await down.close();
    const client = await createBaseClient(url);
    const connected = privateKeyToAccount(generatePrivateKey());
    // An ERC-1271 style signature: longer than 65 bytes, only the contract can judge it.
    const contractSignature = `0x${'ab'.repeat(96)}` as const;
    await expect(
      verifyTokenSignature(client, {
        address: connected.address,
        message: TOKEN,
        signature: contractSignature,
      }),
    ).rejects.toBeInstanceOf(RpcUnavailableError);
    const live = await createBaseClient(sim.rpcUrl);
    expect(
      await verifyTokenSignature(live, {
        address: connected.address,
        message: TOKEN,
        signature: contractSignature,
      }),
    ).toEqual({ valid: false, via: 'rpc' });
  });
});
