import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diem, usd } from '@/entrypoints/popup/format';

// The figures are formatted through formatters built once; they must read exactly as the
// per-call toLocaleString they replaced.
const reference = {
  usd(value: number): string {
    const abs = Math.abs(value);
    const digits = abs !== 0 && abs < 0.01 ? 4 : 2;
    return `${value < 0 ? '−' : ''}$${abs.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
  },
  diem: (value: number) => `${value.toLocaleString('en-US', { maximumFractionDigits: 4 })} DIEM`,
};

describe('popup money formats', () => {
  it('read as before for any number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -0.02, max: 0.02 }), fc.integer()), (value) => {
        expect(usd(value)).toBe(reference.usd(value));
        expect(diem(value)).toBe(reference.diem(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes cents, sub-cent amounts, thousands and signs as a person reads them', () => {
    expect(usd(1234.5)).toBe('$1,234.50');
    expect(usd(0.005)).toBe('$0.0050');
    expect(usd(0)).toBe('$0.00');
    expect(usd(-3.2)).toBe('−$3.20');
    expect(diem(12.345678)).toBe('12.3457 DIEM');
    expect(diem(20)).toBe('20 DIEM');
  });
});
