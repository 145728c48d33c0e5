import { describe, expect, it } from 'vitest';
import { useSimulator } from './helpers';

const ctx = useSimulator();

describe('key creation limits', () => {
  it('allows 20 creations per minute, then 429 with Retry-After, and recovers when the minute has passed', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    const create = (n: number) =>
      ctx.api('/api_keys', {
        method: 'POST',
        key: adminKey,
        json: { apiKeyType: 'INFERENCE', description: `k${n}` },
      });
    for (let n = 0; n < 20; n += 1) expect((await create(n)).status, `creation ${n}`).toBe(200);
    const limited = await create(20);
    expect(limited.status).toBe(429);
    expect(typeof limited.body.error).toBe('string');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    ctx.sim.control.advance(30_000);
    expect((await create(21)).status).toBe(429);
    ctx.sim.control.advance(retryAfter * 1000);
    expect((await create(22)).status).toBe(200);
  });

  it('counts creations per account', async () => {
    const first = ctx.sim.control.createAccount();
    const second = ctx.sim.control.createAccount();
    ctx.sim.control.configure({ creationsPerMinute: 1 });
    try {
      const json = { apiKeyType: 'INFERENCE', description: 'x' };
      expect((await ctx.api('/api_keys', { method: 'POST', key: first.adminKey, json })).status).toBe(200);
      expect((await ctx.api('/api_keys', { method: 'POST', key: first.adminKey, json })).status).toBe(429);
      expect((await ctx.api('/api_keys', { method: 'POST', key: second.adminKey, json })).status).toBe(200);
    } finally {
      ctx.sim.control.configure({ creationsPerMinute: 20 });
    }
  });

  it('refuses a creation past 500 active keys with 400, not counting expired or revoked keys', async () => {
    const { accountId, adminKey } = ctx.sim.control.createAccount();
    for (let n = 0; n < 498; n += 1) ctx.sim.control.addKey({ accountId });
    const expired = ctx.sim.control.addKey({ accountId, expiresAt: ctx.sim.control.now() - 1 });
    expect(expired.id).toBeTruthy();
    const json = { apiKeyType: 'INFERENCE', description: 'the 500th' };
    expect((await ctx.api('/api_keys', { method: 'POST', key: adminKey, json })).status).toBe(200);
    const full = await ctx.api('/api_keys', { method: 'POST', key: adminKey, json });
    expect(full.status).toBe(400);
    expect(full.body.error).toMatch(/500/);
    const list = await ctx.api('/api_keys', { key: adminKey });
    expect(list.body.data).toHaveLength(500);
    await ctx.api(`/api_keys?id=${list.body.data[1].id}`, { method: 'DELETE', key: adminKey });
    expect((await ctx.api('/api_keys', { method: 'POST', key: adminKey, json })).status).toBe(200);
  });
});

describe('error budget', () => {
  it('answers 429 to every request of a key after more than N failures in the window, until it resets', async () => {
    ctx.sim.control.configure({ errorBudgetThreshold: 3 });
    try {
      const { accountId, adminKey, adminKeyId } = ctx.sim.control.createAccount();
      const other = ctx.sim.control.addKey({ accountId, apiKeyType: 'ADMIN' });
      const ok = await ctx.api('/api_keys', { key: adminKey });
      expect(ok.headers.get('x-ratelimit-remaining')).toBe('3');
      for (let n = 0; n < 4; n += 1) {
        expect((await ctx.api('/api_keys/unknown-id', { key: adminKey })).status).toBe(400);
      }
      const limited = await ctx.api('/api_keys', { key: adminKey });
      expect(limited.status).toBe(429);
      expect(limited.body.error).toBe(
        'Too many failed attempts (> 3) resulting in a non-success status code. Please wait 30 seconds and try again. ' +
          'See https://docs.venice.ai/api-reference/rate-limiting for more information.',
      );
      expect(limited.headers.get('retry-after')).toBe('30');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(limited.headers.get('x-ratelimit-resets'))).toBe(ctx.sim.control.now() + 30_000);
      // Another key of the same account has its own budget.
      expect((await ctx.api('/api_keys', { key: other.secret })).status).toBe(200);
      const log = await ctx.api('/api_keys/rate_limits/log', { key: other.secret });
      expect(log.body.data[0]).toMatchObject({
        apiKeyId: adminKeyId,
        modelId: 'endpoint:api/v1/api_keys/unknown-id',
        rateLimitType: 'FAILED_REQUESTS',
      });
      ctx.sim.control.advance(30_000);
      expect((await ctx.api('/api_keys', { key: adminKey })).status).toBe(200);
    } finally {
      ctx.sim.control.configure({ errorBudgetThreshold: 50 });
    }
  });

  it('does not count Content-Type and invalid-JSON 400s', async () => {
    ctx.sim.control.configure({ errorBudgetThreshold: 1 });
    try {
      const { adminKey } = ctx.sim.control.createAccount();
      for (let n = 0; n < 3; n += 1) {
        const res = await ctx.api('/api_keys', {
          method: 'POST',
          key: adminKey,
          rawBody: '{',
          headers: { 'Content-Type': 'application/json' },
        });
        expect(res.body.error).toBe('Invalid JSON request');
      }
      expect((await ctx.api('/api_keys', { key: adminKey })).status).toBe(200);
    } finally {
      ctx.sim.control.configure({ errorBudgetThreshold: 50 });
    }
  });
});
