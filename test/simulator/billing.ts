/** `/billing/*` routes (FACTS §3.9). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DAY_MS, iso, startOfUtcDay, utcDate } from './clock';
import { errorReply, json, type Reply, type RequestContext } from './http';
import { type AccountRecord, type LedgerEntry, roundMoney, type SimulatorState } from './state';
import { CURRENCIES, type Currency } from './types';
import { Checker, detailedError, type Issue, parseCalendarDate } from './validation';

function accountOf(ctx: RequestContext): AccountRecord {
  if (!ctx.auth) throw new Error('route needs an authenticated request');
  return ctx.auth.account;
}

// ---------------------------------------------------------------------------------------
// GET /billing/balance

export function balanceRoute(ctx: RequestContext): Reply {
  const account = accountOf(ctx);
  ctx.state.refreshEpoch(account);
  const { USD, DIEM, BUNDLED_CREDITS, EARNED_CREDITS } = account.balances;
  const positive = (value: number | null) => (value !== null && value > 0 ? roundMoney(value) : null);
  const order: [Currency, number | null][] = [
    ['DIEM', DIEM],
    ['EARNED_CREDITS', EARNED_CREDITS],
    ['BUNDLED_CREDITS', BUNDLED_CREDITS],
    ['USD', USD],
  ];
  const total = order.reduce((sum, [, value]) => sum + Math.max(0, value ?? 0), 0);
  return json(200, {
    canConsume: total >= 0.1,
    consumptionCurrency: order.find(([, value]) => value !== null && value > 0)?.[0] ?? null,
    balances: {
      diem: DIEM === null ? null : roundMoney(DIEM),
      usd: positive(USD),
      bundledCredits: positive(BUNDLED_CREDITS),
      earnedCredits: positive(EARNED_CREDITS),
    },
    diemEpochAllocation: account.diemEpochAllocation,
  });
}

// ---------------------------------------------------------------------------------------
// GET /billing/usage (retired)

export function retiredUsageRoute(): Reply {
  return errorReply(
    410,
    'GET /api/v1/billing/usage has been retired. Use GET /api/v1/billing/usage-history instead: ' +
      'page + limit become pageSize + nextCursor, startDate / endDate become startTimestamp / endTimestamp.',
    {
      Deprecation: '@1783555200',
      Sunset: 'Wed, 16 Sep 2026 00:00:00 GMT',
      Link:
        '</api/v1/billing/usage-history>; rel="successor-version", ' +
        '<https://docs.venice.ai/api-reference/endpoint/billing/usage-history>; rel="deprecation"; type="text/html"',
    },
  );
}

// ---------------------------------------------------------------------------------------
// GET /billing/usage-history

export const INVALID_CURSOR = 'Invalid or expired cursor; restart from the first page';
const HISTORY_PARAMS = ['startTimestamp', 'endTimestamp', 'currency', 'pageSize', 'cursor'];
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_CHARS = 43; // base64url of a SHA-256 HMAC, unpadded

interface HistoryWalk {
  accountId: string;
  start: number | null;
  end: number | null;
  currency: Currency | null;
  pageSize: number;
}

interface CursorPayload extends HistoryWalk {
  afterAt: number;
  afterSeq: number;
  issuedAt: number;
}

function sign(state: SimulatorState, payload: string): string {
  return createHmac('sha256', state.serverSecret).update(`cursor:${payload}`).digest('base64url');
}

function encodeCursor(state: SimulatorState, payload: CursorPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return body + sign(state, body);
}

function decodeCursor(state: SimulatorState, cursor: string, accountId: string): CursorPayload | null {
  if (cursor.length <= SIGNATURE_CHARS) return null;
  const body = cursor.slice(0, -SIGNATURE_CHARS);
  const given = Buffer.from(cursor.slice(-SIGNATURE_CHARS));
  const expected = Buffer.from(sign(state, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorPayload;
    if (payload.accountId !== accountId) return null;
    if (state.clock.now() - payload.issuedAt > state.config.usageHistoryCursorTtlMs) return null;
    return payload;
  } catch {
    return null;
  }
}

function checkTimestamp(check: Checker, value: string | null, field: string): number | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  if (value.length > 40 || !TIMESTAMP_PATTERN.test(value) || !Number.isFinite(ms)) {
    check.add({ code: 'invalid_string', validation: 'regex', path: [field], message: 'Invalid' });
    return null;
  }
  return ms;
}

function checkPageSize(check: Checker, value: string | null): number {
  if (value === null) return 1000;
  const size = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  const path = ['pageSize'];
  if (Number.isNaN(size)) {
    check.add({
      code: 'invalid_type',
      expected: 'number',
      received: 'nan',
      path,
      message: 'Expected number, received nan',
    });
  } else if (!Number.isInteger(size)) {
    check.add({
      code: 'invalid_type',
      expected: 'integer',
      received: 'float',
      path,
      message: 'Expected integer, received float',
    });
  } else if (size < 10) {
    check.add({
      code: 'too_small',
      minimum: 10,
      type: 'number',
      inclusive: true,
      exact: false,
      path,
      message: 'Number must be greater than or equal to 10',
    });
  } else if (size > 1000) {
    check.add({
      code: 'too_big',
      maximum: 1000,
      type: 'number',
      inclusive: true,
      exact: false,
      path,
      message: 'Number must be less than or equal to 1000',
    });
  }
  return size;
}

/** Reads either a filtered first page or a bare continuation; a Reply when the query is refused. */
function readHistoryQuery(
  ctx: RequestContext,
  account: AccountRecord,
): { walk: HistoryWalk; after: CursorPayload | null } | Reply {
  const check = new Checker();
  const names = [...new Set(ctx.query.keys())];
  const unknown = names.filter((name) => !HISTORY_PARAMS.includes(name));
  if (unknown.length > 0) {
    check.add({
      code: 'unrecognized_keys',
      keys: unknown,
      path: [],
      message: `Unrecognized key(s) in object: ${unknown.map((name) => `'${name}'`).join(', ')}`,
    });
    return json(400, detailedError(check.issues));
  }
  const cursor = ctx.query.get('cursor');
  if (cursor !== null) {
    if (names.length > 1) {
      const issue: Issue = {
        code: 'custom',
        path: [],
        message:
          'A continuation request carries only `cursor`: the cursor already holds the filters of its walk',
      };
      return json(400, detailedError([issue]));
    }
    if (cursor.length > 512 || !CURSOR_PATTERN.test(cursor)) {
      check.add({ code: 'invalid_string', validation: 'regex', path: ['cursor'], message: 'Invalid' });
      return json(400, detailedError(check.issues));
    }
    const after = decodeCursor(ctx.state, cursor, account.id);
    if (!after) return errorReply(400, INVALID_CURSOR);
    return { walk: after, after };
  }
  const start = checkTimestamp(check, ctx.query.get('startTimestamp'), 'startTimestamp');
  const end = checkTimestamp(check, ctx.query.get('endTimestamp'), 'endTimestamp');
  const currencyParam = ctx.query.get('currency');
  const currency =
    currencyParam === null ? null : (check.enumValue(currencyParam, CURRENCIES, ['currency']) ?? null);
  const pageSize = checkPageSize(check, ctx.query.get('pageSize'));
  if (start !== null && end !== null && end <= start) {
    check.add({
      code: 'custom',
      path: ['endTimestamp'],
      message: 'endTimestamp must be later than startTimestamp',
    });
  }
  if (!check.ok) return json(400, detailedError(check.issues));
  return { walk: { accountId: account.id, start, end, currency, pageSize }, after: null };
}

