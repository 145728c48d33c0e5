import { beforeEach, describe, expect, it } from 'vitest';
import { DAY, FIXED_NOW, useSimulator } from './helpers';

const ctx = useSimulator();
// Some tests move the clock; every test starts again at FIXED_NOW.
beforeEach(() => ctx.sim.control.reset());

describe('GET /billing/balance', () => {
  it('reports lowercase balances, the consumption currency and canConsume', async () => {
    const { adminKey, accountId } = ctx.sim.control.createAccount({
      balances: { USD: 12.5, DIEM: 3, BUNDLED_CREDITS: 0, EARNED_CREDITS: 1, diemEpochAllocation: 10 },
    });
    const res = await ctx.api('/billing/balance', { key: adminKey });
    expect(res.body).toEqual({
      canConsume: true,
      consumptionCurrency: 'DIEM',
      balances: { diem: 3, usd: 12.5, bundledCredits: null, earnedCredits: 1 },
      diemEpochAllocation: 10,
    });
    ctx.sim.control.setBalances(accountId, {
      DIEM: null,
      EARNED_CREDITS: 0,
      USD: 0.05,
      BUNDLED_CREDITS: 0.04,
    });
    const low = await ctx.api('/billing/balance', { key: adminKey });
    expect(low.body).toMatchObject({
      canConsume: false,
      consumptionCurrency: 'BUNDLED_CREDITS',
      balances: { diem: null, usd: 0.05, bundledCredits: 0.04, earnedCredits: null },
    });
    ctx.sim.control.setBalances(accountId, { USD: 0, BUNDLED_CREDITS: 0 });
    expect((await ctx.api('/billing/balance', { key: adminKey })).body.consumptionCurrency).toBeNull();
  });
});

