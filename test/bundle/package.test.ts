import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipEntries } from '../support/zip';

/**
 * What a store reviewer receives, held in place: the manifest's description and identity, the
 * icons, and `npm run zip`'s archives (h12a's test holds the exact permission set).
 */
const root = resolve('.');
const chromeManifest = () =>
  JSON.parse(readFileSync(resolve('.output/chrome-mv3/manifest.json'), 'utf8')) as Record<string, unknown>;

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

describe('store listing', () => {
  it('has a description within the Chrome Web Store’s 132 characters that says it is unofficial', () => {
    const description = chromeManifest().description as string;
    expect(description.length).toBeGreaterThan(40);
    expect(description.length).toBeLessThanOrEqual(132);
    expect(description).toMatch(/^Unofficial companion for the Venice\.ai API/);
  });

  it('has its own icons at 16, 32, 48, 96 and 128 px, each the size it claims', () => {
    const icons = chromeManifest().icons as Record<string, string>;
    expect(Object.keys(icons).sort((a, b) => Number(a) - Number(b))).toEqual(['16', '32', '48', '96', '128']);
    for (const [size, file] of Object.entries(icons)) {
      expect(pngSize(resolve('.output/chrome-mv3', file))).toEqual({
        width: Number(size),
        height: Number(size),
      });
    }
  });
});

describe('npm run zip (Firefox and sources)', () => {
  // An untracked scratch folder and an ignored test-results file: neither may reach the sources zip.
  const scratch = resolve('zip-probe-untracked');
  const ignored = resolve('test-results/zip-probe.txt');
  const { name, version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8'));

  beforeAll(() => {
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, 'scratch.txt'), 'untracked');
    mkdirSync(resolve('test-results'), { recursive: true });
    writeFileSync(ignored, 'ignored');
    for (const kind of ['firefox', 'sources']) rmSync(zipNamed(kind), { force: true });
    execFileSync(resolve('node_modules/.bin/wxt'), ['zip', '-b', 'firefox'], { cwd: root, stdio: 'ignore' });
  }, 300_000);

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(ignored, { force: true });
  });

  const zipNamed = (kind: string) => resolve(`.output/${name}-${version}-${kind}.zip`);

  it('puts exactly git’s tracked files in the sources zip', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .filter((f) => {
        try {
          return statSync(join(root, f)).isFile();
        } catch {
          return false;
        }
      })
      .sort();
    const zipped = [...zipEntries(zipNamed('sources')).keys()].sort();
    expect(zipped).toEqual(tracked);
    expect(zipped.some((f) => f.startsWith('zip-probe-untracked/') || f.startsWith('test-results/'))).toBe(
      false,
    );
    expect(zipped).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'wxt.config.ts', 'LICENSE']),
    );
  });

  it('packs the Firefox build as built, with a real add-on id that collects no data', () => {
    const entries = zipEntries(zipNamed('firefox'));
    expect([...entries.keys()].sort()).toEqual(filesUnder(resolve('.output/firefox-mv3')));
    const manifest = JSON.parse(entries.get('manifest.json')!().toString('utf8'));
    expect(manifest.manifest_version).toBe(3);
    const gecko = manifest.browser_specific_settings.gecko;
    expect(gecko.id).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(manifest.description).toBe(chromeManifest().description);
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.host_permissions).not.toContain('http://127.0.0.1/*');
  });
});
