import { describe, expect, it } from 'vitest';
import {
  defaultKeySettings,
  expiresAtOf,
  hasErrors,
  keySettingsFromKey,
  toCreateInput,
  toUpdateInput,
  validateKeySettings,
} from '@/lib/keys/key-settings';
import { makeKey } from './fakes';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('the key settings form model', () => {
  it('starts as an INFERENCE key with no expiry, no caps, daily period, all models', () => {
    const d = defaultKeySettings();
    expect(d).toMatchObject({
      apiKeyType: 'INFERENCE',
      expiryMode: 'none',
      usdCap: '',
      limitPeriod: 'EPOCH',
      modelPrivacy: 'ALL',
    });
    expect(toCreateInput({ ...d, description: ' app ' })).toEqual({
      apiKeyType: 'INFERENCE',
      description: 'app',
      limitPeriod: 'EPOCH',
    });
  });

  it('writes expiries in the forms Venice takes, in UTC', () => {
    const d = { ...defaultKeySettings(), expiryDate: '2027-01-31', expiryTime: '13:45' };
    expect(expiresAtOf({ ...d, expiryMode: 'none' })).toBe('');
    expect(expiresAtOf({ ...d, expiryMode: 'date' })).toBe('2027-01-31');
    expect(expiresAtOf({ ...d, expiryMode: 'datetime' })).toBe('2027-01-31T13:45:00Z');
    expect(expiresAtOf({ ...d, expiryMode: 'datetime', expiryTime: '13:45:07' })).toBe(
      '2027-01-31T13:45:07Z',
    );
  });

  it('reads an existing key back into the form', () => {
    const key = makeKey({
      description: 'x',
      expiresAt: '2027-05-04T08:09:00.000Z',
      consumptionLimits: { usd: 12.5, diem: null },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_TEXT',
    });
    expect(keySettingsFromKey(key)).toMatchObject({
      expiryMode: 'datetime',
      expiryDate: '2027-05-04',
      expiryTime: '08:09',
      usdCap: '12.5',
      diemCap: '',
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_TEXT',
    });
    expect(keySettingsFromKey(makeKey({ expiresAt: '2027-05-04T00:00:00.000Z' }))).toMatchObject({
      expiryMode: 'date',
      expiryDate: '2027-05-04',
    });
  });

  it('finds every rule Venice would break, with a message per field', () => {
    const bad = {
      ...defaultKeySettings(),
      description: 'd'.repeat(65),
      expiryMode: 'datetime' as const,
      expiryDate: '2027-01-01',
      expiryTime: '',
      usdCap: 'ten',
      diemCap: '99999999999',
    };
    const errors = validateKeySettings(bad, 'create', { now: NOW });
    expect(errors.description).toMatch(/65 characters/);
    expect(errors.expiry).toMatch(/expiry time/);
    expect(errors.usdCap).toMatch(/USD cap must be a number/);
    expect(errors.diemCap).toMatch(/9,999,999,999/);
    expect(
      validateKeySettings({ ...defaultKeySettings(), description: '' }, 'create', { now: NOW }).description,
    ).toMatch(/Give the key a description/);
    // A wallet mint may leave it empty (Venice names it "Web3 API Key").
    expect(
      hasErrors(validateKeySettings({ ...defaultKeySettings(), description: '' }, 'mint', { now: NOW })),
    ).toBe(false);
    expect(
      hasErrors(
        validateKeySettings({ ...defaultKeySettings(), description: 'd'.repeat(64) }, 'create', { now: NOW }),
      ),
    ).toBe(false);
  });

  it('does not judge an unchanged past expiry while editing', () => {
    const original = keySettingsFromKey(
      makeKey({ description: 'old', expiresAt: '2020-01-01T00:00:00.000Z' }),
    );
    expect(
      hasErrors(validateKeySettings({ ...original, description: 'renamed' }, 'edit', { original, now: NOW })),
    ).toBe(false);
    expect(
      validateKeySettings({ ...original, expiryDate: '2021-01-01' }, 'edit', { original, now: NOW }).expiry,
    ).toMatch(/past/);
  });

  it('diffs an edit: only changes, removals as null, the same instant is no change', () => {
    const original = keySettingsFromKey(
      makeKey({
        description: 'a',
        expiresAt: '2027-01-01T00:00:00.000Z',
        consumptionLimits: { usd: 5, diem: 7 },
      }),
    );
    expect(toUpdateInput('k', original, { ...original })).toBeNull();
    expect(
      toUpdateInput('k', original, { ...original, expiryMode: 'datetime', expiryTime: '00:00' }),
    ).toBeNull();
    expect(toUpdateInput('k', original, { ...original, usdCap: '5.0' })).toBeNull();
    expect(toUpdateInput('k', original, { ...original, diemCap: '', description: 'b' })).toEqual({
      id: 'k',
      description: 'b',
      consumptionLimit: { diem: null },
    });
    expect(toUpdateInput('k', original, { ...original, expiryMode: 'none' })).toEqual({
      id: 'k',
      expiresAt: null,
    });
    expect(toUpdateInput('k', original, { ...original, expiryDate: '2027-02-01' })).toEqual({
      id: 'k',
      expiresAt: '2027-02-01',
    });
  });
});
