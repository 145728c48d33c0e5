import { describe, expect, it } from 'vitest';
import { DAY, useSimulator } from './helpers';

const ctx = useSimulator();

const ADMIN_ROUTES: [string, string][] = [
  ['GET', '/api_keys'],
  ['GET', '/api_keys/some-id'],
  ['GET', '/api_keys/rate_limits/log'],
  ['GET', '/billing/balance'],
  ['GET', '/billing/usage-history'],
  ['GET', '/billing/usage-analytics'],
];

describe('auth', () => {
  it('answers 402 with an x402 discovery body when no credentials are sent, on every protected route', async () => {
    for (const [method, path] of [...ADMIN_ROUTES, ['GET', '/api_keys/rate_limits'] as [string, string]]) {
      const res = await ctx.api(path, { method });
      expect(res.status, path).toBe(402);
      expect(res.body.x402Version, path).toBe(2);
      expect(Array.isArray(res.body.accepts), path).toBe(true);
      expect(res.body.extensions, path).toHaveProperty('sign-in-with-x');
      expect(res.body.authOptions.apiKey.header, path).toContain('Authorization: Bearer');
      const header = res.headers.get('payment-required');
      expect(header, path).toBeTruthy();
      expect(JSON.parse(Buffer.from(header ?? '', 'base64').toString('utf8')).x402Version).toBe(2);
    }
    const post = await ctx.api('/api_keys', {
      method: 'POST',
      json: { apiKeyType: 'INFERENCE', description: 'x' },
    });
    expect(post.status).toBe(402);
  });

  it('answers 401 "Authentication failed" for unknown, malformed and non-Bearer credentials', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    const attempts = [
      { Authorization: 'Bearer VENICE_ADMIN_KEY_doesnotexist0000000000000000000000000000' },
      { Authorization: 'Bearer not-a-venice-key' },
      { Authorization: `Basic ${adminKey}` },
      { Authorization: 'Bearer' },
      { Authorization: `Bearer ${adminKey}x` },
    ];
    for (const headers of attempts) {
      const res = await ctx.api('/api_keys', { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'Authentication failed' });
    }
  });

  it('answers 401 "Admin API key required" to an INFERENCE key on every ADMIN route, and serves it rate_limits', async () => {
    const { accountId } = ctx.sim.control.createAccount();
    const inference = ctx.sim.control.addKey({ accountId, apiKeyType: 'INFERENCE' });
    expect(inference.secret.startsWith('VENICE_INFERENCE_KEY_')).toBe(true);
    for (const [method, path] of ADMIN_ROUTES) {
      const res = await ctx.api(path, { method, key: inference.secret });
      expect(res.status, path).toBe(401);
      expect(res.body, path).toEqual({ error: 'Admin API key required' });
    }
    const write = await ctx.api('/api_keys', {
      method: 'POST',
      key: inference.secret,
      json: { apiKeyType: 'INFERENCE', description: 'nope' },
    });
    expect(write.status).toBe(401);
    expect(write.body.error).toBe('Admin API key required');
    const limits = await ctx.api('/api_keys/rate_limits', { key: inference.secret });
    expect(limits.status).toBe(200);
  });

  it('fails a revoked key at once, including the key that revoked itself', async () => {
    const { accountId, adminKey, adminKeyId } = ctx.sim.control.createAccount();
    const victim = ctx.sim.control.addKey({ accountId });
    expect((await ctx.api('/api_keys/rate_limits', { key: victim.secret })).status).toBe(200);
    const revoke = await ctx.api(`/api_keys?id=${victim.id}`, { method: 'DELETE', key: adminKey });
    expect(revoke.body).toEqual({ success: true });
    const after = await ctx.api('/api_keys/rate_limits', { key: victim.secret });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: 'Authentication failed' });

    await ctx.api('/api_keys', { method: 'DELETE', key: adminKey, json: { id: adminKeyId } });
    expect((await ctx.api('/api_keys', { key: adminKey })).status).toBe(401);
  });

  it('fails an expired key with 401 once the clock passes its expiry', async () => {
    const { accountId } = ctx.sim.control.createAccount();
    const now = ctx.sim.control.now();
    const soon = ctx.sim.control.addKey({ accountId, apiKeyType: 'ADMIN', expiresAt: now + DAY });
    expect((await ctx.api('/api_keys', { key: soon.secret })).status).toBe(200);
    ctx.sim.control.advance(DAY);
    const res = await ctx.api('/api_keys', { key: soon.secret });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Authentication failed' });
  });

  it('needs no credentials for the web3 routes, and answers /billing/usage 410 to anyone', async () => {
    const token = await ctx.api('/api_keys/generate_web3_key');
    expect(token.status).toBe(200);
    expect(token.body.success).toBe(true);
    const retired = await ctx.api('/billing/usage');
    expect(retired.status).toBe(410);
    expect(retired.body.error).toContain('/billing/usage-history');
    expect(retired.headers.get('deprecation')).toBe('@1783555200');
    expect(retired.headers.get('sunset')).toBe('Wed, 16 Sep 2026 00:00:00 GMT');
    expect(retired.headers.get('link')).toContain('rel="successor-version"');
    const { adminKey } = ctx.sim.control.createAccount();
    expect((await ctx.api('/billing/usage', { key: adminKey })).status).toBe(410);
  });

  it('refuses non-JSON bodies and bad JSON with 400 before anything else', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    const wrongType = await ctx.api('/api_keys', {
      method: 'POST',
      key: adminKey,
      rawBody: '{"apiKeyType":"INFERENCE","description":"x"}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toEqual({ error: "'Content-Type' must be 'application/json'" });
    const noType = await ctx.api('/api_keys', { method: 'PATCH', key: adminKey, rawBody: '{}' });
    expect(noType.body).toEqual({ error: "'Content-Type' must be 'application/json'" });
    const badJson = await ctx.api('/api_keys', {
      method: 'POST',
      key: adminKey,
      rawBody: '{"apiKeyType": ',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ error: 'Invalid JSON request' });
  });

  it('never records a secret in the request log, only whether auth was sent and which key id it was', async () => {
    const { adminKey, adminKeyId } = ctx.sim.control.createAccount();
    ctx.sim.control.clearRequestLog();
    await ctx.api('/api_keys', { key: adminKey });
    await ctx.api('/api_keys');
    const log = ctx.sim.control.requestLog();
    expect(log.map((entry) => [entry.path, entry.status, entry.authorization, entry.keyId])).toEqual([
      ['/api/v1/api_keys', 200, true, adminKeyId],
      ['/api/v1/api_keys', 402, false, null],
    ]);
    expect(JSON.stringify(log)).not.toContain(adminKey);
  });
});
