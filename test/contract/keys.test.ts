import { beforeEach, describe, expect, it } from 'vitest';
import { DAY, FIXED_NOW, useSimulator } from './helpers';

const ctx = useSimulator();
let adminKey = '';
let accountId = '';

beforeEach(() => {
  ({ adminKey, accountId } = ctx.sim.control.createAccount({ balances: { USD: 100 } }));
});

const create = (json: unknown) => ctx.api('/api_keys', { method: 'POST', key: adminKey, json });
const patch = (json: unknown) => ctx.api('/api_keys', { method: 'PATCH', key: adminKey, json });

describe('POST /api_keys', () => {
  it('creates a key and shows its secret once, in the singular create shape', async () => {
    const res = await create({
      apiKeyType: 'INFERENCE',
      description: 'backend prod',
      expiresAt: '2026-12-31T23:59:59Z',
      consumptionLimit: { usd: 50, diem: 10 },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
    });
    expect(res.status).toBe(200);
    const { data } = res.body;
    expect(res.body.success).toBe(true);
    expect(Object.keys(data).sort()).toEqual(
      ['apiKey', 'apiKeyType', 'consumptionLimit', 'description', 'expiresAt', 'id', 'limitPeriod'].sort(),
    );
    expect(data.apiKey).toMatch(/^VENICE_INFERENCE_KEY_[A-Za-z0-9]{20,}$/);
    expect(data.consumptionLimit).toEqual({ usd: 50, diem: 10, vcu: null });
    expect(data.expiresAt).toBe('2026-12-31T23:59:59.000Z');
    expect(ctx.sim.control.key(data.id).secret).toBe(data.apiKey);

    const detail = await ctx.api(`/api_keys/${data.id}`, { key: adminKey });
    expect(detail.body.data).toMatchObject({
      id: data.id,
      apiKeyType: 'INFERENCE',
      description: 'backend prod',
      last6Chars: data.apiKey.slice(-6),
      consumptionLimits: { usd: 50, diem: 10, vcu: null },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
      lastUsedAt: null,
    });
    expect(detail.body).not.toHaveProperty('success');
    expect(JSON.stringify(detail.body)).not.toContain(data.apiKey);
  });

  it('defaults to no expiry, EPOCH and ALL, and issues ADMIN secrets with the ADMIN prefix', async () => {
    const res = await create({ apiKeyType: 'ADMIN', description: 'ops' });
    expect(res.body.data).toMatchObject({ apiKeyType: 'ADMIN', expiresAt: null, limitPeriod: 'EPOCH' });
    expect(res.body.data.apiKey.startsWith('VENICE_ADMIN_KEY_')).toBe(true);
    expect((await ctx.api('/api_keys', { key: res.body.data.apiKey })).status).toBe(200);
    expect(ctx.sim.control.key(res.body.data.id).modelPrivacy).toBe('ALL');
  });

  it('accepts a description of 64 characters and refuses 65 with a DetailedError', async () => {
    expect((await create({ apiKeyType: 'INFERENCE', description: 'd'.repeat(64) })).status).toBe(200);
    const res = await create({ apiKeyType: 'INFERENCE', description: 'd'.repeat(65) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Invalid request parameters');
    expect(res.body.details.description._errors).toEqual(['String must contain at most 64 character(s)']);
    expect(res.body.issues[0]).toMatchObject({ code: 'too_big', path: ['description'], maximum: 64 });
  });

  it('requires apiKeyType and description', async () => {
    const res = await create({});
    expect(res.status).toBe(400);
    expect(res.body.details.apiKeyType._errors).toEqual(['Required']);
    expect(res.body.details.description._errors).toEqual(['Required']);
    const badType = await create({ apiKeyType: 'SUPERUSER', description: 'x' });
    expect(badType.body.details.apiKeyType._errors[0]).toBe(
      "Invalid enum value. Expected 'INFERENCE' | 'ADMIN', received 'SUPERUSER'",
    );
  });

  it('refuses unknown fields (strict body)', async () => {
    const res = await create({ apiKeyType: 'INFERENCE', description: 'x', name: 'extra' });
    expect(res.status).toBe(400);
    expect(res.body.details._errors).toEqual(["Unrecognized key(s) in object: 'name'"]);
    expect(res.body.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['name'], path: [] }),
    ]);
    expect(Array.isArray(res.body)).toBe(false);
    expect((await create(['INFERENCE'])).body.details._errors).toEqual(['Expected object, received array']);
  });

  it('accepts the three expiresAt forms', async () => {
    const forms: [string, string | null][] = [
      ['', null],
      ['2026-06-01', '2026-06-01T00:00:00.000Z'],
      ['2026-06-01T10:20:30Z', '2026-06-01T10:20:30.000Z'],
      ['2026-06-01T10:20:30.123Z', '2026-06-01T10:20:30.123Z'],
    ];
    for (const [expiresAt, stored] of forms) {
      const res = await create({ apiKeyType: 'INFERENCE', description: `exp ${expiresAt}`, expiresAt });
      expect(res.status, expiresAt).toBe(200);
      expect(res.body.data.expiresAt, expiresAt).toBe(stored);
    }
  });

  it('refuses malformed expiresAt values', async () => {
    const bad = [
      '2026-06-01T10:20:30+02:00',
      '2026-06-01T10:20:30.12Z',
      '2026-06-01T10:20:30.1234Z',
      '2026-06-01T10:20:30',
      '2026-06-01 10:20:30Z',
      '06/01/2026',
      '2026-6-1',
      '2026-02-30',
      'tomorrow',
      null,
      1767225600000,
    ];
    for (const expiresAt of bad) {
      const res = await create({ apiKeyType: 'INFERENCE', description: 'x', expiresAt });
      expect(res.status, String(expiresAt)).toBe(400);
      expect(res.body.error).toBe('Invalid request parameters');
      expect(res.body.details.expiresAt._errors.length, String(expiresAt)).toBeGreaterThan(0);
    }
  });

  it('checks caps: numbers 0–9,999,999,999 or null', async () => {
    const ok = await create({
      apiKeyType: 'INFERENCE',
      description: 'caps',
      consumptionLimit: { usd: 0, diem: 9_999_999_999, vcu: null },
    });
    expect(ok.body.data.consumptionLimit).toEqual({ usd: 0, diem: 9_999_999_999, vcu: null });
    const tooBig = await create({
      apiKeyType: 'INFERENCE',
      description: 'x',
      consumptionLimit: { usd: 10_000_000_000 },
    });
    expect(tooBig.body.details.consumptionLimit.usd._errors).toEqual([
      'Number must be less than or equal to 9999999999',
    ]);
    const negative = await create({
      apiKeyType: 'INFERENCE',
      description: 'x',
      consumptionLimit: { diem: -1 },
    });
    expect(negative.body.details.consumptionLimit.diem._errors).toEqual([
      'Number must be greater than or equal to 0',
    ]);
    const text = await create({ apiKeyType: 'INFERENCE', description: 'x', consumptionLimit: { usd: '5' } });
    expect(text.body.details.consumptionLimit.usd._errors).toEqual(['Expected number, received string']);
    const period = await create({ apiKeyType: 'INFERENCE', description: 'x', limitPeriod: 'WEEK' });
    expect(period.status).toBe(400);
    expect(period.body.details.limitPeriod._errors[0]).toContain("Expected 'EPOCH' | 'MONTH' | 'LIFETIME'");
    const privacy = await create({ apiKeyType: 'INFERENCE', description: 'x', modelPrivacy: 'PRIVATE' });
    expect(privacy.body.details.modelPrivacy._errors[0]).toContain("received 'PRIVATE'");
  });
});

