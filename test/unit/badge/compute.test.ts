import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BADGE_COLORS,
  type BadgeCurrency,
  type BadgeInput,
  computeBadge,
  DEFAULT_TITLE,
  formatAge,
  formatAmount,
  IMPLAUSIBLE_BALANCE,
  MAX_BADGE_TEXT,
  spendable,
} from '@/lib/badge/compute';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const MIN = 60_000;

function input(overrides: Partial<BadgeInput> = {}): BadgeInput {
  return {
    now: NOW,
    badgeKey: { label: 'My app' },
    vault: 'unlocked',
    figures: { balances: { USD: 50 }, accessPermitted: true, fetchedAt: NOW - MIN },
    problem: null,
    currency: 'auto',
    warnAt: 5,
    criticalAt: 1,
    periodMinutes: 5,
    ...overrides,
  };
}

function withBalances(balances: Record<string, unknown>, overrides: Partial<BadgeInput> = {}): BadgeInput {
  return input({ figures: { balances, accessPermitted: true, fetchedAt: NOW - MIN }, ...overrides });
}

describe('formatAmount', () => {
  it.each<[number, BadgeCurrency, string]>([
    [0, 'USD', '$0'],
    [-0, 'USD', '$0'],
    [0.004, 'USD', '<1¢'],
    [0.0000001, 'USD', '<1¢'],
    [0.01, 'USD', '1¢'],
    [0.0999, 'USD', '9¢'],
    [0.29, 'USD', '$0.2'],
    [0.0299, 'USD', '2¢'],
    [0.1, 'USD', '$0.1'],
    [0.45, 'USD', '$0.4'],
    [0.99, 'USD', '$0.9'],
    [1, 'USD', '$1'],
    [5, 'USD', '$5'],
    [9.5, 'USD', '$9.5'],
    [9.99, 'USD', '$9.9'],
    [10, 'USD', '$10'],
    [50, 'USD', '$50'],
    [99.99, 'USD', '$99'],
    [123.4567, 'USD', '$123'],
    [999.99, 'USD', '$999'],
    [1000, 'USD', '$1k'],
    [1234, 'USD', '$1k'],
    [1999.99, 'USD', '$1k'],
    [12_345, 'USD', '$12k'],
    [99_999, 'USD', '$99k'],
    [100_000, 'USD', '$.1M'],
    [999_999, 'USD', '$.9M'],
    [1_000_000, 'USD', '$1M'],
    [42_000_000, 'USD', '$42M'],
    [9_999_999_999, 'USD', '$9B'],
    [1e12, 'USD', '$1T'],
    [99.9e12, 'USD', '$99T'],
    [9.5, 'DIEM', 'Đ9.5'],
    [0.45, 'DIEM', 'Đ0.4'],
    [0.05, 'DIEM', '<Đ.1'],
    [0.0001, 'DIEM', '<Đ.1'],
    [0, 'DIEM', 'Đ0'],
    [1500, 'DIEM', 'Đ1k'],
    [20, 'BUNDLED_CREDITS', 'C20'],
    [0.05, 'BUNDLED_CREDITS', '<C.1'],
  ])('%s %s → %s', (amount, currency, expected) => {
    expect(formatAmount(amount, currency)).toBe(expected);
  });

  it('does not lose a cent to floating point (0.29 × 100 = 28.999…)', () => {
    expect(formatAmount(0.07, 'USD')).toBe('7¢');
    expect(formatAmount(0.3, 'USD')).toBe('$0.3');
    expect(formatAmount(0.7, 'USD')).toBe('$0.7');
    expect(formatAmount(1.1, 'USD')).toBe('$1.1');
    expect(formatAmount(8.2, 'DIEM')).toBe('Đ8.2');
  });

  it('never exceeds 4 characters and never shows NaN/undefined/Infinity, for any amount (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: IMPLAUSIBLE_BALANCE, noNaN: true, maxExcluded: true }),
        fc.constantFrom<BadgeCurrency>('USD', 'DIEM', 'BUNDLED_CREDITS'),
        (amount, currency) => {
          const text = formatAmount(amount, currency);
          expect([...text].length).toBeLessThanOrEqual(MAX_BADGE_TEXT);
          expect(text).not.toMatch(/NaN|undefined|Infinity|e[+-]/);
          expect(text).not.toBe('–');
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('stays within 4 characters just under every boundary', () => {
    for (const boundary of [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e9, 1e12, IMPLAUSIBLE_BALANCE]) {
      for (const below of [boundary * (1 - 1e-16), boundary - boundary * 1e-13, boundary * 0.9999999]) {
        for (const currency of ['USD', 'DIEM', 'BUNDLED_CREDITS'] as const) {
          expect([...formatAmount(below, currency)].length).toBeLessThanOrEqual(MAX_BADGE_TEXT);
        }
      }
    }
    expect(formatAmount(999.9999999999999, 'USD')).toBe('$999');
    expect(formatAmount(9.999999999999998, 'USD')).toBe('$9.9');
  });

  it('rounds down, never up: the figure shown is never more than what can be spent (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 1e6, noNaN: true }), (amount) => {
        const text = formatAmount(amount, 'USD');
        const match = /^\$(\.)?(\d+(?:\.\d)?)([kM]?)$/.exec(text);
        expect(match).not.toBeNull();
        const [, leadingDot, digits, unit] = match as RegExpExecArray;
        const scale = unit === 'k' ? 1e3 : unit === 'M' ? 1e6 : 1;
        const shown = Number(leadingDot ? `0.${digits}` : digits) * scale;
        expect(shown).toBeLessThanOrEqual(amount * (1 + 1e-9));
        // …and not absurdly less: within one step of the shown precision.
        expect(amount).toBeGreaterThan(shown * 0.5 - 1e-9);
      }),
      { numRuns: 3000 },
    );
  });

  it('a tiny positive USD amount is never "$0"', () => {
    fc.assert(
      fc.property(
        fc.double({ min: Number.MIN_VALUE, max: 0.1, noNaN: true, maxExcluded: true }),
        (amount) => {
          expect(formatAmount(amount, 'USD')).not.toMatch(/^\$0$|^0¢$/);
        },
      ),
    );
  });
});

