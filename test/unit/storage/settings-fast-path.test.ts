/**
 * getSettings() reads the settings through a hand-written check first and falls back to zod only
 * when that check declines. zod's schema is the rule; these properties pin the check to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  METAMASK_IDS,
  settingsIfPlainlyValid,
  settingsSchema,
} from '@/lib/storage/settings-item';
import { agrees, expectAgreement, junk, withLeaf } from '../../support/plain-checks';

const url = fc.oneof(
  fc.constantFrom(
    'https://api.venice.ai/api/v1',
    'https://venice.ai/',
    'http://127.0.0.1:8080',
    'http://localhost:8080',
    'http://example.com',
    'https://user:pw@example.com',
    'ftp://example.com',
    ' https://padded.example ',
    'not a url',
    '',
  ),
  junk,
);
const origins = fc.oneof(
  fc.constantFrom(
    [],
    ['https://proxy.example'],
    ['http://127.0.0.1:8080', 'https://rpc.example'],
    ['https://proxy.example/'],
    ['http://example.com'],
    Array.from({ length: 7 }, (_, i) => `https://p${i}.example`),
  ),
  fc.array(url, { maxLength: 3 }),
  junk,
);
const int = fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double({ min: -5, max: 2000 }), junk);
const number = fc.oneof(
  fc.double({ min: -10, max: 100 }),
  fc.integer({ min: -3, max: 50 }),
  fc.constant(-0),
  junk,
);
const id = fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), junk);
const badge = fc.oneof(
  fc.record(
    {
      currency: fc.oneof(fc.constantFrom('auto', 'USD', 'DIEM', 'BUNDLED_CREDITS', 'usd', 'VCU'), junk),
      warnAt: number,
      criticalAt: number,
      periodMinutes: int,
      notifyLow: fc.oneof(fc.boolean(), junk),
      extra: junk,
    },
    { requiredKeys: [] },
  ),
  junk,
);
const wallet = fc.oneof(
  fc.record(
    {
      metamaskExtensionId: fc.oneof(
        fc.constantFrom(
          METAMASK_IDS.stable,
          METAMASK_IDS.flask,
          'q'.repeat(32),
          'a'.repeat(31),
          'A'.repeat(32),
        ),
        junk,
      ),
    },
    { requiredKeys: [] },
  ),
  junk,
);
const cap = fc.oneof(fc.constant(null), number, fc.constantFrom(9_999_999_999, 10_000_000_000));
const perApp = fc.oneof(
  fc.record(
    {
      usdCap: cap,
      diemCap: cap,
      limitPeriod: fc.oneof(fc.constantFrom('EPOCH', 'MONTH', 'LIFETIME', 'month', 'WEEK'), junk),
      expiryDays: fc.oneof(fc.constant(null), int, fc.constantFrom(0, 1, 3650, 3651)),
      modelPrivacy: fc.oneof(fc.constantFrom('ALL', 'PRIVATE_TEXT', 'PRIVATE_ONLY', 'all'), junk),
      extra: junk,
    },
    { requiredKeys: [] },
  ),
  junk,
);
const forecastNotice = fc.oneof(
  fc.record(
    {
      enabled: fc.oneof(fc.boolean(), junk),
      daysBefore: int,
      extra: junk,
    },
    { requiredKeys: [] },
  ),
  junk,
);
const settingsLike = fc.record(
  {
    apiBaseUrl: url,
    veniceSiteUrl: url,
    baseRpcUrl: url,
    customOrigins: origins,
    autoLockMinutes: int,
    managementKeyId: id,
    badgeKeyId: id,
    badge,
    wallet,
    perApp,
    expiryReminderDays: int,
    forecastNotice,
    unknownField: junk,
  },
  { requiredKeys: [] },
);
const validSettings = fc.record({
  apiBaseUrl: fc.constantFrom('https://api.venice.ai/api/v1', 'https://a.example/x/'),
  veniceSiteUrl: fc.constantFrom('https://venice.ai/', 'https://venice.example'),
  baseRpcUrl: fc.constantFrom('https://mainnet.base.org', 'https://rpc.example/base'),
  autoLockMinutes: fc.integer({ min: 0, max: 24 * 60 }),
  managementKeyId: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
  badgeKeyId: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
  badge: fc.record({
    currency: fc.constantFrom('auto', 'USD', 'DIEM', 'BUNDLED_CREDITS'),
    warnAt: fc.double({ min: 0, max: 1000, noNaN: true }),
    criticalAt: fc.double({ min: 0, max: 1000, noNaN: true }),
    periodMinutes: fc.integer({ min: 1, max: 1440 }),
    notifyLow: fc.boolean(),
  }),
  wallet: fc.record({ metamaskExtensionId: fc.stringMatching(/^[a-p]{32}$/) }),
  perApp: fc.record({
    usdCap: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null }),
    diemCap: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    limitPeriod: fc.constantFrom('EPOCH', 'MONTH', 'LIFETIME'),
    expiryDays: fc.option(fc.integer({ min: 1, max: 3650 }), { nil: null }),
    modelPrivacy: fc.constantFrom('ALL', 'PRIVATE_TEXT', 'PRIVATE_ONLY'),
  }),
  expiryReminderDays: fc.integer({ min: 0, max: 90 }),
  forecastNotice: fc.record({ enabled: fc.boolean(), daysBefore: fc.integer({ min: 1, max: 30 }) }),
});
const LEAVES = [
  ['apiBaseUrl'],
  ['veniceSiteUrl'],
  ['baseRpcUrl'],
  ['customOrigins'],
  ['autoLockMinutes'],
  ['managementKeyId'],
  ['badgeKeyId'],
  ['badge'],
  ['badge', 'currency'],
  ['badge', 'warnAt'],
  ['badge', 'criticalAt'],
  ['badge', 'periodMinutes'],
  ['badge', 'notifyLow'],
  ['wallet'],
  ['wallet', 'metamaskExtensionId'],
  ['perApp'],
  ['perApp', 'usdCap'],
  ['perApp', 'diemCap'],
  ['perApp', 'limitPeriod'],
  ['perApp', 'expiryDays'],
  ['perApp', 'modelPrivacy'],
  ['expiryReminderDays'],
  ['forecastNotice'],
  ['forecastNotice', 'enabled'],
  ['forecastNotice', 'daysBefore'],
] as const;
const edge = fc.oneof(
  junk,
  url,
  origins,
  fc.constantFrom(
    -0,
    -0.5,
    -1,
    0,
    0.5,
    1,
    1.5,
    30,
    31,
    1440,
    1441,
    24 * 60 + 1,
    'auto',
    'usd',
    'q'.repeat(32),
    'a'.repeat(33),
    3650,
    3651,
    'MONTH',
    'PRIVATE_ONLY',
    null,
  ),
  fc.double({ min: -2, max: 2 }),
  fc.integer({ min: -2, max: 1442 }),
);
/** Valid settings with one field (or a whole section) made odd or removed, so both outcomes are common. */
const nearlyValid = fc
  .tuple(validSettings, fc.constantFrom(...LEAVES), edge, fc.boolean())
  .map(([valid, path, value, remove]) => withLeaf(valid, path, value, remove));

