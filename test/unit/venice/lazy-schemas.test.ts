/**
 * A convention guard: no zod schema is built when lib/venice loads. The worker imports every
 * endpoint file at start; a schema built at module level there would be paid for on every cold
 * start (README: "zod schemas are built on first use"). Each must sit inside `lazy(() => …)`
 * or a function.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../lib/venice/', import.meta.url).pathname;
const files = [
  ...readdirSync(ROOT).map((name) => join(ROOT, name)),
  ...readdirSync(join(ROOT, 'endpoints')).map((name) => join(ROOT, 'endpoints', name)),
].filter((path) => path.endsWith('.ts'));

/** A top-level declaration whose value is a zod call, e.g. `export const x = z.object(…)`. */
const BUILT_AT_LOAD = /^(?:export )?(?:const|let|var) \w+(?:: [^=]+)? = z\./gm;

describe('lib/venice builds its zod schemas on first use', () => {
  it('the scan would notice a schema built at module level', () => {
    expect('export const listResponse = z.object({ data: z.array(z.unknown()) });').toMatch(
      new RegExp(BUILT_AT_LOAD.source, 'm'),
    );
    expect('export const listResponse = lazy(() => z.object({}));').not.toMatch(
      new RegExp(BUILT_AT_LOAD.source, 'm'),
    );
  });

  it('every endpoint file and building block defers its schemas', () => {
    expect(files.some((path) => path.endsWith('endpoints/list-api-keys.ts'))).toBe(true);
    const offenders = files.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(BUILT_AT_LOAD)].map((m) => `${path}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });
});
