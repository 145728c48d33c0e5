/**
 * The wallet window's Base reads, with real viem against the simulator's Base JSON-RPC
 * (which answers balanceOf on the staking contract and viem's ERC-6492 validator eth_call).
 */

import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBaseClient,
  RpcUnavailableError,
  readStakedVvv,
  verifyTokenSignature,
} from '@/lib/wallet/chain';
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
    expect(await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature })).toBe(
      true,
    );
  });

  it('refuses a signature by another key', async () => {
    const connected = privateKeyToAccount(generatePrivateKey());
    const other = privateKeyToAccount(generatePrivateKey());
    const signature = await other.signMessage({ message: TOKEN });
    const client = await createBaseClient(sim.rpcUrl);
    expect(
      await verifyTokenSignature(client, { address: connected.address, message: TOKEN, signature }),
    ).toBe(false);
  });

  it('refuses a signature of anything but the exact token', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = await createBaseClient(sim.rpcUrl);
    const ofAltered = await account.signMessage({ message: `${TOKEN} ` });
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature: ofAltered }),
    ).toBe(false);
    // A hash of the token signed raw (not EIP-191 of the string) is not what Venice verifies either.
    const raw = await account.sign({ hash: `0x${'11'.repeat(32)}` });
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature: raw }),
    ).toBe(false);
  });

  it('refuses garbage that only looks like a signature', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = await createBaseClient(sim.rpcUrl);
    const forged = `0x${'ab'.repeat(65)}` as const;
    expect(
      await verifyTokenSignature(client, { address: account.address, message: TOKEN, signature: forged }),
    ).toBe(false);
  });

  it('cannot decide a mismatch when the RPC is down, and says so instead of guessing', async () => {
    const down = await startSimulator({ port: 0 });
    const url = down.rpcUrl;
    await down.close();
    const client = await createBaseClient(url);
    const connected = privateKeyToAccount(generatePrivateKey());
    const signature = await privateKeyToAccount(generatePrivateKey()).signMessage({ message: TOKEN });
    await expect(
      verifyTokenSignature(client, { address: connected.address, message: TOKEN, signature }),
    ).rejects.toBeInstanceOf(RpcUnavailableError);
  });
});

describe('stake preflight', () => {
  it('reads staked sVVV (wei) from the staking contract on Base', async () => {
    const address = privateKeyToAccount(generatePrivateKey()).address;
    sim.control.setStake(address, '1250.5');
    const client = await createBaseClient(sim.rpcUrl);
    expect(await readStakedVvv(client, address)).toBe(1_250_500_000_000_000_000_000n);
  });

  it('reads zero for a wallet with no stake', async () => {
    const client = await createBaseClient(sim.rpcUrl);
    expect(await readStakedVvv(client, privateKeyToAccount(generatePrivateKey()).address)).toBe(0n);
  });

  it('reports an RPC that is down as RpcUnavailableError (retryable), never as zero', async () => {
    const down = await startSimulator({ port: 0 });
    const url = down.rpcUrl;
    await down.close();
    const client = await createBaseClient(url);
    const error = await readStakedVvv(client, privateKeyToAccount(generatePrivateKey()).address).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RpcUnavailableError);
    expect(error.retryable).toBe(true);
  });

  it('reports an RPC answering with an error status', async () => {
    sim.control.addFault({ path: '/rpc', kind: 'status', status: 503, times: 10 });
    try {
      const client = await createBaseClient(sim.rpcUrl);
      const error = await readStakedVvv(client, privateKeyToAccount(generatePrivateKey()).address).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(RpcUnavailableError);
      expect(error.detail).toBe('HTTP 503');
    } finally {
      sim.control.clearFaults();
    }
  });
});
