import { describe, expect, it } from 'vitest';
import { DAY, FIXED_NOW, useSimulator } from './helpers';

// A clock at 2026-03-31T23:00Z: one hour before both an epoch and a month boundary.
const BEFORE_MIDNIGHT = Date.parse('2026-03-31T23:00:00.000Z');
const ctx = useSimulator({ now: () => BEFORE_MIDNIGHT });

describe('GET /api_keys/rate_limits', () => {
  it('reports the calling key: tier, expiry, next epoch, model limits and balances', async () => {
    const { accountId } = ctx.sim.control.createAccount({
      balances: { USD: 40, DIEM: 6, BUNDLED_CREDITS: 2, diemEpochAllocation: 10 },
    });
    const key = ctx.sim.control.addKey({ accountId, expiresAt: '2026-06-01T00:00:00Z' });
    const res = await ctx.api('/api_keys/rate_limits', { key: key.secret });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['data']);
    const { data } = res.body;
    expect(data.accessPermitted).toBe(true);
    expect(data.apiTier).toEqual({ id: 'paid', isCharged: true });
    expect(data.balances).toEqual({ USD: 40, DIEM: 6, BUNDLED_CREDITS: 2 });
    expect(data.keyExpiration).toBe('2026-06-01T00:00:00.000Z');
    expect(data.nextEpochBegins).toBe('2026-04-01T00:00:00.000Z');
    expect(data.rateLimits.length).toBeGreaterThan(0);
    for (const model of data.rateLimits) {
      expect(typeof model.apiModelId).toBe('string');
      for (const limit of model.rateLimits) {
        expect(['RPM', 'RPD', 'TPM']).toContain(limit.type);
        expect(typeof limit.amount).toBe('number');
      }
    }
    expect(data.rateLimits.some((model: { rateLimits: unknown[] }) => model.rateLimits.length === 0)).toBe(
      true,
    );
  });

  it('omits currencies the account does not have, and says null expiry for a key that never expires', async () => {
    const { accountId } = ctx.sim.control.createAccount({ balances: { USD: 3, BUNDLED_CREDITS: null } });
    const key = ctx.sim.control.addKey({ accountId });
    const { data } = (await ctx.api('/api_keys/rate_limits', { key: key.secret })).body;
    expect(data.balances).toEqual({ USD: 3 });
    expect(data.keyExpiration).toBeNull();
  });

  it('clamps balances to the remaining cap, and refuses access once a cap is spent', async () => {
    const { accountId } = ctx.sim.control.createAccount({
      balances: { USD: 40, DIEM: 6, BUNDLED_CREDITS: 2, EARNED_CREDITS: 2, diemEpochAllocation: 6 },
    });
    const key = ctx.sim.control.addKey({ accountId, consumptionLimit: { usd: 5, diem: 1 } });
    const read = async () => (await ctx.api('/api_keys/rate_limits', { key: key.secret })).body.data;
    expect((await read()).balances).toEqual({ USD: 5, DIEM: 1, BUNDLED_CREDITS: 2 });
    ctx.sim.control.recordUsage({ keyId: key.id, amount: 3.5, currency: 'USD' });
    ctx.sim.control.recordUsage({ keyId: key.id, amount: 0.25, currency: 'DIEM' });
    expect((await read()).balances).toEqual({ USD: 1.5, DIEM: 0.75, BUNDLED_CREDITS: 1.5 });
    ctx.sim.control.recordUsage({ keyId: key.id, amount: 1.5, currency: 'EARNED_CREDITS' });
    ctx.sim.control.recordUsage({ keyId: key.id, amount: 0.75, currency: 'DIEM' });
    const spent = await read();
    expect(spent.balances).toEqual({ USD: 0, DIEM: 0, BUNDLED_CREDITS: 0 });
    expect(spent.accessPermitted).toBe(false);
    // Other keys of the account still see the account's money.
    const open = ctx.sim.control.addKey({ accountId });
    const openData = (await ctx.api('/api_keys/rate_limits', { key: open.secret })).body.data;
    expect(openData.accessPermitted).toBe(true);
    expect(openData.balances.USD).toBe(36.5);
  });

  it('refuses access when the account has no balance at all', async () => {
    const { accountId } = ctx.sim.control.createAccount({ balances: { USD: 0 } });
    const key = ctx.sim.control.addKey({ accountId });
    expect((await ctx.api('/api_keys/rate_limits', { key: key.secret })).body.data.accessPermitted).toBe(
      false,
    );
  });

  it('resets EPOCH caps and refills DIEM at UTC midnight, MONTH caps on the 1st, LIFETIME never', async () => {
    const { accountId } = ctx.sim.control.createAccount({
      balances: { USD: 100, DIEM: 10, diemEpochAllocation: 10 },
    });
    const epoch = ctx.sim.control.addKey({ accountId, consumptionLimit: { usd: 2 }, limitPeriod: 'EPOCH' });
    const month = ctx.sim.control.addKey({ accountId, consumptionLimit: { usd: 2 }, limitPeriod: 'MONTH' });
    const lifetime = ctx.sim.control.addKey({
      accountId,
      consumptionLimit: { usd: 2 },
      limitPeriod: 'LIFETIME',
    });
    ctx.sim.control.recordUsage({
      keyId: epoch.id,
      amount: 2,
      currency: 'USD',
      at: BEFORE_MIDNIGHT - DAY / 2,
    });
    ctx.sim.control.recordUsage({
      keyId: month.id,
      amount: 2,
      currency: 'USD',
      at: BEFORE_MIDNIGHT - 10 * DAY,
    });
    ctx.sim.control.recordUsage({
      keyId: lifetime.id,
      amount: 2,
      currency: 'USD',
      at: BEFORE_MIDNIGHT - 40 * DAY,
    });
    ctx.sim.control.recordUsage({ keyId: epoch.id, amount: 4, currency: 'DIEM' });
    const permitted = async (secret: string) =>
      (await ctx.api('/api_keys/rate_limits', { key: secret })).body.data as {
        accessPermitted: boolean;
        balances: Record<string, number>;
      };
    expect((await permitted(epoch.secret)).balances.USD).toBe(0);
    expect((await permitted(month.secret)).balances.USD).toBe(0);
    expect((await permitted(lifetime.secret)).balances.USD).toBe(0);
    expect((await permitted(lifetime.secret)).balances.DIEM).toBe(6);

    ctx.sim.control.advance(60 * 60_000); // 2026-04-01T00:00Z: a new epoch and a new month
    expect((await permitted(epoch.secret)).balances).toMatchObject({ USD: 2, DIEM: 10 });
    expect((await permitted(month.secret)).balances.USD).toBe(2);
    expect((await permitted(lifetime.secret)).balances.USD).toBe(0);
    expect((await permitted(lifetime.secret)).accessPermitted).toBe(true); // DIEM is uncapped
    const detail = await ctx.api(`/api_keys/${epoch.id}`, { key: ctx.sim.control.createAccount().adminKey });
    expect(detail.status).toBe(400); // another account cannot see it
  });
});

