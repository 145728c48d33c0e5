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

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
);
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
    fc.constantFrom(...ENTRY_FIELDS, 'entry', 'version', 'entries', 'extra'),
    edge,
    fc.boolean(),
  )
  .map(([valid, where, value, remove]) => {
    const out = structuredClone(valid) as Record<string, unknown> & { entries: Record<string, unknown>[] };
    const first = out.entries[0];
    if (ENTRY_FIELDS.includes(where)) {
      if (!first) return out;
      if (remove) delete first[where];
      else first[where] = value;
    } else if (where === 'entry') out.entries.push(value as Record<string, unknown>);
    else if (remove) delete out[where];
    else out[where] = value;
    return out;
  });

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
  .tuple(record, fc.constantFrom(...RECORD_FIELDS, ...KDF_FIELDS.map((f) => `kdf.${f}`)), edge, fc.boolean())
  .map(([valid, where, value, remove]) => {
    const out = structuredClone(valid) as Record<string, unknown>;
    const [parent, key] = where.startsWith('kdf.')
      ? [out.kdf as Record<string, unknown>, where.slice(4)]
      : [out, where];
    if (remove) delete parent[key];
    else parent[key] = value;
    return out;
  });

function agrees<T>(check: (v: unknown) => T | null, schema: { safeParse(v: unknown): unknown }) {
  return (value: unknown) => {
    const parsed = schema.safeParse(value) as { success: boolean; data?: T };
    expect(check(value)).toStrictEqual(parsed.success ? parsed.data : null);
    return parsed.success;
  };
}

describe('contentIfPlainlyValid', () => {
  it('agrees with vaultContentSchema on valid and nearly valid content', () => {
    let accepted = 0;
    let refused = 0;
    const same = agrees(contentIfPlainlyValid, vaultContentSchema());
    fc.assert(
      fc.property(fc.oneof(content, nearlyValidContent, junk), (value) => {
        if (same(value)) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(500);
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
    let accepted = 0;
    let refused = 0;
    const same = agrees(recordIfPlainlyValid, vaultRecordSchema());
    fc.assert(
      fc.property(fc.oneof(record, nearlyValidRecord, junk), (value) => {
        if (same(value)) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(500);
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
