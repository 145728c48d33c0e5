/**
 * The vault reads its record and content through plain checks first and falls back to zod only
 * when a check declines. The schemas are the rule; these properties pin each check to its schema.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contentIfPlainlyValid,
  recordIfPlainlyValid,
  vaultContentSchema,
  vaultRecordSchema,
} from '@/lib/vault/record';
import { agrees, expectAgreement, junk, withLeaf } from '../../support/plain-checks';

const edge = fc.oneof(
  junk,
  fc.constantFrom('', ' ', 'a b', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128), 'x'.repeat(129)),
  fc.constantFrom('x'.repeat(200), 'x'.repeat(201), 'x'.repeat(512), 'x'.repeat(513), 'tab\there'),
  fc.constantFrom(
    'ADMIN',
    'admin',
    'INFERENCE',
    'pasted',
    'stolen',
    'PBKDF2',
    'SHA-256',
    'sha256',
    1,
    2,
    0,
    -1,
  ),
  fc.constantFrom(1.5, 2 ** 53, Number.NaN, 900_000),
);

const entry = fc.record({
  entryId: fc.string({ minLength: 1, maxLength: 64 }),
  label: fc.string({ maxLength: 200 }),
  secret: fc.stringMatching(/^\S{1,512}$/),
  type: fc.constantFrom('ADMIN', 'INFERENCE'),
  source: fc.constantFrom('pasted', 'created', 'minted', 'imported'),
  addedAt: fc.string({ minLength: 1, maxLength: 64 }),
  veniceKeyId: fc.option(fc.string({ minLength: 1, maxLength: 128 }), { nil: null }),
  verified: fc.boolean(),
});
const content = fc.record({ version: fc.constant(1), entries: fc.array(entry, { maxLength: 4 }) });
const ENTRY_FIELDS = ['entryId', 'label', 'secret', 'type', 'source', 'addedAt', 'veniceKeyId', 'verified'];

/** Valid content with one thing made odd or removed: a field of an entry, an entry, or the top. */
const nearlyValidContent = fc
  .tuple(
    content,
    fc.constantFrom<(string | number)[]>(
      ...ENTRY_FIELDS.map((field) => ['entries', 0, field]),
      ['entries', 4],
      ['version'],
      ['entries'],
      ['extra'],
    ),
    edge,
    fc.boolean(),
  )
  .map(([valid, path, value, remove]) => withLeaf(valid, path, value, remove));

const base64ish = fc.string({ maxLength: 24 });
const record = fc.record({
  version: fc.integer({ min: -2, max: 3 }),
  kdf: fc.record({
    name: fc.constant('PBKDF2'),
    hash: fc.constant('SHA-256'),
    iterations: fc.integer({ min: 0, max: 20_000_000 }),
    salt: base64ish,
  }),
  check: base64ish,
  iv: base64ish,
  ciphertext: base64ish,
  checksum: base64ish,
});
const RECORD_FIELDS = ['version', 'kdf', 'check', 'iv', 'ciphertext', 'checksum', 'extra'];
const KDF_FIELDS = ['name', 'hash', 'iterations', 'salt', 'extra'];
const nearlyValidRecord = fc
  .tuple(
    record,
    fc.constantFrom<string[]>(...RECORD_FIELDS.map((f) => [f]), ...KDF_FIELDS.map((f) => ['kdf', f])),
    edge,
    fc.boolean(),
  )
  .map(([valid, path, value, remove]) => withLeaf(valid, path, value, remove));

describe('contentIfPlainlyValid', () => {
  it('agrees with vaultContentSchema on valid and nearly valid content', () => {
    expectAgreement(
      contentIfPlainlyValid,
      vaultContentSchema(),
      fc.oneof(content, nearlyValidContent, junk),
      {
        accepted: 1000,
        refused: 500,
      },
    );
  });

  it('agrees on the limits', () => {
    const same = agrees(contentIfPlainlyValid, vaultContentSchema());
    const one = fc.sample(entry, 1)[0];
    expect(same({ version: 1, entries: Array.from({ length: 5000 }, () => one) })).toBe(true);
    expect(same({ version: 1, entries: Array.from({ length: 5001 }, () => one) })).toBe(false);
    expect(same({ version: '1', entries: [] })).toBe(false);
    expect(same({ version: 1, entries: [{ ...one, secret: 'two words' }] })).toBe(false);
  });
});

describe('recordIfPlainlyValid', () => {
  it('agrees with vaultRecordSchema on valid and nearly valid records', () => {
    expectAgreement(recordIfPlainlyValid, vaultRecordSchema(), fc.oneof(record, nearlyValidRecord, junk), {
      accepted: 1000,
      refused: 500,
    });
  });

  it('agrees on the limits', () => {
    const same = agrees(recordIfPlainlyValid, vaultRecordSchema());
    const valid = fc.sample(record, 1)[0] as Record<string, unknown>;
    const kdf = valid.kdf as Record<string, unknown>;
    for (const field of ['check', 'iv', 'ciphertext', 'checksum', 'salt']) {
      const at = (text: string) =>
        field === 'salt' ? { ...valid, kdf: { ...kdf, salt: text } } : { ...valid, [field]: text };
      expect(same(at('A'.repeat(8_000_000)))).toBe(true);
      expect(same(at('A'.repeat(8_000_001)))).toBe(false);
    }
    expect(same({ ...valid, version: 2 ** 53 })).toBe(false);
  });
});
