/**
 * A convention guard: every key the extension stores under is named in lib/storage/keys.ts, so
 * the table stays the whole truth about what lands in a user's browser. Code that stores under a
 * literal key (a defineItem, a raw storage.get/set/remove) fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from '@/lib/storage/keys';

const ROOT = new URL('../../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js)$/.test(name)) out.push(path);
  }
  return out;
}

const files = ['lib', 'entrypoints', 'components', 'public']
  .flatMap((d) => {
    try {
      return sourceFiles(join(ROOT, d));
    } catch {
      return [];
    }
  })
  .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

/** A storage key written as a literal where it is used, rather than taken from the table. */
const LITERAL_KEY_USES = [
  /defineItem(?:<[^(]*>)?\(\s*['"`](?:local|session|sync|managed):(?!\$\{STORAGE_KEYS\.)/g,
  /storage\.(?:local|session)\.(?:get|set|remove)\(\s*['"`]/g,
  /storage\.(?:local|session)\.set\(\s*\{\s*['"]/g,
];

describe('storage keys', () => {
  it('no two items share a key, within or across areas', () => {
    const all = [...Object.values(STORAGE_KEYS.local), ...Object.values(STORAGE_KEYS.session)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('the scan sees the code that stores things (it would notice a literal key)', () => {
    expect(files.some((f) => f.path === 'lib/vault/vault.ts')).toBe(true);
    const planted = "storage.defineItem<number>('local:somethingNew', { fallback: 0 })";
    expect(LITERAL_KEY_USES.some((re) => new RegExp(re.source).test(planted))).toBe(true);
    expect(
      new RegExp(LITERAL_KEY_USES[1]?.source ?? '').test("browser.storage.session.get('popup.route')"),
    ).toBe(true);
  });

  it('every stored key comes from lib/storage/keys.ts, none is written out where it is used', () => {
    const offenders = files.flatMap(({ path, text }) =>
      LITERAL_KEY_USES.flatMap((re) =>
        [...text.matchAll(new RegExp(re.source, 'g'))].map((m) => `${path}: ${m[0]}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
