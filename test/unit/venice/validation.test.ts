import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONSUMPTION_LIMIT_MAX,
  checkKeyShape,
  DESCRIPTION_MAX,
  isEvmAddress,
  isPersonalSignature,
  trimPastedKey,
  validateConsumptionLimit,
  validateDateRange,
  validateDescription,
  validateExpiresAt,
  validateLookback,
  validateUsageCursor,
  validateUsageTimestamp,
} from '@/lib/venice/validation';

describe('validation.ts stays light for the popup', () => {
  it('imports nothing at all (no zod, no storage)', () => {
    const source = readFileSync(new URL('../../../lib/venice/validation.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});

describe('validateExpiresAt', () => {
  it.each([
    '',
    '2026-12-31',
    '2028-02-29',
    '2026-12-31T23:59:59Z',
    '2026-12-31T00:00:00.000Z',
    '2026-01-01T12:30:45.123Z',
  ])('accepts %j', (value) => {
    expect(validateExpiresAt(value)).toEqual({ ok: true });
  });

  it.each([
    ['2026-12-31T23:59:59', /ending in Z/],
    ['2026-12-31T23:59:59+02:00', /ending in Z/],
    ['2026-12-31T23:59:59.1Z', /exactly 3 fraction digits/],
    ['2026-12-31T23:59:59.1234Z', /exactly 3 fraction digits/],
    ['2027-02-29', /does not exist/],
    ['2026-04-31', /does not exist/],
    ['2026-00-10', /does not exist/],
    ['2026-12-31T24:00:00Z', /time does not exist/],
    ['2026-12-31T12:60:00Z', /time does not exist/],
    [' ', /empty \(never\)/],
    ['tomorrow', /a date like 2026-12-31/],
  ])('refuses %j', (value, reason) => {
    const result = validateExpiresAt(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('accepts every real instant written as toISOString() and its date part', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString();
          expect(validateExpiresAt(iso).ok).toBe(true);
          expect(validateExpiresAt(iso.slice(0, 10)).ok).toBe(true);
          expect(validateExpiresAt(iso.replace('Z', '+00:00')).ok).toBe(false);
        },
      ),
    );
  });
});

describe('validateDescription and validateConsumptionLimit', () => {
  it('allows up to 64 characters', () => {
    expect(DESCRIPTION_MAX).toBe(64);
    expect(validateDescription('')).toEqual({ ok: true });
    expect(validateDescription('x'.repeat(64))).toEqual({ ok: true });
    expect(validateDescription('x'.repeat(65))).toEqual({
      ok: false,
      reason: 'The description is 65 characters long; Venice allows at most 64.',
    });
  });

  it.each([
    [null, true],
    [0, true],
    [0.5, true],
    [CONSUMPTION_LIMIT_MAX, true],
    [CONSUMPTION_LIMIT_MAX + 1, false],
    [-0.01, false],
    [Number.NaN, false],
    [Number.NEGATIVE_INFINITY, false],
    ['10' as unknown as number, false],
  ])('cap %s → ok %s', (value, ok) => {
    expect(validateConsumptionLimit(value).ok).toBe(ok);
  });
});

describe('checkKeyShape', () => {
  const admin = 'VENICE_ADMIN_KEY_aB3dE5fG7hJ9kL1mN3pQ5rS7';
  const inference = 'VENICE_INFERENCE_KEY_aB3dE5fG7hJ9kL1mN3pQ5rS7-_x';

  it('reads the type hint from the prefix', () => {
    expect(checkKeyShape(admin)).toEqual({ ok: true, typeHint: 'ADMIN' });
    expect(checkKeyShape(inference)).toEqual({ ok: true, typeHint: 'INFERENCE' });
  });

  it.each([
    ['', /Paste a Venice API key/],
    [`${admin} `, /spaces or line breaks/],
    [`${admin}\n`, /spaces or line breaks/],
    ['VENICE_ADMIN_KEY_abc def', /spaces or line breaks/],
    [`Bearer${admin}`, /without the word "Bearer"/],
    ['e28e82dc-9df2-4b47-b726-d0a222ef2ab5', /key id, not the secret/],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz', /another provider/],
    ['hello', /starts with VENICE_ADMIN_KEY_ or VENICE_INFERENCE_KEY_/],
    ['venice_admin_key_abcdefghijklmnopqrstu', /starts with VENICE_ADMIN_KEY_/],
    ['VENICE_ADMIN_KEY_', /too short/],
    ['VENICE_ADMIN_KEY_abc', /too short/],
    [`VENICE_ADMIN_KEY_${'a'.repeat(300)}`, /too long/],
    ['VENICE_ADMIN_KEY_abcdefghijklmnop<script>', /characters a Venice key never has/],
    ['VENICE_ADMIN_KEY_abcdefghijklmnopé', /characters a Venice key never has/],
  ])('refuses %j with a clear reason that does not repeat it', (secret, reason) => {
    const result = checkKeyShape(secret);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      if (secret.length > 20) expect(result.reason).not.toContain(secret.trim());
    }
  });

  it('trimPastedKey removes surrounding whitespace and a Bearer prefix', () => {
    expect(trimPastedKey(`  Bearer ${admin}\n`)).toBe(admin);
    expect(checkKeyShape(trimPastedKey(`\t${inference} `))).toEqual({ ok: true, typeHint: 'INFERENCE' });
  });

  it('never throws on any string', () => {
    // Every code point, lone surrogates included (fast-check's built-in 'binary' unit covers the
    // same, but builds a table of all of Unicode first: 0.7 s idle, up to 20 s on a loaded machine).
    const anyCodePoint = fc.nat({ max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));
    fc.assert(
      fc.property(fc.string({ unit: anyCodePoint }), (s) => {
        const result = checkKeyShape(s);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('wallet and billing helpers', () => {
  it('recognises addresses and 65-byte signatures', () => {
    expect(isEvmAddress('0x321b7ff75154472b18edb199033ff4d116f340ff')).toBe(true);
    expect(isEvmAddress('0x321B7FF75154472B18EDB199033FF4D116F340FF')).toBe(true);
    expect(isEvmAddress('321b7ff75154472b18edb199033ff4d116f340ff')).toBe(false);
    expect(isEvmAddress('0x321b7ff75154472b18edb199033ff4d116f340f')).toBe(false);
    expect(isPersonalSignature(`0x${'0f'.repeat(65)}`)).toBe(true);
    expect(isPersonalSignature(`0x${'0f'.repeat(64)}`)).toBe(false);
  });

  it('checks usage-history bounds and cursors', () => {
    expect(validateUsageTimestamp('2026-01-01T00:00:00Z').ok).toBe(true);
    expect(validateUsageTimestamp('2026-01-01T00:00:00.123456Z').ok).toBe(true);
    expect(validateUsageTimestamp('2026-01-01').ok).toBe(false);
    expect(validateUsageTimestamp('2026-01-01T00:00:00+01:00').ok).toBe(false);
    expect(validateUsageTimestamp(`2026-01-01T00:00:00.${'1'.repeat(40)}Z`).ok).toBe(false);
    expect(validateUsageCursor('abc_DEF-123').ok).toBe(true);
    expect(validateUsageCursor('abc=').ok).toBe(false);
    expect(validateUsageCursor('').ok).toBe(false);
  });

  it('checks analytics periods', () => {
    expect(validateLookback('7d').ok).toBe(true);
    expect(validateLookback('90d').ok).toBe(true);
    expect(validateLookback('91d').ok).toBe(false);
    expect(validateLookback('07d').ok).toBe(false);
    expect(validateDateRange('2026-01-01', '2026-01-01').ok).toBe(true);
    expect(validateDateRange('2026-01-01', '2026-03-31').ok).toBe(true);
    expect(validateDateRange('2026-01-01', '2026-04-01').ok).toBe(false);
    expect(validateDateRange('2026-01-02', '2026-01-01').ok).toBe(false);
  });
});
