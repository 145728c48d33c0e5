/**
 * The project carries its own docs: every link in the README and the docs points to a file in the
 * repository (a link to the web would make a reader depend on a page the project does not keep).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  'PRIVACY.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The targets of a markdown text's inline links and images, `[text](target)`, fenced code left out. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

describe('links in the docs', () => {
  it('finds inline links and images, and none inside fenced code', () => {
    expect(linkTargets('See [a](docs/a.md) and ![b](b.png).\n```\n[c](https://x.test)\n```\n')).toEqual([
      'docs/a.md',
      'b.png',
    ]);
  });

  for (const doc of DOCS) {
    it(`${doc} links only to files in the repository`, () => {
      const targets = linkTargets(readFileSync(join(ROOT, doc), 'utf8'));
      const outside = targets.filter((t) => /^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith('//'));
      expect(outside).toEqual([]);
      const missing = targets
        .map((t) => t.replace(/#.*$/, ''))
        .filter((t) => t !== '' && !existsSync(resolve(ROOT, dirname(doc), t)));
      expect(missing).toEqual([]);
    });
  }
});
