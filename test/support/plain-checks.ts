/**
 * For the property tests that hold a hand-written fast check to its zod schema (settings, the
 * vault record and content): the schema is the rule, and the check must give exactly its answer.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

type Check<T> = (value: never) => T | null;
type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown } };

/** Values of the wrong kind altogether. */
export const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant([]),
  fc.constant({}),
);

/** A copy of `valid` with the value at `path` replaced by `value`, or removed. */
export function withLeaf(
  valid: unknown,
  path: readonly (string | number)[],
  value: unknown,
  remove: boolean,
) {
  const out = structuredClone(valid);
  let parent: unknown = out;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | null)?.[key];
  if (typeof parent !== 'object' || parent === null) return out;
  const key = path[path.length - 1] as string | number;
  if (remove) delete (parent as Record<string | number, unknown>)[key];
  else (parent as Record<string | number, unknown>)[key] = value;
  return out;
}

/** Checks one value: the check returns what the schema returns, or null when it refuses. True if accepted. */
export function agrees<T>(check: Check<T>, schema: Schema) {
  return (value: unknown): boolean => {
    const parsed = schema.safeParse(value);
    expect(check(value as never)).toStrictEqual(parsed.success ? parsed.data : null);
    return parsed.success;
  };
}

/**
 * Holds the check to the schema over `values`. Both outcomes must be common, or the run proves
 * little: at least `least.accepted` values the schema accepts and `least.refused` it refuses.
 */
export function expectAgreement<T>(
  check: Check<T>,
  schema: Schema,
  values: fc.Arbitrary<unknown>,
  least: { accepted: number; refused: number },
): void {
  const same = agrees(check, schema);
  let accepted = 0;
  let refused = 0;
  fc.assert(
    fc.property(values, (value) => {
      if (same(value)) accepted++;
      else refused++;
    }),
    { numRuns: 3000 },
  );
  expect(accepted).toBeGreaterThan(least.accepted);
  expect(refused).toBeGreaterThan(least.refused);
}