describe('settingsIfPlainlyValid', () => {
  it('takes the defaults as they are', () => {
    expect(settingsIfPlainlyValid(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  const d = DEFAULT_SETTINGS;
  it.each([
    ['a MetaMask id beyond a–p', { wallet: { metamaskExtensionId: 'q'.repeat(32) } }],
    ['an upper-case MetaMask id', { wallet: { metamaskExtensionId: 'A'.repeat(32) } }],
    ['a short MetaMask id', { wallet: { metamaskExtensionId: 'a'.repeat(31) } }],
    ['-0 as a level', { badge: { ...d.badge, warnAt: -0 } }],
    ['a level just below zero', { badge: { ...d.badge, criticalAt: -1e-9 } }],
    ['an infinite level', { badge: { ...d.badge, warnAt: Number.POSITIVE_INFINITY } }],
    ['a zero period', { badge: { ...d.badge, periodMinutes: 0 } }],
    ['a period over a day', { badge: { ...d.badge, periodMinutes: 1441 } }],
    ['a fractional period', { badge: { ...d.badge, periodMinutes: 1.5 } }],
    ['a lowercase currency', { badge: { ...d.badge, currency: 'usd' } }],
    ['auto-lock off', { autoLockMinutes: 0 }],
    ['auto-lock of a day', { autoLockMinutes: 1440 }],
    ['auto-lock over a day', { autoLockMinutes: 1441 }],
    ['negative auto-lock', { autoLockMinutes: -1 }],
    ['a loopback API URL (refused outside the development build)', { apiBaseUrl: 'http://127.0.0.1:9' }],
    ['a plain-http URL', { baseRpcUrl: 'http://example.com' }],
    ['a URL with credentials', { veniceSiteUrl: 'https://u:p@venice.ai/' }],
    ['a numeric key id', { managementKeyId: 7 }],
    ['an empty key id', { badgeKeyId: '' }],
    ['no per-app USD cap', { perApp: { ...d.perApp, usdCap: null } }],
    ['a per-app cap over Venice’s maximum', { perApp: { ...d.perApp, usdCap: 10_000_000_000 } }],
    ['a negative per-app cap', { perApp: { ...d.perApp, diemCap: -1 } }],
    ['a zero-day per-app expiry', { perApp: { ...d.perApp, expiryDays: 0 } }],
    ['a per-app expiry over ten years', { perApp: { ...d.perApp, expiryDays: 3651 } }],
    ['a fractional per-app expiry', { perApp: { ...d.perApp, expiryDays: 1.5 } }],
    ['an unknown per-app period', { perApp: { ...d.perApp, limitPeriod: 'WEEK' } }],
    ['no per-app settings at all', { perApp: undefined }],
    ['reminders off', { expiryReminderDays: 0 }],
    ['reminders 90 days ahead', { expiryReminderDays: 90 }],
    ['reminders 91 days ahead', { expiryReminderDays: 91 }],
    ['fractional reminder days', { expiryReminderDays: 2.5 }],
    ['settings from before reminders existed', { expiryReminderDays: undefined }],
    ['the forecast notice on, a day before', { forecastNotice: { enabled: true, daysBefore: 1 } }],
    ['a forecast notice 0 days before', { forecastNotice: { enabled: true, daysBefore: 0 } }],
    ['a forecast notice 31 days before', { forecastNotice: { enabled: false, daysBefore: 31 } }],
    ['a fractional forecast notice', { forecastNotice: { enabled: true, daysBefore: 2.5 } }],
    ['a forecast notice switched on by a string', { forecastNotice: { enabled: 'yes', daysBefore: 3 } }],
    ['no forecast notice', { forecastNotice: undefined }],
  ])('agrees with the schema on %s', (_name, change) => {
    agrees(settingsIfPlainlyValid, settingsSchema())({ ...structuredClone(d), ...change });
  });

  it('returns exactly what the schema returns, and null exactly when the schema refuses', () => {
    expectAgreement(
      settingsIfPlainlyValid,
      settingsSchema(),
      fc.oneof(settingsLike, validSettings, nearlyValid),
      {
        accepted: 1000,
        refused: 500,
      },
    );
  });
});
