import { describe, expect, it } from 'vitest';
import { ANALYTICS_REFRESH_MS, emptyEntry, readEntry, readUsage, withAge } from '@/lib/usage/read';
import { seriesNameOf } from '@/lib/usage/series';
import { createUsageService, UsageCursorExpiredError } from '@/lib/usage/service';
import type { UsageStore } from '@/lib/usage/store';
import type { UsageCacheEntry, UsageWindowDays } from '@/lib/usage/types';
import { VeniceServerError, VeniceValidationError } from '@/lib/venice/errors';
import type { UsageAnalytics, UsageHistoryEntry, UsageHistoryPage, VeniceClient } from '@/lib/venice/types';

const SECRET = 'VENICE_ADMIN_KEY_synthetic-test-secret-000';

function analytics(usd = 1): UsageAnalytics {
  return {
    lookback: '7d',
    byDate: [
      { date: '2026-03-14', USD: usd, DIEM: 0.5 },
      { date: '2026-03-15', USD: 2, DIEM: 0 },
    ],
    byModel: [
      { modelName: 'glm', unitType: 'tokens', modelType: 'LLM', totalUsd: 3, totalDiem: 0.5, totalUnits: 9 },
    ],
    byKey: [
      { apiKeyId: 'k1', description: 'prod', totalUsd: 2, totalDiem: 0.5, totalUnits: 5 },
      { apiKeyId: null, description: 'Web App', totalUsd: 1, totalDiem: 0, totalUnits: 4 },
    ],
    byModelDaily: [{ date: Date.parse('2026-03-15'), glm: 2 }],
    byKeyDaily: [
      { date: Date.parse('2026-03-15'), prod: 2, 'Web App': 0 },
      { date: Date.parse('2026-03-14'), prod: 0.5, 'Web App': 1 },
    ],
    topModels: ['glm'],
    topKeyNames: ['prod', 'Web App'],
  };
}

function memoryStore(): UsageStore & { entries: Map<UsageWindowDays, UsageCacheEntry> } {
  const entries = new Map<UsageWindowDays, UsageCacheEntry>();
  return {
    entries,
    read: async (days) => structuredClone(entries.get(days) ?? emptyEntry(days)),
    write: async (entry) => {
      entries.set(entry.windowDays, structuredClone(entry));
    },
    // The shell is kept by the storage store alone (test/unit/usage/usage-shell.test.ts).
    saveShell: async () => false,
  };
}

