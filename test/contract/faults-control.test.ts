import { connect } from 'node:net';
import { createPublicClient, http } from 'viem';
import { base } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { request, useSimulator } from './helpers';

const ctx = useSimulator();

describe('faults', () => {
  it('holds a matching request for the injected latency while others are answered, then answers it normally', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    // Long enough that the later request is answered well inside it even on a loaded machine;
    // nothing here measures time: the proof is the order in which the answers arrive.
    const { id } = ctx.sim.control.addFault({
      method: 'GET',
      path: '/api/v1/api_keys',
      kind: 'latency',
      ms: 3_000,
      times: 1,
    });
    ctx.sim.control.clearRequestLog();
    let heldAnswered = false;
    const held = ctx.api('/api_keys', { key: adminKey }).finally(() => {
      heldAnswered = true;
    });
    // The fault is spent the moment the request arrives and starts waiting.
    await expect.poll(() => ctx.sim.control.faults()).toEqual([]);
    const later = await ctx.api('/api_keys', { key: adminKey });
    expect(later.status).toBe(200);
    expect(heldAnswered).toBe(false);
    expect(ctx.sim.control.requestLog()[0]?.status).toBeNull();

    const res = await held;
    expect(res.status).toBe(200);
    expect(res.body).toEqual(later.body);
    expect(ctx.sim.control.requestLog()[0]).toMatchObject({ status: 200, faultIds: [id] });
  });

  it('answers any status with a body for the next N requests, then recovers', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    ctx.sim.control.addFault({
      path: '/api/v1/billing/*',
      kind: 'status',
      status: 503,
      body: { error: 'down' },
      times: 2,
    });
    for (let n = 0; n < 2; n += 1) {
      const res = await ctx.api('/billing/balance', { key: adminKey });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'down' });
    }
    expect((await ctx.api('/billing/balance', { key: adminKey })).status).toBe(200);
  });

  it('answers 429 with Retry-After until cleared, only for the matching method', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    const { id } = ctx.sim.control.addFault({
      method: 'POST',
      path: '/api/v1/api_keys',
      kind: 'rate_limit',
      retryAfterSeconds: 7,
    });
    const json = { apiKeyType: 'INFERENCE', description: 'x' };
    for (let n = 0; n < 3; n += 1) {
      const res = await ctx.api('/api_keys', { method: 'POST', key: adminKey, json });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    }
    expect((await ctx.api('/api_keys', { key: adminKey })).status).toBe(200);
    ctx.sim.control.clearFaults(id);
    expect((await ctx.api('/api_keys', { method: 'POST', key: adminKey, json })).status).toBe(200);
  });

  it('sends malformed JSON with a JSON content type', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    ctx.sim.control.addFault({ path: '/api/v1/api_keys', kind: 'malformed_json', times: 1 });
    const response = await fetch(`${ctx.sim.apiBase}/api_keys`, {
      headers: { Authorization: `Bearer ${adminKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow();
  });

  it('drops the connection without an answer, and logs no status', async () => {
    ctx.sim.control.addFault({ path: '/api/v1/api_keys/rate_limits', kind: 'drop', times: 1 });
    ctx.sim.control.clearRequestLog();
    await expect(fetch(`${ctx.sim.apiBase}/api_keys/rate_limits`)).rejects.toThrow();
    expect(ctx.sim.control.requestLog()[0]).toMatchObject({
      path: '/api/v1/api_keys/rate_limits',
      status: null,
    });
    expect((await ctx.api('/api_keys/rate_limits')).status).toBe(402);
  });

  it('holds a matching request until released, then answers it (or drops it, with a drop fault behind)', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    ctx.sim.control.addFault({ method: 'GET', path: '/api/v1/api_keys', kind: 'hold', times: 2 });
    ctx.sim.control.clearRequestLog();
    let heldAnswered = false;
    const held = ctx.api('/api_keys', { key: adminKey }).finally(() => {
      heldAnswered = true;
    });
    await expect.poll(() => ctx.sim.control.requestLog().length).toBe(1);
    // Other routes are answered meanwhile; the held one is not, however long that takes.
    expect((await ctx.api('/api_keys/rate_limits', { key: adminKey })).status).toBe(200);
    expect(heldAnswered).toBe(false);
    expect(ctx.sim.control.requestLog()[0]?.status).toBeNull();
    expect(ctx.sim.control.releaseHeld()).toBe(1);
    expect((await held).status).toBe(200);

    ctx.sim.control.addFault({ method: 'GET', path: '/api/v1/api_keys', kind: 'drop', times: 1 });
    const dropped = fetch(`${ctx.sim.apiBase}/api_keys`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    await expect.poll(() => ctx.sim.control.requestLog().length).toBe(3);
    expect(ctx.sim.control.releaseHeld()).toBe(1);
    await expect(dropped).rejects.toThrow();
    expect(ctx.sim.control.faults()).toEqual([]);
    expect(ctx.sim.control.releaseHeld()).toBe(0);
  });

  it('applies to /rpc as well', async () => {
    const client = createPublicClient({ chain: base, transport: http(ctx.sim.rpcUrl, { retryCount: 0 }) });
    ctx.sim.control.addFault({ path: '/rpc', kind: 'status', status: 500, times: 1 });
    await expect(client.getChainId()).rejects.toThrow();
    expect(await client.getChainId()).toBe(8453);
  });
});

describe('control API over HTTP', () => {
  const control = (operation: string, json?: unknown) =>
    request(`${ctx.sim.origin}/_control/${operation}`, { method: 'POST', json: json ?? {} });

  it('seeds, moves the clock, injects faults, reads the log and resets, like the in-process control', async () => {
    const account = await control('createAccount', { balances: { USD: 7 } });
    expect(account.status).toBe(200);
    const { accountId, adminKey } = account.body;
    expect(adminKey).toMatch(/^VENICE_ADMIN_KEY_/);
    const key = await control('addKey', { accountId, consumptionLimit: { usd: 2 } });
    expect(key.body.secret).toMatch(/^VENICE_INFERENCE_KEY_/);
    expect((await control('recordUsage', { keyId: key.body.id, amount: 0.5, currency: 'USD' })).body).toEqual(
      { ok: true },
    );
    const limits = await ctx.api('/api_keys/rate_limits', { key: key.body.secret });
    expect(limits.body.data.balances.USD).toBe(1.5);
    expect((await control('setBalances', { accountId, USD: 1 })).body.USD).toBe(1);
    expect((await ctx.api('/api_keys/rate_limits', { key: key.body.secret })).body.data.balances.USD).toBe(1);

    const wallet = '0x000000000000000000000000000000000000dEaD';
    expect((await control('setStake', { address: wallet, amount: '2.5' })).status).toBe(200);
    const staked = await request(ctx.sim.rpcUrl, {
      method: 'POST',
      json: {
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_call',
        params: [
          {
            to: '0x321b7ff75154472b18edb199033ff4d116f340ff',
            data: `0x70a08231${wallet.slice(2).padStart(64, '0')}`,
          },
        ],
      },
    });
    expect(BigInt(staked.body.result)).toBe(2_500_000_000_000_000_000n);

    const before = (await request(`${ctx.sim.origin}/_control/now`)).body.now;
    expect((await control('advance', { ms: 1000 })).body.now).toBe(before + 1000);

    await control('addBreach', {
      accountId,
      apiKeyId: key.body.id,
      modelId: 'model:unknown',
      rateLimitType: 'TPM',
    });
    expect((await ctx.api('/api_keys/rate_limits/log', { key: adminKey })).body.data).toHaveLength(1);

    const fault = await control('addFault', {
      path: '/api/v1/billing/balance',
      kind: 'status',
      status: 502,
      times: 1,
    });
    expect(typeof fault.body.id).toBe('string');
    expect((await ctx.api('/billing/balance', { key: adminKey })).status).toBe(502);
    const log = await control('requestLog');
    expect(log.body.at(-1)).toMatchObject({
      path: '/api/v1/billing/balance',
      status: 502,
      faultIds: [fault.body.id],
    });
    expect(JSON.stringify(log.body)).not.toContain(adminKey);
    expect((await control('account', { accountId })).body.keys).toHaveLength(2);

    expect((await control('nope')).status).toBe(404);
    expect((await control('addKey', { accountId: 'missing' })).status).toBe(400);
    expect((await control('advance', { ms: -5 })).status).toBe(400);

    expect((await control('reset')).body).toEqual({ ok: true });
    expect((await ctx.api('/api_keys', { key: adminKey })).status).toBe(401);
  });

  it('seeds the demo account', async () => {
    const seed = await control('seedDemo');
    expect(seed.status).toBe(200);
    const list = await ctx.api('/api_keys', { key: seed.body.adminKey });
    expect(list.body.data.length).toBe(4);
    expect(list.body.data.some((key: { currentPeriodUsage?: unknown }) => key.currentPeriodUsage)).toBe(true);
    expect((await ctx.api('/api_keys/rate_limits/log', { key: seed.body.adminKey })).body.data.length).toBe(
      3,
    );
    expect(seed.body.wallet.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('robustness', () => {
  it('survives garbage HTTP, oversized bodies, bad escapes and unknown routes', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    const url = new URL(ctx.sim.origin);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toContain('400');

    const huge = await ctx.api('/api_keys', {
      method: 'POST',
      key: adminKey,
      json: { apiKeyType: 'INFERENCE', description: 'x'.repeat(1_100_000) },
    });
    expect(huge.status).toBe(413);
    expect((await ctx.api('/api_keys/%E0%A4%A', { key: adminKey })).body).toEqual({
      error: 'API key not found',
    });
    expect((await ctx.api('/nope', { key: adminKey })).status).toBe(404);
    expect((await ctx.api('/api_keys', { method: 'PUT', key: adminKey })).status).toBe(405);
    const site = await request(ctx.sim.siteUrl);
    expect(site.text).toContain('<title>Venice (simulator)</title>');
    expect((await ctx.api('/api_keys', { key: adminKey })).status).toBe(200);
  });
});
