/**
 * Hostile input for every parser and for the client as a whole: the only outcomes allowed
 * are a clean value (no NaN, no ±Infinity, no undefined anywhere in it) or the typed error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVeniceClient } from '@/lib/venice/client';
import { VeniceError, VeniceUnexpectedResponseError } from '@/lib/venice/errors';
import { parseResponse } from '@/lib/venice/schemas';
import type { VeniceClient } from '@/lib/venice/types';
import type { z } from '@/lib/zod';
import { createFakeFetch } from './fake-fetch';
import { ADMIN_SECRET, KEY_ID, SIGNATURE, TOKEN, validFixtures, WALLET } from './fixtures';
import { responseSchemas } from './response-schemas';

type ParserName = keyof typeof responseSchemas;
const parserNames = Object.keys(responseSchemas) as ParserName[];

/** Every leaf is a finite number, a string, a boolean or null; nothing is undefined. */
function expectClean(value: unknown, path = '$'): void {
  if (value === undefined) throw new Error(`undefined at ${path}`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`non-finite number at ${path}`);
    return;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      expectClean(v, `${path}[${i}]`);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectClean(v, `${path}.${k}`);
    return;
  }
  throw new Error(`unexpected ${typeof value} at ${path}`);
}

/** The parsers differ in type; each is checked on its own fixtures, so the union is widened here. */
const parserOf = (name: ParserName) => responseSchemas[name] as () => z.core.$ZodType;

function checkParser(name: ParserName, input: unknown): void {
  let out: unknown;
  try {
    out = parseResponse(parserOf(name), input, { endpoint: `parser ${name}` });
  } catch (error) {
    expect(error).toBeInstanceOf(VeniceUnexpectedResponseError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/undefined|NaN/);
    return;
  }
  expectClean(out);
}

// ----- mutations of valid fixtures -----

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...pathsOf(v, [...prefix, i]));
    });
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

type Mutation = {
  pick: number;
  kind: 'replace' | 'delete' | 'extra' | 'stringify' | 'nullify' | 'empty';
  with: unknown;
};

const hostileLeaf = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '9'.repeat(400),
    '{}',
    '__proto__',
    '0x10',
    ' 1.5 ',
    '1.2.3',
    {},
    [],
    -0,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    1e-320,
  ),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'extra', 'stringify', 'nullify', 'empty'),
  with: hostileLeaf,
});

function applyMutation(root: unknown, mutation: Mutation): unknown {
  // A copy of the leaf: `constantFrom` hands out the same `{}` and `[]` every time, and one of
  // them placed twice could end up inside itself (a cycle, then a stack overflow in pathsOf).
  const m = { ...mutation, with: structuredClone(mutation.with) };
  const paths = pathsOf(root);
  const path = paths[m.pick % paths.length]!;
  if (path.length === 0) return m.kind === 'replace' ? m.with : root;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
  const key = path[path.length - 1]!;
  const container = parent as Record<string | number, unknown>;
  const current = container[key];
  switch (m.kind) {
    case 'replace':
      container[key] = m.with;
      break;
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key];
      break;
    case 'extra':
      if (current && typeof current === 'object' && !Array.isArray(current))
        (current as Record<string, unknown>).__extra__ = m.with;
      break;
    case 'stringify':
      container[key] = typeof current === 'string' ? Number(current) : JSON.stringify(current);
      break;
    case 'nullify':
      container[key] = null;
      break;
    case 'empty':
      container[key] = {};
      break;
  }
  return root;
}

const mutatedFixture = (name: ParserName) =>
  fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((mutations) => {
    let value: unknown = validFixtures[name]();
    for (const m of mutations) value = applyMutation(value, m);
    return value;
  });

describe.each(parserNames)('parser %s', (name) => {
  it('accepts its valid fixture cleanly', () => {
    const out = parseResponse(parserOf(name), validFixtures[name](), { endpoint: name });
    expectClean(out);
  });

  it('random JSON → clean value or VeniceUnexpectedResponseError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => checkParser(name, input)),
      { numRuns: 200 },
    );
  });

  it('anything at all (boxed values, Maps, sparse arrays, BigInt, null prototypes) → same', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withSparseArray: true,
      withBigInt: true,
      withDate: true,
      withNullPrototype: true,
      withObjectString: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (input) => checkParser(name, input)),
      { numRuns: 200 },
    );
  });

  it('mutated valid fixtures → same', () => {
    fc.assert(
      fc.property(mutatedFixture(name), (input) => checkParser(name, input)),
      { numRuns: 300 },
    );
  });

  it('a hostile value wrapped in a valid envelope → same', () => {
    fc.assert(
      fc.property(hostileLeaf, fc.jsonValue(), (a, b) => {
        checkParser(name, { data: [a], object: 'list', success: true });
        checkParser(name, {
          data: { ...(typeof b === 'object' && b !== null ? b : {}), token: a, apiKey: a, id: a },
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the client as a whole', () => {
  const calls: ((c: VeniceClient) => Promise<unknown>)[] = [
    (c) => c.listApiKeys(ADMIN_SECRET),
    (c) => c.getApiKey(ADMIN_SECRET, KEY_ID),
    (c) =>
      c.createApiKey(ADMIN_SECRET, {
        apiKeyType: 'INFERENCE',
        description: 'x',
        consumptionLimit: { usd: 1 },
      }),
    (c) => c.updateApiKey(ADMIN_SECRET, { id: KEY_ID, limitPeriod: 'MONTH' }),
    (c) => c.revokeApiKey(ADMIN_SECRET, KEY_ID),
    (c) => c.getRateLimits(ADMIN_SECRET),
    (c) => c.getRateLimitLog(ADMIN_SECRET),
    (c) => c.getWeb3Token(),
    (c) => c.mintWeb3Key({ apiKeyType: 'INFERENCE', address: WALLET, signature: SIGNATURE, token: TOKEN }),
    (c) => c.getBillingBalance(ADMIN_SECRET),
    (c) => c.getUsageHistory(ADMIN_SECRET),
    (c) => c.getUsageAnalytics(ADMIN_SECRET),
  ];

  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    fc.constantFrom('', '<html>oops</html>', '{"error":', 'null', `{"error":"${ADMIN_SECRET}"}`),
  );
  const headerValue = fc.oneof(
    fc.constantFrom('0', '5', '-1', '1e9', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon', '99999999999999'),
    fc.stringMatching(/^[ -~]{0,20}$/),
  );

  it('any status, body and headers → a clean value or a VeniceError with a clean message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: calls.length - 1 }),
        fc.integer({ min: 200, max: 599 }),
        body,
        headerValue,
        headerValue,
        async (which, status, bodyText, retryAfter, reset) => {
          const nullBody = status === 204 || status === 205 || status === 304;
          const fake = createFakeFetch([
            () =>
              new Response(nullBody ? null : bodyText, {
                status,
                headers: { 'retry-after': retryAfter.trim(), 'x-ratelimit-resets': reset.trim() },
              }),
          ]);
          const client = createVeniceClient({
            baseUrl: 'https://api.venice.test/api/v1',
            fetch: fake.fetch,
            maxRetries: 0,
          });
          try {
            const value = await calls[which]!(client);
            if (value !== undefined) expectClean(value);
          } catch (error) {
            expect(error).toBeInstanceOf(VeniceError);
            const { message } = error as Error;
            expect(message.length).toBeGreaterThan(0);
            expect(message).not.toMatch(/undefined|NaN|Infinity/);
            expect(message).not.toContain(ADMIN_SECRET);
            const retryAfterSeconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
            if (retryAfterSeconds !== undefined) expect(Number.isFinite(retryAfterSeconds)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