function historyEntryWire(entry: LedgerEntry) {
  return {
    timestamp: iso(entry.at),
    sku: entry.sku,
    units: entry.units,
    pricePerUnitUsd: entry.pricePerUnitUsd,
    amount: entry.amount,
    currency: entry.currency,
    notes: entry.notes,
    inferenceDetails: entry.inferenceDetails ? { ...entry.inferenceDetails } : null,
  };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_COLUMNS = [
  'timestamp',
  'sku',
  'pricePerUnitUsd',
  'units',
  'amount',
  'currency',
  'notes',
  'inferenceDetails.requestId',
  'inferenceDetails.inferenceExecutionTime',
  'inferenceDetails.promptTokens',
  'inferenceDetails.completionTokens',
];

function toCsv(entries: LedgerEntry[]): string {
  const rows = entries.map((entry) =>
    [
      iso(entry.at),
      entry.sku,
      entry.pricePerUnitUsd,
      entry.units,
      entry.amount,
      entry.currency,
      entry.notes,
      entry.inferenceDetails?.requestId,
      entry.inferenceDetails?.inferenceExecutionTime,
      entry.inferenceDetails?.promptTokens,
      entry.inferenceDetails?.completionTokens,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

function wantsCsv(ctx: RequestContext): boolean {
  const accept = ctx.req.headers.accept ?? '';
  return accept.split(',').some((part) => part.split(';')[0]?.trim().toLowerCase() === 'text/csv');
}

export function usageHistoryRoute(ctx: RequestContext): Reply {
  const account = accountOf(ctx);
  const read = readHistoryQuery(ctx, account);
  if ('status' in read) return read;
  const { walk, after } = read;
  const now = ctx.state.clock.now();
  const matching = account.ledger
    .filter(
      (entry) =>
        entry.at <= now &&
        (walk.start === null || entry.at >= walk.start) &&
        (walk.end === null || entry.at < walk.end) &&
        (walk.currency === null || entry.currency === walk.currency) &&
        (after === null ||
          entry.at > after.afterAt ||
          (entry.at === after.afterAt && entry.seq > after.afterSeq)),
    )
    .sort((a, b) => a.at - b.at || a.seq - b.seq);
  const page = matching.slice(0, walk.pageSize);
  const last = page[page.length - 1];
  const nextCursor =
    matching.length > walk.pageSize && last
      ? encodeCursor(ctx.state, { ...walk, afterAt: last.at, afterSeq: last.seq, issuedAt: now })
      : null;
  if (wantsCsv(ctx)) {
    const stamp = iso(now).replace(/[-:.]/g, '');
    const headers: Record<string, string> = {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename=billing-usage-history-${stamp}.csv`,
    };
    if (nextCursor) headers['x-next-cursor'] = nextCursor;
    return { status: 200, text: toCsv(page), headers };
  }
  return json(200, { data: page.map(historyEntryWire), nextCursor });
}

// ---------------------------------------------------------------------------------------
// GET /billing/usage-analytics

const LOOKBACK_PATTERN = /^[1-9]\d*d$/;
const MAX_DAYS = 90;
const TOP_SERIES = 50;

interface Window {
  label: string;
  firstDay: number;
  lastDay: number;
}

function readAnalyticsWindow(ctx: RequestContext): Window | Reply {
  const check = new Checker();
  const startDate = ctx.query.get('startDate');
  const endDate = ctx.query.get('endDate');
  if (startDate !== null && endDate !== null) {
    const first = parseCalendarDate(startDate);
    const last = parseCalendarDate(endDate);
    if (first === null)
      check.add({ code: 'invalid_string', validation: 'regex', path: ['startDate'], message: 'Invalid' });
    if (last === null)
      check.add({ code: 'invalid_string', validation: 'regex', path: ['endDate'], message: 'Invalid' });
    if (first !== null && last !== null) {
      if (last < first) {
        check.add({ code: 'custom', path: ['endDate'], message: 'endDate must not be before startDate' });
      } else if ((last - first) / DAY_MS + 1 > MAX_DAYS) {
        check.add({
          code: 'custom',
          path: ['endDate'],
          message: `The date range may span at most ${MAX_DAYS} days`,
        });
      }
    }
    if (!check.ok || first === null || last === null) return json(400, detailedError(check.issues));
    return { label: `${startDate}:${endDate}`, firstDay: first, lastDay: last };
  }
  const lookback = ctx.query.get('lookback') ?? '7d';
  if (!LOOKBACK_PATTERN.test(lookback)) {
    check.add({ code: 'invalid_string', validation: 'regex', path: ['lookback'], message: 'Invalid' });
    return json(400, detailedError(check.issues));
  }
  const days = Math.min(MAX_DAYS, Number(lookback.slice(0, -1)));
  const today = startOfUtcDay(ctx.state.clock.now());
  return { label: `${days}d`, firstDay: today - (days - 1) * DAY_MS, lastDay: today };
}

interface Totals {
  usd: number;
  diem: number;
  units: number;
}

function addTo(map: Map<string, Totals>, name: string, usd: number, diem: number, units: number) {
  const totals = map.get(name) ?? { usd: 0, diem: 0, units: 0 };
  totals.usd += usd;
  totals.diem += diem;
  totals.units += units;
  map.set(name, totals);
}

function bySpend<T extends { totalUsd: number; totalDiem: number }>(a: T, b: T): number {
  return b.totalUsd + b.totalDiem - (a.totalUsd + a.totalDiem);
}

function breakdownType(sku: string): string {
  if (sku.includes('-input-')) return 'Input';
  if (sku.includes('-output-')) return 'Output';
  if (sku.includes('-cache-read-')) return 'Cache Read';
  if (sku.includes('-cache-write-')) return 'Cache Write';
  return 'Usage';
}

/** Chart rows: one per day, one field per top series (plus "Other" past the top 50). */
function dailySeries(
  days: number[],
  names: string[],
  perDay: Map<string, Map<number, Totals>>,
  pick: (totals: Totals) => number,
): { top: string[]; rows: Record<string, number>[] } {
  const top = names.slice(0, TOP_SERIES);
  const rest = names.slice(TOP_SERIES);
  const series = rest.length > 0 ? [...top, 'Other'] : top;
  const rows = days.map((day) => {
    const row: Record<string, number> = { date: day };
    for (const name of top) row[name] = roundMoney(pickDay(perDay, name, day, pick));
    if (rest.length > 0)
      row.Other = roundMoney(rest.reduce((sum, name) => sum + pickDay(perDay, name, day, pick), 0));
    return row;
  });
  return { top: series, rows };
}

function pickDay(
  perDay: Map<string, Map<number, Totals>>,
  name: string,
  day: number,
  pick: (t: Totals) => number,
) {
  const totals = perDay.get(name)?.get(day);
  return totals ? pick(totals) : 0;
}

function addDaily(
  perDay: Map<string, Map<number, Totals>>,
  name: string,
  day: number,
  usd: number,
  diem: number,
  units: number,
) {
  const days = perDay.get(name) ?? new Map<number, Totals>();
  perDay.set(name, days);
  const totals = days.get(day) ?? { usd: 0, diem: 0, units: 0 };
  totals.usd += usd;
  totals.diem += diem;
  totals.units += units;
  days.set(day, totals);
}

function computeAnalytics(state: SimulatorState, account: AccountRecord, window: Window) {
  const now = state.clock.now();
  const days: number[] = [];
  for (let day = window.firstDay; day <= window.lastDay; day += DAY_MS) days.push(day);
  const byDay = new Map<number, { usd: number; diem: number }>(days.map((day) => [day, { usd: 0, diem: 0 }]));
  const models = new Map<string, Totals>();
  const modelBreakdown = new Map<string, Map<string, Totals>>();
  const modelDaily = new Map<string, Map<number, Totals>>();
  const keys = new Map<string, Totals & { apiKeyId: string | null }>();
  const keyDaily = new Map<string, Map<number, Totals>>();

  // Name every key like Venice's analytics: description, or "Key ...<last 6 of id>", and a
  // " (...<last 6 of id>)" suffix when two keys share a description.
  const descriptionCount = new Map<string, number>();
  for (const key of account.keys.values()) {
    descriptionCount.set(key.description, (descriptionCount.get(key.description) ?? 0) + 1);
  }
  const keyName = (keyId: string | null): string => {
    if (keyId === null) return 'Web App';
    const key = account.keys.get(keyId);
    const idTail = keyId.slice(-6);
    if (!key || key.description === '') return `Key ...${idTail}`;
    return (descriptionCount.get(key.description) ?? 0) > 1
      ? `${key.description} (...${idTail})`
      : key.description;
  };

  for (const entry of account.ledger) {
    // Only debits count, and spend paid from earned credits is left out of every total.
    if (entry.amount >= 0 || entry.currency === 'EARNED_CREDITS' || entry.at > now) continue;
    const day = startOfUtcDay(entry.at);
    const dayTotals = byDay.get(day);
    if (!dayTotals) continue;
    const usd = entry.currency === 'DIEM' ? 0 : -entry.amount;
    const diem = entry.currency === 'DIEM' ? -entry.amount : 0;
    const units = entry.sku.includes('-llm-') ? Math.round(entry.units * 1e6) : entry.units;
    dayTotals.usd += usd;
    dayTotals.diem += diem;
    addTo(models, entry.model, usd, diem, units);
    const breakdown = modelBreakdown.get(entry.model) ?? new Map<string, Totals>();
    modelBreakdown.set(entry.model, breakdown);
    addTo(breakdown, breakdownType(entry.sku), usd, diem, units);
    addDaily(modelDaily, entry.model, day, usd, diem, units);
    const name = keyName(entry.keyId);
    const keyTotals = keys.get(name) ?? { usd: 0, diem: 0, units: 0, apiKeyId: entry.keyId };
    keyTotals.usd += usd;
    keyTotals.diem += diem;
    keyTotals.units += units;
    keys.set(name, keyTotals);
    addDaily(keyDaily, name, day, usd, diem, units);
  }

  const byModel = [...models.entries()]
    .map(([modelName, totals]) => {
      const row: Record<string, unknown> & { totalUsd: number; totalDiem: number } = {
        modelName,
        unitType: 'tokens',
        modelType: 'LLM',
        totalUsd: roundMoney(totals.usd),
        totalDiem: roundMoney(totals.diem),
        totalUnits: roundMoney(totals.units),
      };
      const breakdown = modelBreakdown.get(modelName);
      if (breakdown && breakdown.size > 1) {
        row.breakdown = [...breakdown.entries()].map(([type, t]) => ({
          type,
          usd: roundMoney(t.usd),
          diem: roundMoney(t.diem),
          units: roundMoney(t.units),
        }));
      }
      return row;
    })
    .sort(bySpend);
  const byKey = [...keys.entries()]
    .map(([description, totals]) => ({
      apiKeyId: totals.apiKeyId,
      description,
      totalUsd: roundMoney(totals.usd),
      totalDiem: roundMoney(totals.diem),
      totalUnits: roundMoney(totals.units),
    }))
    .sort(bySpend);
  const modelNames = byModel.map((row) => String(row.modelName));
  const keyNames = byKey.map((row) => row.description);
  const combined = (t: Totals) => t.usd + t.diem;
  const usdOnly = (t: Totals) => t.usd;
  const modelSeries = dailySeries(days, modelNames, modelDaily, combined);
  const keySeries = dailySeries(days, keyNames, keyDaily, combined);
  return {
    lookback: window.label,
    byDate: days.map((day) => ({
      date: utcDate(day),
      USD: roundMoney(byDay.get(day)?.usd ?? 0),
      DIEM: roundMoney(byDay.get(day)?.diem ?? 0),
    })),
    byModel,
    byModelDaily: modelSeries.rows,
    byModelDailyUsd: dailySeries(days, modelNames, modelDaily, usdOnly).rows,
    topModels: modelSeries.top,
    byKey,
    byKeyDaily: keySeries.rows,
    byKeyDailyUsd: dailySeries(days, keyNames, keyDaily, usdOnly).rows,
    topKeyNames: keySeries.top,
  };
}

/** Aggregates, cached for 10 minutes per account and window, as Venice caches them. */
export function usageAnalyticsRoute(ctx: RequestContext): Reply {
  const account = accountOf(ctx);
  const window = readAnalyticsWindow(ctx);
  if ('status' in window) return window;
  const timeoutAbove = ctx.state.config.analyticsTimeoutAboveDays;
  if (timeoutAbove !== null && (window.lastDay - window.firstDay) / DAY_MS + 1 > timeoutAbove) {
    // FACTS §3.9 names only the status and its cause; the wording is the simulator's own.
    return errorReply(504, 'The usage analytics query timed out. Try a shorter date range.');
  }
  const cacheKey = `${account.id}|${window.label}`;
  const now = ctx.state.clock.now();
  const cached = ctx.state.analyticsCache.get(cacheKey);
  if (cached && now - cached.at < ctx.state.config.analyticsCacheMs) return json(200, cached.body);
  const body = computeAnalytics(ctx.state, account, window);
  ctx.state.analyticsCache.set(cacheKey, { at: now, body });
  return json(200, body);
}