function setup(answers: Array<UsageAnalytics | Error>, history: Array<UsageHistoryPage | Error> = []) {
  let now = Date.parse('2026-03-15T12:00:00Z');
  const calls: { analytics: unknown[]; history: unknown[] } = { analytics: [], history: [] };
  const client = {
    async getUsageAnalytics(secret: string, query: unknown) {
      expect(secret).toBe(SECRET);
      calls.analytics.push(query);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
    async getUsageHistory(_secret: string, query: unknown) {
      calls.history.push(query);
      const next = history.shift();
      if (!next) throw new Error('no more pages');
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as VeniceClient;
  let entryId = 'admin-1';
  const store = memoryStore();
  const service = createUsageService({
    getClient: async () => client,
    getManagementKey: async () => ({ entryId, secret: SECRET }),
    store,
    now: () => now,
  });
  return {
    service,
    calls,
    store,
    advance: (ms: number) => {
      now += ms;
    },
    switchKey: (id: string) => {
      entryId = id;
    },
  };
}

describe('usage service: analytics cache', () => {
  it('asks Venice at most once per 10 minutes per window, and reports the age', async () => {
    const t = setup([analytics(1), analytics(7)]);
    const first = await t.service.refresh(7);
    expect(first.snapshot?.days[0]).toEqual({ date: '2026-03-14', usd: 1, diem: 0.5 });
    expect(t.calls.analytics).toEqual([{ lookback: '7d' }]);
    t.advance(ANALYTICS_REFRESH_MS - 1);
    const cached = await t.service.refresh(7);
    expect(cached.ageMs).toBe(ANALYTICS_REFRESH_MS - 1);
    expect(cached.snapshot?.days[0]?.usd).toBe(1);
    expect(t.calls.analytics).toHaveLength(1);
    t.advance(1);
    expect((await t.service.refresh(7)).snapshot?.days[0]?.usd).toBe(7);
    expect(t.calls.analytics).toHaveLength(2);
  });

  it('coalesces concurrent refreshes into one request', async () => {
    const t = setup([analytics()]);
    await Promise.all([t.service.refresh(30), t.service.refresh(30)]);
    expect(t.calls.analytics).toEqual([{ lookback: '30d' }]);
  });

  it('keeps the last good figures beside a 504, and waits 10 minutes before asking again', async () => {
    const timeout = new VeniceServerError(504, { endpoint: 'GET /billing/usage-analytics' });
    const t = setup([analytics(1), timeout, analytics(3)]);
    await t.service.refresh(90);
    t.advance(ANALYTICS_REFRESH_MS);
    const failed = await t.service.refresh(90);
    expect(failed.error?.message).toBe(
      'Venice took too long to compute these analytics. Choose a shorter period.',
    );
    expect(failed.snapshot?.days[0]?.usd).toBe(1);
    await t.service.refresh(90);
    expect(t.calls.analytics).toHaveLength(2);
    t.advance(ANALYTICS_REFRESH_MS);
    const recovered = await t.service.refresh(90);
    expect(recovered.error).toBeNull();
    expect(recovered.snapshot?.days[0]?.usd).toBe(3);
  });

  it('never shows another account’s figures: a new management key fetches at once', async () => {
    const t = setup([analytics(1), new VeniceServerError(500)]);
    await t.service.refresh(7);
    t.switchKey('admin-2');
    const other = await t.service.refresh(7);
    expect(t.calls.analytics).toHaveLength(2);
    expect(other.snapshot).toBeNull();
    expect(other.error?.code).toBe('venice.server_error');
  });

  it('overview reads only the cache', async () => {
    const t = setup([]);
    expect(await t.service.overview(7)).toMatchObject({ fetchedAt: null, snapshot: null, ageMs: null });
    expect(t.calls.analytics).toHaveLength(0);
  });
});

describe('tolerant reading', () => {
  it('keeps the web-app row (null id), sorts series by date, and names a key’s series', () => {
    const s = readUsage(analytics());
    expect(s.byKey.map((k) => [k.apiKeyId, k.name])).toEqual([
      ['k1', 'prod'],
      [null, 'Web App'],
    ]);
    expect(s.keyDaily.map((d) => d.date)).toEqual([Date.parse('2026-03-14'), Date.parse('2026-03-15')]);
    expect(seriesNameOf(s, 'k1')).toBe('prod');
    expect(seriesNameOf(s, 'missing')).toBeNull();
    expect(s.unreadableRows).toBe(0);
  });

  it('counts unreadable rows instead of failing, and keeps unknown names and string figures', () => {
    const s = readUsage({
      lookback: '7d',
      byDate: [{ date: '2026-03-15', USD: '1.5', DIEM: 0 }, { date: 'yesterday', USD: 1, DIEM: 0 }, 7],
      byKey: [{ apiKeyId: 5, description: 'x', totalUsd: 1, totalDiem: 0 }],
      byModel: [
        { modelName: 'brand-new-model', unitType: 'pixels', totalUsd: 1, totalDiem: 0, totalUnits: 2 },
      ],
      byKeyDaily: [{ date: 'soon', a: 1 }, null],
      topKeyNames: ['a', 3],
    });
    expect(s.days).toEqual([{ date: '2026-03-15', usd: 1.5, diem: 0 }]);
    expect(s.byModel[0]?.name).toBe('brand-new-model');
    expect(s.byKey).toEqual([]);
    expect(s.topKeyNames).toEqual(['a']);
    expect(s.unreadableRows).toBe(5);
    for (const junk of [null, 'text', 42, [], { byDate: 'x' }]) expect(() => readUsage(junk)).not.toThrow();
  });

  it('reads a damaged stored cache as empty, never as a crash', () => {
    expect(readEntry({ '7': 'garbage' }, 7)).toEqual(emptyEntry(7));
    expect(readEntry(undefined, 30)).toEqual(emptyEntry(30));
    const entry = readEntry(
      { '7': { fetchedAt: 'x', snapshot: { byDate: [{ date: '2026-01-01', usd: 1, diem: 2 }] } } },
      7,
    );
    expect(entry.fetchedAt).toBeNull();
    expect(entry.snapshot?.days).toEqual([{ date: '2026-01-01', usd: 1, diem: 2 }]);
    // A stored snapshot reads back as itself.
    const snapshot = readUsage(analytics());
    expect(readUsage(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('reads a stored entry without its daily series for the account view, the rest as in full', () => {
    const stored = {
      '30': { ownerEntryId: 'e1', fetchedAt: 5, snapshot: readUsage(analytics()), error: null },
    };
    const full = readEntry(stored, 30);
    const light = readEntry(stored, 30, { series: false });
    expect(full.snapshot?.keyDaily).toHaveLength(2);
    expect(full.snapshot?.modelDaily).toHaveLength(1);
    expect(light.snapshot?.keyDaily).toEqual([]);
    expect(light.snapshot?.modelDaily).toEqual([]);
    expect({
      ...light.snapshot,
      keyDaily: full.snapshot?.keyDaily,
      modelDaily: full.snapshot?.modelDaily,
    }).toEqual(full.snapshot);
    expect(withAge(light, 65)).toMatchObject({ ageMs: 60, nextRefreshAt: 5 + ANALYTICS_REFRESH_MS });
  });
});

function entry(timestamp: string, n: number, notes = 'API Inference'): UsageHistoryEntry {
  return {
    amount: -0.01 * n,
    currency: 'USD',
    inferenceDetails: {
      requestId: `req-${n}`,
      promptTokens: 10,
      completionTokens: null,
      inferenceExecutionTime: 5,
    },
    notes,
    pricePerUnitUsd: 0.5,
    sku: 'glm-llm-output-mtoken',
    timestamp,
    units: 0.02,
  };
}

describe('usage service: export pages', () => {
  const range = {
    startTimestamp: '2026-03-01T00:00:00.000Z',
    endTimestamp: '2026-03-15T00:00:00.000Z',
    pageSize: 10,
  };

  it('turns a page into CSV lines with Venice’s columns, quoting and defusing formulas', async () => {
    const t = setup(
      [],
      [
        {
          data: [
            entry('2026-03-02T00:00:00.000Z', 1, 'a, "b"'),
            entry('2026-03-02T00:00:00.000Z', 2, '=cmd()'),
          ],
          nextCursor: 'abc',
        },
      ],
    );
    const page = await t.service.exportPage(range);
    expect(page.csv).toBe(
      '2026-03-02T00:00:00.000Z,glm-llm-output-mtoken,0.5,0.02,-0.01,USD,"a, ""b""",req-1,5,10,\r\n' +
        "2026-03-02T00:00:00.000Z,glm-llm-output-mtoken,0.5,0.02,-0.02,USD,'=cmd(),req-2,5,10,\r\n",
    );
    expect(page).toMatchObject({
      rows: 2,
      nextCursor: 'abc',
      lastTimestamp: '2026-03-02T00:00:00.000Z',
      lastTimestampRows: 2,
    });
    expect(t.calls.history).toEqual([range]);
  });

  it('a continuation sends only the cursor; a refused cursor says restart', async () => {
    const t = setup(
      [],
      [
        { data: [], nextCursor: null },
        new VeniceValidationError('Invalid or expired cursor; restart from the first page', []),
      ],
    );
    await t.service.exportPage({ cursor: 'abc' });
    expect(t.calls.history).toEqual([{ cursor: 'abc' }]);
    await expect(t.service.exportPage({ cursor: 'abc' })).rejects.toBeInstanceOf(UsageCursorExpiredError);
  });

  it('a restart skips the rows of its first instant already written', async () => {
    const ts = '2026-03-05T10:00:00.000Z';
    const t = setup(
      [],
      [
        {
          data: [entry(ts, 1), entry(ts, 2), entry(ts, 3), entry('2026-03-06T00:00:00.000Z', 4)],
          nextCursor: null,
        },
      ],
    );
    const page = await t.service.exportPage({ ...range, startTimestamp: ts, skipAtStart: 2 });
    expect(page.rows).toBe(2);
    expect(
      page.csv
        .split('\r\n')
        .filter(Boolean)
        .map((line) => line.split(',')[7]),
    ).toEqual(['req-3', 'req-4']);
    expect(t.calls.history).toEqual([{ ...range, startTimestamp: ts }]);
  });
});