describe('spendable (currency choice)', () => {
  it.each<[Record<string, unknown>, 'auto' | BadgeCurrency, BadgeCurrency, number | null]>([
    [{ USD: 10, DIEM: 2, BUNDLED_CREDITS: 3 }, 'auto', 'DIEM', 2],
    [{ USD: 10, DIEM: 0, BUNDLED_CREDITS: 3 }, 'auto', 'BUNDLED_CREDITS', 3],
    [{ USD: 10, DIEM: 0, BUNDLED_CREDITS: 0 }, 'auto', 'USD', 10],
    [{ USD: 10 }, 'auto', 'USD', 10],
    [{ DIEM: 0, USD: 0 }, 'auto', 'DIEM', 0],
    [{ USD: 0 }, 'auto', 'USD', 0],
    [{}, 'auto', 'USD', null],
    [{ USD: 'ten', DIEM: Number.NaN }, 'auto', 'USD', null],
    [{ USD: 10, DIEM: 2 }, 'USD', 'USD', 10],
    [{ USD: 10 }, 'DIEM', 'DIEM', null],
    [{ USD: -3 }, 'USD', 'USD', 0],
    [{ USD: Number.POSITIVE_INFINITY }, 'USD', 'USD', null],
    [{ USD: 1e15 }, 'USD', 'USD', null],
  ])('%j with %s → %s %s', (balances, choice, currency, amount) => {
    expect(spendable(balances, choice)).toEqual({ currency, amount });
  });
});