describe('GET /api_keys and /api_keys/{id}', () => {
  it('lists non-expired keys newest first in the list envelope', async () => {
    const older = ctx.sim.control.addKey({ accountId, description: 'older', createdAt: FIXED_NOW - 2 * DAY });
    const expired = ctx.sim.control.addKey({ accountId, description: 'expired', expiresAt: FIXED_NOW - 1 });
    const newer = ctx.sim.control.addKey({ accountId, description: 'newer', createdAt: FIXED_NOW - DAY });
    const res = await ctx.api('/api_keys', { key: adminKey });
    expect(res.body.object).toBe('list');
    expect(res.body).not.toHaveProperty('success');
    const ids = res.body.data.map((key: { id: string }) => key.id);
    expect(ids).not.toContain(expired.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(ids).toHaveLength(3); // the ADMIN key (created now) first, then newer, older
    expect(res.body.data[0].apiKeyType).toBe('ADMIN');
    expect((await ctx.api(`/api_keys/${expired.id}`, { key: adminKey })).body).toEqual({
      error: 'API key not found',
    });
  });

  it('prints usage as 4-decimal strings and currentPeriodUsage only for capped keys', async () => {
    ctx.sim.control.setBalances(accountId, { DIEM: 20, diemEpochAllocation: 20 });
    const capped = ctx.sim.control.addKey({ accountId, consumptionLimit: { diem: 5 } });
    const open = ctx.sim.control.addKey({ accountId });
    ctx.sim.control.recordUsage({ keyId: capped.id, amount: 1.23456, currency: 'USD' });
    ctx.sim.control.recordUsage({ keyId: capped.id, amount: 2, currency: 'DIEM' });
    ctx.sim.control.recordUsage({ keyId: capped.id, amount: 0.5, currency: 'BUNDLED_CREDITS' });
    ctx.sim.control.recordUsage({ keyId: capped.id, amount: 7, currency: 'EARNED_CREDITS' });
    ctx.sim.control.recordUsage({ keyId: capped.id, amount: 3, currency: 'USD', at: FIXED_NOW - 8 * DAY });
    ctx.sim.control.recordUsage({ keyId: open.id, amount: 0.1, currency: 'USD' });
    const cappedRes = await ctx.api(`/api_keys/${capped.id}`, { key: adminKey });
    expect(cappedRes.body.data.usage.trailingSevenDays).toEqual({
      usd: '1.7346',
      vcu: '0.0000',
      diem: '2.0000',
    });
    expect(cappedRes.body.data.currentPeriodUsage).toEqual({ usd: '1.7346', diem: '2.0000' });
    expect(cappedRes.body.data.lastUsedAt).toBe(new Date(FIXED_NOW).toISOString());
    const openRes = await ctx.api(`/api_keys/${open.id}`, { key: adminKey });
    expect(openRes.body.data.usage.trailingSevenDays.usd).toBe('0.1000');
    expect(openRes.body.data).not.toHaveProperty('currentPeriodUsage');
  });

  it('answers an unknown or other account\'s id with 400 "API key not found"', async () => {
    const other = ctx.sim.control.createAccount();
    for (const id of ['00000000-0000-0000-0000-000000000000', other.adminKeyId]) {
      const res = await ctx.api(`/api_keys/${id}`, { key: adminKey });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'API key not found' });
    }
  });
});

