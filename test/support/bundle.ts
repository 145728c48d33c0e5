import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ChunkReport, reportPathFor } from '../../scripts/bundle-report';
import { INLINED_ATTR } from '../../scripts/inline-css';

export interface InitialLoad {
  files: string[];
  gzipBytes: number;
  modules: string[];
}

/**
 * What a page loads before it can paint: its HTML, the scripts and stylesheets the HTML names,
 * and every chunk those import statically (dynamic imports are left out: they load later). A
 * stylesheet the HTML holds inline (scripts/inline-css.ts) counts in the HTML, not as its file.
 */
export function initialLoad(outDir: string, html: string): InitialLoad {
  const report = JSON.parse(readFileSync(reportPathFor(outDir), 'utf8')) as Record<string, ChunkReport>;
  const page = readFileSync(join(outDir, html), 'utf8');
  const named = [...page.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const inlined = new Set([...page.matchAll(new RegExp(`${INLINED_ATTR}="([^"]+)"`, 'g'))].map((m) => m[1]));
  const files = new Set<string>([html]);
  const queue = [...named];
  while (queue.length) {
    const file = queue.shift() as string;
    if (files.has(file)) continue;
    files.add(file);
    const chunk = report[file];
    if (chunk) queue.push(...chunk.imports, ...chunk.css.filter((css) => !inlined.has(css)));
  }
  // A chunk that held only CSS is dropped by Vite after the report is written (its stylesheet stays,
  // and is counted through the chunk's `css`).
  const list = [...files].filter((f) => existsSync(join(outDir, f)));
  const gzipBytes = list.reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length,
    0,
  );
  const modules = list.flatMap((f) => report[f]?.modules ?? []);
  return { files: list, gzipBytes, modules };
}

/** Gzipped size of one built file. */
export function gzipSize(outDir: string, file: string): number {
  return gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
}
