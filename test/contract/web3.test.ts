import {
  createPublicClient,
  encodeDeployData,
  erc20Abi,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  hashMessage,
  http,
  parseUnits,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { base } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { STAKING_CONTRACT } from '../simulator';
import { request, useSimulator } from './helpers';

const ctx = useSimulator();

const newWallet = () => privateKeyToAccount(generatePrivateKey());

async function getToken(): Promise<string> {
  const res = await ctx.api('/api_keys/generate_web3_key');
  expect(res.status).toBe(200);
  return res.body.data.token;
}

const mint = (json: unknown) => ctx.api('/api_keys/generate_web3_key', { method: 'POST', json });

describe('web3 mint', () => {
  it('issues a one-time HS256 JWT', async () => {
    const token = await getToken();
    const [header, payload, signature] = token.split('.');
    expect(signature).toBeTruthy();
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(15 * 60);
  });

  it('mints a key for a staked wallet whose signature recovers its address; the key works at once', async () => {
    const wallet = newWallet();
    ctx.sim.control.setStake(wallet.address, '1250.5');
    const token = await getToken();
    const signature = await wallet.signMessage({ message: token });
    const res = await mint({ apiKeyType: 'INFERENCE', address: wallet.address, signature, token });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const { data } = res.body;
    expect(data).toMatchObject({
      apiKeyType: 'INFERENCE',
      description: 'Web3 API Key',
      expiresAt: null,
      limitPeriod: 'EPOCH',
    });
    expect(data.apiKey).toMatch(/^VENICE_INFERENCE_KEY_/);
    expect(ctx.sim.control.key(data.id).secret).toBe(data.apiKey);

    const limits = await ctx.api('/api_keys/rate_limits', { key: data.apiKey });
    expect(limits.status).toBe(200);
    expect(limits.body.data.accessPermitted).toBe(true);
    expect(limits.body.data.balances).toMatchObject({ USD: 10, DIEM: 5 });

    const account = ctx.sim.control.accountForWallet(wallet.address.toLowerCase());
    expect(account?.walletAddress).toBe(wallet.address);
    expect(account?.keys.map((key) => key.id)).toEqual([data.id]);

    // A second mint by the same wallet lands in the same account.
    const again = await getToken();
    const second = await mint({
      apiKeyType: 'ADMIN',
      address: wallet.address,
      signature: await wallet.signMessage({ message: again }),
      token: again,
      description: 'wallet admin',
    });
    expect(second.status).toBe(200);
    const list = await ctx.api('/api_keys', { key: second.body.data.apiKey });
    expect(list.body.data.map((key: { id: string }) => key.id).sort()).toEqual(
      [data.id, second.body.data.id].sort(),
    );
  });

  it('echoes limits unreliably (diem from vcu, usd 0 as null) while storing them right', async () => {
    const wallet = newWallet();
    ctx.sim.control.setStake(wallet.address, 10n ** 18n);
    const onlyDiem = await getToken();
    const res = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await wallet.signMessage({ message: onlyDiem }),
      token: onlyDiem,
      consumptionLimit: { usd: 0, diem: 5 },
      limitPeriod: 'MONTH',
      expiresAt: '2026-12-01',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.consumptionLimit).toEqual({ usd: null, diem: null, vcu: null });
    expect(res.body.data.expiresAt).toBe('2026-12-01T00:00:00.000Z');
    expect(ctx.sim.control.key(res.body.data.id).limits).toEqual({ usd: 0, diem: 5, vcu: null });

    const withVcu = await getToken();
    const echoed = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await wallet.signMessage({ message: withVcu }),
      token: withVcu,
      consumptionLimit: { usd: 3, vcu: 7 },
    });
    expect(echoed.body.data.consumptionLimit).toEqual({ usd: 3, diem: 7, vcu: 7 });
  });

  it('refuses a signature by another wallet, and the no-stake wallet', async () => {
    const wallet = newWallet();
    const impostor = newWallet();
    ctx.sim.control.setStake(wallet.address, '5');
    const token = await getToken();
    const wrong = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await impostor.signMessage({ message: token }),
      token,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'Signature does not match the wallet address' });

    const unstakedToken = await getToken();
    const unstaked = await mint({
      apiKeyType: 'INFERENCE',
      address: impostor.address.toLowerCase(),
      signature: await impostor.signMessage({ message: unstakedToken }),
      token: unstakedToken,
    });
    expect(unstaked.status).toBe(400);
    expect(unstaked.body).toEqual({ error: `Wallet ${impostor.address} has no staked VVV on Base` });
    expect(ctx.sim.control.accountForWallet(impostor.address)).toBeNull();

    ctx.sim.control.setStake(wallet.address, '0');
    const removedToken = await getToken();
    const removed = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await wallet.signMessage({ message: removedToken }),
      token: removedToken,
    });
    expect(removed.body.error).toBe(`Wallet ${wallet.address} has no staked VVV on Base`);
  });

  it('refuses an expired token, a reused token and an altered token', async () => {
    const wallet = newWallet();
    ctx.sim.control.setStake(wallet.address, '1');
    const stale = await getToken();
    ctx.sim.control.advance(15 * 60_000);
    const expired = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await wallet.signMessage({ message: stale }),
      token: stale,
    });
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: 'Token has expired. Request a new token and sign it again.' });

    const token = await getToken();
    const body = {
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await wallet.signMessage({ message: token }),
      token,
    };
    expect((await mint(body)).status).toBe(200);
    const reused = await mint(body);
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ error: 'Token has already been used. Request a new token.' });

    const fresh = await getToken();
    const [header, payload, sig] = fresh.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3600 })).toString('base64url')}.${sig}`;
    const altered = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: await wallet.signMessage({ message: forged }),
      token: forged,
    });
    expect(altered.status).toBe(400);
    expect(altered.body.error).toMatch(/^Invalid token/);
  });

  it('refuses bad addresses, malformed signatures and non-strict bodies', async () => {
    const wallet = newWallet();
    ctx.sim.control.setStake(wallet.address, '1');
    const token = await getToken();
    const signature = await wallet.signMessage({ message: token });
    const badAddress = await mint({ apiKeyType: 'INFERENCE', address: '0x1234', signature, token });
    expect(badAddress.body).toEqual({ error: 'Invalid wallet address' });
    const badSignature = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature: '0xdead',
      token,
    });
    expect(badSignature.status).toBe(400);
    expect(badSignature.body.error).toMatch(/^Invalid signature/);
    const extra = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature,
      token,
      chainId: 8453,
    });
    expect(extra.body.details._errors).toEqual(["Unrecognized key(s) in object: 'chainId'"]);
    const missing = await mint({ address: wallet.address });
    expect(Object.keys(missing.body.details).sort()).toEqual(['_errors', 'apiKeyType', 'signature', 'token']);
    const longDescription = await mint({
      apiKeyType: 'INFERENCE',
      address: wallet.address,
      signature,
      token,
      description: 'w'.repeat(65),
    });
    expect(longDescription.body.details.description._errors).toEqual([
      'String must contain at most 64 character(s)',
    ]);
    // None of these spent the token.
    expect((await mint({ apiKeyType: 'INFERENCE', address: wallet.address, signature, token })).status).toBe(
      200,
    );
  });
});

describe('/rpc (Base JSON-RPC stand-in)', () => {
  const rpc = (json: unknown) => request(ctx.sim.rpcUrl, { method: 'POST', json });
  const client = () => createPublicClient({ chain: base, transport: http(ctx.sim.rpcUrl) });

  it('answers chain id, network version and block number, single and batched', async () => {
    expect((await rpc({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })).body).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: '0x2105',
    });
    const batch = await rpc([
      { jsonrpc: '2.0', id: 'a', method: 'net_version' },
      { jsonrpc: '2.0', id: 'b', method: 'eth_blockNumber' },
      { jsonrpc: '2.0', id: 'c', method: 'eth_sendTransaction', params: [] },
    ]);
    expect(batch.body[0]).toEqual({ jsonrpc: '2.0', id: 'a', result: '8453' });
    expect(batch.body[1].result).toMatch(/^0x[0-9a-f]+$/);
    expect(batch.body[2].error.code).toBe(-32601);
    expect(await client().getChainId()).toBe(8453);
    const parse = await request(ctx.sim.rpcUrl, {
      method: 'POST',
      rawBody: '{oops',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(parse.body.error.code).toBe(-32700);
  });

  it('reads staked VVV with balanceOf on the staking contract, and refuses other calls', async () => {
    const wallet = newWallet();
    ctx.sim.control.setStake(wallet.address, '1250.5');
    const read = (address: `0x${string}`) =>
      client().readContract({
        address: STAKING_CONTRACT,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [address],
      });
    expect(await read(wallet.address)).toBe(parseUnits('1250.5', 18));
    expect(await read(newWallet().address)).toBe(0n);
    await expect(
      client().readContract({ address: STAKING_CONTRACT, abi: erc20Abi, functionName: 'totalSupply' }),
    ).rejects.toThrow();
    const other = await rpc({
      jsonrpc: '2.0',
      id: 9,
      method: 'eth_call',
      params: [{ to: '0xacfe6019ed1a7dc6f7b508c02d1b04ec88cc21bf', data: '0x70a08231' }, 'latest'],
    });
    expect(other.body.error).toBeDefined();
  });

  it('runs the deployless ERC-6492 validation, so publicClient.verifyMessage works against it', async () => {
    const wallet = newWallet();
    const impostor = newWallet();
    const message = await getToken();
    const signature = await wallet.signMessage({ message });
    const validate = async (signer: `0x${string}`) =>
      (
        await rpc({
          jsonrpc: '2.0',
          id: 1,
          method: 'eth_call',
          params: [
            {
              data: encodeDeployData({
                abi: erc6492SignatureValidatorAbi,
                bytecode: erc6492SignatureValidatorByteCode,
                args: [signer, hashMessage(message), signature],
              }),
            },
            'latest',
          ],
        })
      ).body.result;
    expect(await validate(wallet.address)).toBe('0x01');
    expect(await validate(impostor.address)).toBe('0x00');

    ctx.sim.control.clearRequestLog();
    expect(await client().verifyMessage({ address: wallet.address, message, signature })).toBe(true);
    expect(ctx.sim.control.requestLog().flatMap((entry) => entry.rpcMethods ?? [])).toContain('eth_call');
    expect(await client().verifyMessage({ address: impostor.address, message, signature })).toBe(false);
  });
});