describe('GET /api_keys/rate_limits/log', () => {
  it('keeps the 50 newest breaches, newest first, with string fields', async () => {
    const { accountId, adminKey } = ctx.sim.control.createAccount();
    const key = ctx.sim.control.addKey({ accountId });
    for (let n = 0; n < 60; n += 1) {
      ctx.sim.control.addBreach({
        accountId,
        apiKeyId: key.id,
        modelId:
          n % 3 === 0 ? 'endpoint:api/v1/crypto/rpc' : n % 3 === 1 ? 'model:unknown' : 'zai-org-glm-5-1',
        rateLimitType: 'RPM',
        timestamp: FIXED_NOW + n * 1000,
      });
    }
    const res = await ctx.api('/api_keys/rate_limits/log', { key: adminKey });
    expect(res.body.object).toBe('list');
    expect(res.body.data).toHaveLength(50);
    expect(res.body.data[0].timestamp).toBe(new Date(FIXED_NOW + 59_000).toISOString());
    expect(res.body.data[49].timestamp).toBe(new Date(FIXED_NOW + 10_000).toISOString());
    for (const entry of res.body.data) {
      for (const field of ['apiKeyId', 'modelId', 'rateLimitTier', 'rateLimitType', 'timestamp']) {
        expect(typeof entry[field]).toBe('string');
      }
    }
    expect(new Set(res.body.data.map((entry: { modelId: string }) => entry.modelId))).toEqual(
      new Set(['endpoint:api/v1/crypto/rpc', 'model:unknown', 'zai-org-glm-5-1']),
    );
    expect((await ctx.api('/api_keys/rate_limits/log', { key: key.secret })).body).toEqual({
      error: 'Admin API key required',
    });
  });
});