describe('computeBadge', () => {
  describe('fresh figures, colored by thresholds', () => {
    it.each<[Record<string, unknown>, string, string]>([
      [{ USD: 50 }, '$50', BADGE_COLORS.ok],
      [{ USD: 5 }, '$5', BADGE_COLORS.ok],
      [{ USD: 4.99 }, '$4.9', BADGE_COLORS.warn],
      [{ USD: 1 }, '$1', BADGE_COLORS.warn],
      [{ USD: 0.99 }, '$0.9', BADGE_COLORS.critical],
      [{ USD: 0.004 }, '<1¢', BADGE_COLORS.critical],
      [{ USD: 0 }, '$0', BADGE_COLORS.critical],
      [{ USD: -12 }, '$0', BADGE_COLORS.critical],
      [{ USD: 1e12 }, '$1T', BADGE_COLORS.ok],
      [{ DIEM: 9.5, USD: 100 }, 'Đ9.5', BADGE_COLORS.ok],
      [{ DIEM: 0, BUNDLED_CREDITS: 3, USD: 100 }, 'C3', BADGE_COLORS.warn],
    ])('%j → %s', (balances, text, color) => {
      const badge = computeBadge(withBalances(balances));
      expect(badge.text).toBe(text);
      expect(badge.color).toBe(color);
      expect(badge.state).toBe('fresh');
    });

    it('uses the user’s thresholds', () => {
      const badge = computeBadge(withBalances({ USD: 50 }, { warnAt: 100, criticalAt: 60 }));
      expect(badge.color).toBe(BADGE_COLORS.critical);
      expect(computeBadge(withBalances({ USD: 80 }, { warnAt: 100, criticalAt: 60 })).color).toBe(
        BADGE_COLORS.warn,
      );
    });

    it('uses a fixed currency when the user chose one', () => {
      const badge = computeBadge(withBalances({ DIEM: 9.5, USD: 100 }, { currency: 'USD' }));
      expect(badge.text).toBe('$100');
      expect(badge.currency).toBe('USD');
    });

    it('amber text is dark, the others white', () => {
      expect(computeBadge(withBalances({ USD: 3 })).textColor).toBe('#000000');
      expect(computeBadge(withBalances({ USD: 30 })).textColor).toBe('#FFFFFF');
    });

    it('the tooltip has every balance in full, the key’s label and the age', () => {
      const badge = computeBadge(
        input({
          figures: {
            balances: { USD: 1234.5678, DIEM: 9.54321, BUNDLED_CREDITS: 0 },
            accessPermitted: true,
            fetchedAt: NOW - 3 * MIN - 10_000,
          },
        }),
      );
      expect(badge.title).toBe(
        [
          `${DEFAULT_TITLE} · My app`,
          'Can spend (badge shows DIEM):',
          'DIEM: 9.54321',
          'Bundled credits: 0',
          'USD: 1,234.5678',
          'Updated 3 min ago',
        ].join('\n'),
      );
    });

    it('says "just now" for a figure under a minute old', () => {
      const badge = computeBadge(
        input({ figures: { balances: { USD: 5 }, accessPermitted: true, fetchedAt: NOW - 5000 } }),
      );
      expect(badge.title).toContain('Updated just now');
    });
  });

  describe('missing, non-numeric and hostile balances', () => {
    it.each<[string, Record<string, unknown>]>([
      ['missing', {}],
      ['NaN', { USD: Number.NaN }],
      ['Infinity', { USD: Number.POSITIVE_INFINITY }],
      ['a string', { USD: '50' }],
      ['an object', { USD: { value: 50 } }],
      ['null', { USD: null }],
      ['implausible', { USD: 1e20 }],
    ])('%s → "–" grey, with a reason, never NaN/undefined', (_name, balances) => {
      const badge = computeBadge(withBalances(balances));
      expect(badge.text).toBe('–');
      expect(badge.color).toBe(BADGE_COLORS.inactive);
      expect(badge.state).toBe('no-figure');
      expect(badge.title).toContain('Venice reported no usable USD balance');
      expect(badge.title).not.toMatch(/NaN|undefined|Infinity|\[object/);
    });

    it('describes unreadable and missing figures in the tooltip', () => {
      const badge = computeBadge(withBalances({ USD: 'lots', DIEM: 2 }));
      expect(badge.text).toBe('Đ2');
      expect(badge.title).toContain('USD: unreadable figure from Venice');
      expect(badge.title).toContain('Bundled credits: not reported');
    });

    it('the fixed currency missing → "–" even when others exist', () => {
      const badge = computeBadge(withBalances({ USD: 10 }, { currency: 'DIEM' }));
      expect(badge.text).toBe('–');
      expect(badge.title).toContain('no usable DIEM balance');
    });

    it('any JSON-ish balances give ≤ 4 characters and no NaN/undefined (property)', () => {
      const anyValue = fc.oneof(
        fc.double(),
        fc.integer(),
        fc.string(),
        fc.constant(null),
        fc.constant(undefined),
      );
      fc.assert(
        fc.property(
          fc.record({ USD: anyValue, DIEM: anyValue, BUNDLED_CREDITS: anyValue }, { requiredKeys: [] }),
          fc.boolean(),
          fc.constantFrom<'auto' | BadgeCurrency>('auto', 'USD', 'DIEM', 'BUNDLED_CREDITS'),
          (balances, accessPermitted, currency) => {
            const badge = computeBadge(
              input({ figures: { balances, accessPermitted, fetchedAt: NOW - MIN }, currency }),
            );
            expect([...badge.text].length).toBeLessThanOrEqual(MAX_BADGE_TEXT);
            expect(badge.text.length).toBeGreaterThan(0);
            expect(`${badge.text}${badge.title}`).not.toMatch(/NaN|undefined|Infinity/);
          },
        ),
        { numRuns: 2000 },
      );
    });
  });

  describe('states', () => {
    it('no badge key → no badge', () => {
      const badge = computeBadge(input({ badgeKey: null }));
      expect(badge).toMatchObject({ text: '', state: 'off', title: DEFAULT_TITLE });
    });

    it('no vault → no badge', () => {
      expect(computeBadge(input({ vault: 'none' })).text).toBe('');
    });

    it('accessPermitted false with nothing left → red "!" saying why', () => {
      const badge = computeBadge(
        input({ figures: { balances: { USD: 0, DIEM: 0 }, accessPermitted: false, fetchedAt: NOW - MIN } }),
      );
      expect(badge.text).toBe('!');
      expect(badge.color).toBe(BADGE_COLORS.critical);
      expect(badge.state).toBe('denied');
      expect(badge.title).toContain('Nothing left to spend: the key’s spend cap is reached');
    });

    it('accessPermitted false with balance left → red "!" naming the other causes', () => {
      const badge = computeBadge(
        input({ figures: { balances: { USD: 40 }, accessPermitted: false, fetchedAt: NOW - MIN } }),
      );
      expect(badge.text).toBe('!');
      expect(badge.title).toContain('Venice does not permit requests with this key right now');
      expect(badge.title).toContain('USD: 40');
    });

    it('older than two periods → last figure in grey with the age', () => {
      const badge = computeBadge(
        input({ figures: { balances: { USD: 50 }, accessPermitted: true, fetchedAt: NOW - 11 * MIN } }),
      );
      expect(badge).toMatchObject({ text: '$50', color: BADGE_COLORS.inactive, state: 'stale' });
      expect(badge.title).toContain('Not refreshed for 11 min.');
      expect(badge.title).toContain('Figures from the last successful refresh, 11 min ago.');
    });

    it('exactly two periods old is still fresh', () => {
      const badge = computeBadge(
        input({ figures: { balances: { USD: 50 }, accessPermitted: true, fetchedAt: NOW - 10 * MIN } }),
      );
      expect(badge.state).toBe('fresh');
    });

    it('last refresh failed → last figure in grey with the reason and age', () => {
      const badge = computeBadge(
        input({ problem: { kind: 'refresh', message: 'Venice had a problem (HTTP 503).', at: NOW } }),
      );
      expect(badge).toMatchObject({ text: '$50', color: BADGE_COLORS.inactive, state: 'stale' });
      expect(badge.title).toContain(
        'Last refresh failed: Venice had a problem (HTTP 503). Showing the last known figure.',
      );
      expect(badge.title).toContain('Figures from the last successful refresh, 1 min ago.');
      expect(badge.title).not.toContain('Updated');
    });

    it('a refresh failing seconds after a success never says "Updated just now" next to the failure', () => {
      const badge = computeBadge(
        input({
          figures: { balances: { USD: 50 }, accessPermitted: true, fetchedAt: NOW - 20_000 },
          problem: { kind: 'refresh', message: 'Venice had a problem (HTTP 503).', at: NOW },
        }),
      );
      expect(badge.state).toBe('stale');
      expect(badge.title).toContain('Last refresh failed');
      expect(badge.title).not.toMatch(/Updated|just now/);
      expect(badge.title).toContain('Figures from the last successful refresh, under a minute ago.');
    });

    it('a failure older than the latest figures no longer matters', () => {
      const badge = computeBadge(
        input({ problem: { kind: 'refresh', message: 'old failure', at: NOW - 2 * MIN } }),
      );
      expect(badge.state).toBe('fresh');
      expect(badge.title).not.toContain('old failure');
    });

    it('failing before any figure → grey "…" with the reason', () => {
      const badge = computeBadge(
        input({ figures: null, problem: { kind: 'refresh', message: 'Could not reach Venice.', at: NOW } }),
      );
      expect(badge).toMatchObject({ text: '…', color: BADGE_COLORS.inactive, state: 'stale' });
      expect(badge.title).toContain('Last refresh failed: Could not reach Venice.');
    });

    it('locked → last figure in grey with a lock in the tooltip', () => {
      const badge = computeBadge(input({ vault: 'locked' }));
      expect(badge).toMatchObject({ text: '$50', color: BADGE_COLORS.inactive, state: 'locked' });
      expect(badge.title).toContain('🔒 Vault locked');
      expect(badge.title).toContain('Figures from the last successful refresh, 1 min ago.');
    });

    it('locked keeps a denied "!" but grey', () => {
      const badge = computeBadge(
        input({
          vault: 'locked',
          figures: { balances: { USD: 0 }, accessPermitted: false, fetchedAt: NOW - MIN },
        }),
      );
      expect(badge).toMatchObject({ text: '!', color: BADGE_COLORS.inactive, state: 'locked' });
    });

    it('locked with nothing cached → grey "…" with the lock', () => {
      const badge = computeBadge(input({ vault: 'locked', figures: null }));
      expect(badge).toMatchObject({ text: '…', state: 'locked' });
      expect(badge.title).toContain('🔒');
    });

    it('revoked or invalid key → "?" with the reason', () => {
      const badge = computeBadge(
        input({
          problem: {
            kind: 'key',
            message: 'Venice did not accept this API key: it is invalid, expired or revoked.',
            at: NOW,
          },
        }),
      );
      expect(badge).toMatchObject({ text: '?', color: BADGE_COLORS.inactive, state: 'invalid-key' });
      expect(badge.title).toContain(
        'The badge key does not work: Venice refused it (revoked or invalid), or it is gone from the vault. Venice did not accept this API key',
      );
    });

    it('a key problem shows "?" even while locked', () => {
      const badge = computeBadge(
        input({ vault: 'locked', problem: { kind: 'key', message: 'revoked', at: NOW } }),
      );
      expect(badge.text).toBe('?');
      expect(badge.title).toContain('🔒');
    });

    it('no figure yet → grey "…"', () => {
      const badge = computeBadge(input({ figures: null }));
      expect(badge).toMatchObject({ text: '…', state: 'pending', color: BADGE_COLORS.inactive });
    });

    it('an unlabelled key still gets a readable tooltip', () => {
      expect(computeBadge(input({ badgeKey: { label: '' } })).title.split('\n')[0]).toBe(
        `${DEFAULT_TITLE} · badge key`,
      );
    });
  });
});

describe('formatAge', () => {
  it.each<[number, string]>([
    [-5000, 'just now'],
    [0, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 min ago'],
    [119 * MIN, '119 min ago'],
    [120 * MIN, '2 h ago'],
    [47 * 60 * MIN, '47 h ago'],
    [72 * 60 * MIN, '3 days ago'],
    [Number.NaN, 'just now'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