describe('PATCH /api_keys', () => {
  it('changes only the fields sent and answers in the plural shape without usage', async () => {
    const key = ctx.sim.control.addKey({
      accountId,
      description: 'before',
      consumptionLimit: { usd: 10, diem: 3 },
      expiresAt: '2026-09-01T00:00:00.000Z',
    });
    const res = await patch({
      id: key.id,
      description: 'after',
      consumptionLimit: { usd: null },
      limitPeriod: 'LIFETIME',
    });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({
      id: key.id,
      description: 'after',
      consumptionLimits: { usd: null, diem: 3, vcu: null },
      limitPeriod: 'LIFETIME',
      expiresAt: '2026-09-01T00:00:00.000Z',
      last6Chars: key.last6Chars,
      modelPrivacy: 'ALL',
    });
    expect(res.body.data).not.toHaveProperty('usage');
    expect(res.body.data).not.toHaveProperty('consumptionLimit');
    expect(Object.keys(res.body.data)).toEqual(
      expect.arrayContaining(['apiKeyType', 'createdAt', 'lastUsedAt', 'expiresAt']),
    );
  });

  it('clears an expiry with "" or null and sets one with each valid form', async () => {
    const key = ctx.sim.control.addKey({ accountId, expiresAt: FIXED_NOW + DAY });
    expect((await patch({ id: key.id, expiresAt: null })).body.data.expiresAt).toBeNull();
    expect((await patch({ id: key.id, expiresAt: '2026-05-05' })).body.data.expiresAt).toBe(
      '2026-05-05T00:00:00.000Z',
    );
    expect((await patch({ id: key.id, expiresAt: '' })).body.data.expiresAt).toBeNull();
    expect((await patch({ id: key.id, expiresAt: '2026-05-05T01:02:03+00:00' })).status).toBe(400);
  });

  it('refuses apiKeyType (immutable), a missing id, unknown ids and expired keys', async () => {
    const key = ctx.sim.control.addKey({ accountId });
    const immutable = await patch({ id: key.id, apiKeyType: 'ADMIN' });
    expect(immutable.status).toBe(400);
    expect(immutable.body.details._errors).toEqual(["Unrecognized key(s) in object: 'apiKeyType'"]);
    expect(ctx.sim.control.key(key.id).apiKeyType).toBe('INFERENCE');
    const noId = await patch({ description: 'x' });
    expect(noId.body.details.id._errors).toEqual(['Required']);
    const unknown = await patch({ id: 'nope', description: 'x' });
    expect(unknown.body).toEqual({ error: 'API key not found or expired' });
    const expired = ctx.sim.control.addKey({ accountId, expiresAt: FIXED_NOW - DAY });
    expect((await patch({ id: expired.id, description: 'x' })).body).toEqual({
      error: 'API key not found or expired',
    });
    expect((await patch({ id: key.id, description: 'e'.repeat(65) })).status).toBe(400);
  });
});

describe('DELETE /api_keys', () => {
  it('revokes by ?id= or by JSON body, and refuses unknown ids', async () => {
    const a = ctx.sim.control.addKey({ accountId });
    const b = ctx.sim.control.addKey({ accountId });
    expect((await ctx.api(`/api_keys?id=${a.id}`, { method: 'DELETE', key: adminKey })).body).toEqual({
      success: true,
    });
    expect(
      (await ctx.api('/api_keys', { method: 'DELETE', key: adminKey, json: { id: b.id } })).body,
    ).toEqual({
      success: true,
    });
    expect(ctx.sim.control.key(a.id).revoked).toBe(true);
    const list = await ctx.api('/api_keys', { key: adminKey });
    expect(list.body.data.map((key: { id: string }) => key.id)).not.toContain(a.id);
    const again = await ctx.api(`/api_keys?id=${a.id}`, { method: 'DELETE', key: adminKey });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'API key could not be found' });
    const missing = await ctx.api('/api_keys', { method: 'DELETE', key: adminKey });
    expect(missing.status).toBe(400);
    expect(missing.body.details.id._errors).toEqual(['Required']);
  });
});