describe('GET /billing/usage-history', () => {
  const seed = () => {
    const { adminKey, accountId } = ctx.sim.control.createAccount({ balances: { USD: 1000, DIEM: 100 } });
    const key = ctx.sim.control.addKey({ accountId, description: 'app' });
    for (let n = 0; n < 25; n += 1) {
      ctx.sim.control.recordUsage({
        keyId: key.id,
        amount: 0.01 * (n + 1),
        currency: n % 5 === 0 ? 'DIEM' : 'USD',
        at: FIXED_NOW - (25 - n) * 60_000,
        promptTokens: 100 + n,
        completionTokens: 50,
        inferenceExecutionTime: 900,
        notes: n === 3 ? 'API Inference, "quoted"' : 'API Inference',
      });
    }
    return { adminKey, key };
  };

  it('walks the ledger in ascending order with a cursor that carries the filters', async () => {
    const { adminKey } = seed();
    const first = await ctx.api('/billing/usage-history?pageSize=10', { key: adminKey });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(10);
    expect(typeof first.body.nextCursor).toBe('string');
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const entry = first.body.data[0];
    expect(entry).toMatchObject({ amount: -0.01, currency: 'DIEM', notes: 'API Inference' });
    expect(entry.inferenceDetails).toMatchObject({
      promptTokens: 100,
      completionTokens: 50,
      inferenceExecutionTime: 900,
    });
    expect(typeof entry.inferenceDetails.requestId).toBe('string');
    for (const field of ['sku', 'timestamp']) expect(typeof entry[field]).toBe('string');
    for (const field of ['units', 'pricePerUnitUsd']) expect(typeof entry[field]).toBe('number');

    const seen = [...first.body.data];
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await ctx.api(`/billing/usage-history?cursor=${encodeURIComponent(cursor)}`, {
        key: adminKey,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(25);
    const times = seen.map((row) => Date.parse(row.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const usdOnly = await ctx.api('/billing/usage-history?currency=DIEM&pageSize=10', { key: adminKey });
    expect(usdOnly.body.data).toHaveLength(5);
    expect(usdOnly.body.nextCursor).toBeNull();
  });

  it('applies start (inclusive) and end (exclusive) bounds', async () => {
    const { adminKey } = seed();
    const start = new Date(FIXED_NOW - 20 * 60_000).toISOString();
    const end = new Date(FIXED_NOW - 10 * 60_000).toISOString();
    const res = await ctx.api(`/billing/usage-history?startTimestamp=${start}&endTimestamp=${end}`, {
      key: adminKey,
    });
    expect(res.body.data).toHaveLength(10);
    expect(res.body.data[0].timestamp).toBe(start);
    expect(res.body.nextCursor).toBeNull();
  });

  it('refuses filters with a cursor, unknown parameters, bad values and bad cursors', async () => {
    const { adminKey } = seed();
    const first = await ctx.api('/billing/usage-history?pageSize=10', { key: adminKey });
    const cursor = encodeURIComponent(first.body.nextCursor);
    const cases: [string, number][] = [
      [`cursor=${cursor}&pageSize=10`, 400],
      ['foo=bar', 400],
      ['pageSize=9', 400],
      ['pageSize=1001', 400],
      ['pageSize=ten', 400],
      ['currency=VCU', 400],
      ['startTimestamp=2026-03-01', 400],
      ['startTimestamp=2026-03-01T00:00:00%2B01:00', 400],
      ['startTimestamp=2026-03-02T00:00:00Z&endTimestamp=2026-03-01T00:00:00Z', 400],
      ['cursor=has.dots', 400],
    ];
    for (const [query, status] of cases) {
      const res = await ctx.api(`/billing/usage-history?${query}`, { key: adminKey });
      expect(res.status, query).toBe(status);
      expect(typeof res.body.error, query).toBe('string');
    }
    // One signature character changed, always to a different one (a fixed 'AA' matched the real
    // signature about once in 4,096 runs).
    const signed: string = first.body.nextCursor;
    const tampered = `${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`;
    const bad = await ctx.api(`/billing/usage-history?cursor=${tampered}`, { key: adminKey });
    expect(bad.body).toEqual({ error: 'Invalid or expired cursor; restart from the first page' });
    const stranger = ctx.sim.control.createAccount();
    const foreign = await ctx.api(`/billing/usage-history?cursor=${cursor}`, { key: stranger.adminKey });
    expect(foreign.body).toEqual({ error: 'Invalid or expired cursor; restart from the first page' });
    ctx.sim.control.advance(25 * 60 * 60_000);
    const expired = await ctx.api(`/billing/usage-history?cursor=${cursor}`, { key: adminKey });
    expect(expired.body).toEqual({ error: 'Invalid or expired cursor; restart from the first page' });
  });

  it('answers CSV with the cursor in x-next-cursor, absent on the last page', async () => {
    const { adminKey } = seed();
    const res = await ctx.api('/billing/usage-history?pageSize=20', {
      key: adminKey,
      headers: { Accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename=billing-usage-history-\d{8}T\d{9}Z\.csv$/,
    );
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'timestamp,sku,pricePerUnitUsd,units,amount,currency,notes,inferenceDetails.requestId,' +
        'inferenceDetails.inferenceExecutionTime,inferenceDetails.promptTokens,inferenceDetails.completionTokens',
    );
    expect(lines).toHaveLength(21);
    expect(lines[4]).toContain('"API Inference, ""quoted"""');
    const cursor = res.headers.get('x-next-cursor');
    expect(cursor).toBeTruthy();
    const last = await ctx.api(`/billing/usage-history?cursor=${cursor}`, {
      key: adminKey,
      headers: { Accept: 'text/csv' },
    });
    expect(last.text.trim().split('\r\n')).toHaveLength(6);
    expect(last.headers.get('x-next-cursor')).toBeNull();
  });
});

describe('GET /billing/usage-analytics', () => {
  it('aggregates by date (UPPERCASE keys, zero-filled), model and key, leaving out earned credits', async () => {
    const { adminKey, accountId } = ctx.sim.control.createAccount({
      balances: { USD: 100, DIEM: 50, EARNED_CREDITS: 10 },
    });
    const prod = ctx.sim.control.addKey({ accountId, description: 'prod' });
    const bare = ctx.sim.control.addKey({ accountId, description: '' });
    ctx.sim.control.recordUsage({ keyId: prod.id, amount: 2, currency: 'USD', at: FIXED_NOW - DAY });
    ctx.sim.control.recordUsage({
      keyId: prod.id,
      amount: 1,
      currency: 'DIEM',
      model: 'venice-uncensored',
      sku: 'venice-uncensored-llm-input-mtoken',
      units: 0.5,
    });
    ctx.sim.control.recordUsage({
      keyId: prod.id,
      amount: 0.5,
      currency: 'DIEM',
      model: 'venice-uncensored',
      sku: 'venice-uncensored-llm-output-mtoken',
      units: 0.1,
    });
    ctx.sim.control.recordUsage({ keyId: bare.id, amount: 0.25, currency: 'BUNDLED_CREDITS' });
    ctx.sim.control.recordUsage({ keyId: bare.id, amount: 5, currency: 'EARNED_CREDITS' });
    const res = await ctx.api('/billing/usage-analytics', { key: adminKey });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.lookback).toBe('7d');
    expect(body.byDate).toHaveLength(7);
    expect(body.byDate[6]).toEqual({ date: '2026-03-15', USD: 0.25, DIEM: 1.5 });
    expect(body.byDate[5]).toEqual({ date: '2026-03-14', USD: 2, DIEM: 0 });
    expect(body.byDate[0]).toEqual({ date: '2026-03-09', USD: 0, DIEM: 0 });
    const uncensored = body.byModel.find(
      (row: { modelName: string }) => row.modelName === 'venice-uncensored',
    );
    expect(uncensored).toMatchObject({ totalUsd: 0, totalDiem: 1.5, totalUnits: 600_000 });
    expect(uncensored.breakdown.map((part: { type: string }) => part.type).sort()).toEqual([
      'Input',
      'Output',
    ]);
    expect(body.byKey).toEqual([
      { apiKeyId: prod.id, description: 'prod', totalUsd: 2, totalDiem: 1.5, totalUnits: expect.any(Number) },
      {
        apiKeyId: bare.id,
        description: `Key ...${bare.id.slice(-6)}`,
        totalUsd: 0.25,
        totalDiem: 0,
        totalUnits: 1_000_000,
      },
    ]);
    expect(body.topKeyNames).toEqual(['prod', `Key ...${bare.id.slice(-6)}`]);
    expect(body.topModels).toContain('zai-org-glm-5-1');
    expect(body.byModelDaily).toHaveLength(7);
    expect(typeof body.byModelDaily[0].date).toBe('number');
    expect(body.byKeyDaily[6]).toMatchObject({ date: Date.parse('2026-03-15T00:00:00Z'), prod: 1.5 });
  });

  it('takes lookback (clamped to 90d) or both dates, ignores a lone date, and refuses bad windows', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    const get = (query: string) => ctx.api(`/billing/usage-analytics?${query}`, { key: adminKey });
    expect((await get('lookback=30d')).body.byDate).toHaveLength(30);
    const clamped = await get('lookback=365d');
    expect(clamped.body.lookback).toBe('90d');
    expect(clamped.body.byDate).toHaveLength(90);
    const range = await get('startDate=2026-01-01&endDate=2026-01-31');
    expect(range.body.lookback).toBe('2026-01-01:2026-01-31');
    expect(range.body.byDate).toHaveLength(31);
    expect((await get('startDate=2026-01-01')).body.lookback).toBe('7d');
    for (const query of [
      'lookback=0d',
      'lookback=7',
      'lookback=7w',
      'startDate=2026-01-31&endDate=2026-01-01',
      'startDate=2026-01-01&endDate=2026-04-15',
      'startDate=2026-02-30&endDate=2026-03-01',
      'startDate=01/01/2026&endDate=2026-01-02',
    ]) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toBe('Invalid request parameters');
    }
  });

  it('serves cached figures for 10 minutes', async () => {
    const { adminKey, accountId } = ctx.sim.control.createAccount({ balances: { USD: 10 } });
    const key = ctx.sim.control.addKey({ accountId });
    const read = async () =>
      (await ctx.api('/billing/usage-analytics?lookback=1d', { key: adminKey })).body.byDate.at(-1).USD;
    expect(await read()).toBe(0);
    ctx.sim.control.recordUsage({ keyId: key.id, amount: 1, currency: 'USD' });
    expect(await read()).toBe(0);
    ctx.sim.control.advance(10 * 60_000);
    expect(await read()).toBe(1);
  });
});

describe('GET /billing/usage-analytics: web-app usage and timeouts', () => {
  it('reports usage from the Venice web app as a byKey row with a null apiKeyId', async () => {
    const { adminKey, accountId } = ctx.sim.control.createAccount({ balances: { USD: 10 } });
    const key = ctx.sim.control.addKey({ accountId, description: 'app' });
    ctx.sim.control.recordUsage({ keyId: key.id, amount: 1, currency: 'USD' });
    ctx.sim.control.recordUsage({ keyId: null, accountId, amount: 2.5, currency: 'USD' });
    const res = await ctx.api('/billing/usage-analytics', { key: adminKey });
    expect(res.body.byKey).toEqual([
      { apiKeyId: null, description: 'Web App', totalUsd: 2.5, totalDiem: 0, totalUnits: 1_000_000 },
      { apiKeyId: key.id, description: 'app', totalUsd: 1, totalDiem: 0, totalUnits: 1_000_000 },
    ]);
    const history = await ctx.api('/billing/usage-history', { key: adminKey });
    expect(history.body.data.map((row: { notes: string }) => row.notes)).toEqual([
      'API Inference',
      'Web App Inference',
    ]);
  });

  it('answers 504 for a window longer than the account can aggregate in time, and serves shorter ones', async () => {
    const { adminKey } = ctx.sim.control.createAccount();
    ctx.sim.control.configure({ analyticsTimeoutAboveDays: 30 });
    const get = (query: string) => ctx.api(`/billing/usage-analytics?${query}`, { key: adminKey });
    const long = await get('lookback=90d');
    expect(long.status).toBe(504);
    expect(long.body).toEqual({ error: expect.stringMatching(/timed out/) });
    expect((await get('startDate=2026-01-01&endDate=2026-02-28')).status).toBe(504);
    expect((await get('lookback=30d')).status).toBe(200);
    ctx.sim.control.configure({ analyticsTimeoutAboveDays: null });
    expect((await get('lookback=90d')).status).toBe(200);
  });
});

describe('demo seed usage', () => {
  it('gives the demo account 90 days of spend across keys, models and the web app', async () => {
    const { seedDemo } = await import('../simulator');
    const seed = seedDemo(ctx.sim);
    const res = await ctx.api('/billing/usage-analytics?lookback=90d', { key: seed.adminKey });
    expect(res.status).toBe(200);
    const days = res.body.byDate.filter((d: { USD: number; DIEM: number }) => d.USD + d.DIEM > 0);
    expect(days.length).toBeGreaterThan(80);
    expect(res.body.topModels.length).toBeGreaterThanOrEqual(3);
    expect(res.body.byKey.some((row: { apiKeyId: string | null }) => row.apiKeyId === null)).toBe(true);
    const balance = await ctx.api('/billing/balance', { key: seed.adminKey });
    expect(balance.body.balances).toMatchObject({ usd: 42.5 });
  });
});
