/**
 * The tolerant reader (FACTS §2): whatever Venice puts in a list, every row is either shown or
 * counted, a shown row carries exactly the figures Venice sent, and what the popup writes for
 * it never reads "never" for a date that was sent but cannot be read, nor NaN or "undefined".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateTimeUtc,
  expiryInfo,
  periodWord,
  privacyWords,
  relativeTime,
  shortDate,
  untilOrAgo,
} from '@/entrypoints/popup/format';
import { rateLimitLogResponse } from '@/lib/venice/endpoints/get-rate-limit-log';
import { rateLimitsResponse } from '@/lib/venice/endpoints/get-rate-limits';
import { listApiKeysResponse } from '@/lib/venice/endpoints/list-api-keys';
import { parseResponse } from '@/lib/venice/schemas';
import { wireApiKey, wireBreachLog, wireRateLimits } from './fixtures';

const NOW = Date.parse('2026-05-01T12:00:00.000Z');

/** Anything Venice might put where a date, an enum value or a figure goes. */
const oddValue = fc.oneof(
  fc.constantFrom(null, undefined, '', {}, [], 0, -1, 1e308, true, 'NEW_VALUE', 'yesterday', '1'),
  fc.constantFrom('2026-13-45T99:00:00Z', '2025-06-01', '2026-04-20T10:05:00.000Z', '2026-04-20T10:05Z'),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);
const FIELDS = [
  'apiKeyType',
  'createdAt',
  'expiresAt',
  'lastUsedAt',
  'limitPeriod',
  'modelPrivacy',
  'description',
  'last6Chars',
  'consumptionLimits',
  'usage',
  'currentPeriodUsage',
  'id',
] as const;

const oddRow = fc
  .record({
    field: fc.constantFrom(...FIELDS),
    value: oddValue,
    drop: fc.boolean(),
  })
  .map(({ field, value, drop }) => {
    const row: Record<string, unknown> = wireApiKey();
    if (drop) delete row[field];
    else row[field] = value;
    return { row, field, value, drop };
  });

function readable(value: unknown): boolean {
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

function noJunk(text: string): void {
  expect(text).not.toMatch(/NaN|undefined|Invalid|\[object/);
  expect(text.length).toBeGreaterThan(0);
}

describe('GET /api_keys, one odd field per row', () => {
  it('every row is shown or counted; one odd row never hides the others', () => {
    fc.assert(
      fc.property(fc.array(oddRow, { maxLength: 6 }), (rows) => {
        const data = [wireApiKey(), ...rows.map((r) => r.row)];
        const { keys, unreadable } = parseResponse(listApiKeysResponse, { object: 'list', data });
        expect(keys.length + (unreadable?.count ?? 0)).toBe(data.length);
        expect(keys.length).toBeGreaterThanOrEqual(1);
        for (const reason of unreadable?.reasons ?? []) expect(reason).not.toMatch(/NEW_VALUE|undefined/);
      }),
      { numRuns: 300 },
    );
  });

  it('a shown row has the caps Venice sent and dates that are never "never" unless none was sent', () => {
    fc.assert(
      fc.property(oddRow, ({ row, field, value, drop }) => {
        const { keys } = parseResponse(listApiKeysResponse, { object: 'list', data: [row] });
        const key = keys[0];
        if (!key) return;
        const sent = row.consumptionLimits as { usd?: unknown; diem?: unknown };
        expect(key.consumptionLimits.usd).toBe(sent.usd ?? null);
        expect(key.consumptionLimits.diem).toBe(sent.diem ?? null);
        for (const date of ['createdAt', 'expiresAt', 'lastUsedAt'] as const) {
          noJunk(shortDate(key[date]));
          noJunk(dateTimeUtc(key[date]));
          noJunk(relativeTime(key[date], NOW));
          if (field !== date) continue;
          const none = drop || value === null || value === undefined || value === '';
          if (!none && !readable(value)) {
            expect(relativeTime(key[date], NOW)).toBe('unknown');
            expect(dateTimeUtc(key[date])).toBe('unknown');
          }
          if (date === 'expiresAt') {
            const text = expiryInfo(key.expiresAt, NOW).text;
            noJunk(text);
            expect(text === 'Never expires').toBe(none);
          }
        }
        noJunk(privacyWords(key.modelPrivacy));
        noJunk(periodWord(key.limitPeriod));
        if (field === 'modelPrivacy' && value === 'NEW_VALUE' && !drop)
          expect(privacyWords(key.modelPrivacy)).toBe('privacy: NEW_VALUE');
      }),
      { numRuns: 400 },
    );
  });
});

describe('rate limits and breach log', () => {
  it('an odd date in rate limits reads as unknown, and a past epoch reads "… ago", never "in now"', () => {
    fc.assert(
      fc.property(oddValue, fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), (value, offset) => {
        const wire = wireRateLimits();
        Object.assign(wire.data as Record<string, unknown>, { keyExpiration: value, nextEpochBegins: value });
        const limits = parseResponse(rateLimitsResponse, wire);
        noJunk(untilOrAgo(limits.nextEpochBegins, NOW));
        const at = new Date(NOW + offset).toISOString();
        const text = untilOrAgo(at, NOW);
        expect(text).not.toMatch(/in now|in just now/);
        if (offset <= -5_000) expect(text).toMatch(/ ago$/);
        if (offset >= 1_000) expect(text).toMatch(/^in /);
      }),
      { numRuns: 300 },
    );
  });

  it('every breach entry is shown or counted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ field: fc.constantFrom('apiKeyId', 'timestamp', 'rateLimitType'), value: oddValue }),
        ),
        (changes) => {
          const wire = wireBreachLog();
          const rows = wire.data as Record<string, unknown>[];
          changes.forEach((c, i) => {
            const row = rows[i % rows.length] as Record<string, unknown>;
            row[c.field] = c.value;
          });
          const { entries, unreadable } = parseResponse(rateLimitLogResponse, wire);
          expect(entries.length + (unreadable?.count ?? 0)).toBe(rows.length);
          for (const e of entries) noJunk(relativeTime(e.timestamp, NOW));
        },
      ),
      { numRuns: 200 },
    );
  });
});
