import { describe, expect, it } from 'vitest';
import { perAppFromDraft } from '@/entrypoints/options/views/PerAppDefaults';
import { DEFAULT_PER_APP, PER_APP_EXPIRY_DAYS_MAX } from '@/lib/storage/settings-item';

const draft = {
  usdCap: '5',
  diemCap: '',
  limitPeriod: 'MONTH' as const,
  expiryDays: '90',
  modelPrivacy: 'ALL' as const,
};

describe('Options → Per-app keys (issue 17)', () => {
  it('suggests a small USD cap and a MONTH period', () => {
    expect(DEFAULT_PER_APP).toMatchObject({ usdCap: 5, limitPeriod: 'MONTH' });
  });

  it('reads the form as settings; empty caps and expiry mean none', () => {
    expect(perAppFromDraft({ ...draft, usdCap: ' $2.5 ' })).toEqual({
      ok: true,
      value: { usdCap: 2.5, diemCap: null, limitPeriod: 'MONTH', expiryDays: 90, modelPrivacy: 'ALL' },
    });
    expect(perAppFromDraft({ ...draft, usdCap: '', diemCap: '3', expiryDays: ' ' })).toEqual({
      ok: true,
      value: { usdCap: null, diemCap: 3, limitPeriod: 'MONTH', expiryDays: null, modelPrivacy: 'ALL' },
    });
  });

  it('names what is wrong, field by field', () => {
    expect(perAppFromDraft({ ...draft, usdCap: 'five' })).toEqual({
      ok: false,
      message: 'The USD cap must be a number like 25 or 12.5 (or empty for no cap).',
    });
    expect(perAppFromDraft({ ...draft, diemCap: '-1' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('DIEM cap'),
    });
    const expiry = `The expiry must be a whole number of days from 1 to ${PER_APP_EXPIRY_DAYS_MAX} (or empty for no expiry).`;
    for (const expiryDays of ['0', '1.5', 'soon', String(PER_APP_EXPIRY_DAYS_MAX + 1)])
      expect(perAppFromDraft({ ...draft, expiryDays })).toEqual({ ok: false, message: expiry });
    expect(perAppFromDraft({ ...draft, expiryDays: String(PER_APP_EXPIRY_DAYS_MAX) })).toMatchObject({
      ok: true,
    });
  });
});
