/**
 * The build's deferred-loading plugin (scripts/build/deferred.mjs): a deferred package is
 * bundled into a file of its own, loaded on first use, not on import, and behaves as before
 * through the facade.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { deferredPlugin } from '../../scripts/build/deferred.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/deferred/', import.meta.url));
declare global {
  var costlyEvaluations: number | undefined;
}

async function bundle(deferred: { name: string; importer: RegExp }[], entry = 'importer'): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'ai4os-deferred-'));
  await build({
    entryPoints: [join(FIXTURE, `${entry}.js`)],
    nodePaths: [join(FIXTURE, 'packages')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outdir,
    outExtension: { '.js': '.mjs' },
    // As in scripts/build.mjs: the bundle's `require` loads files beside it.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    plugins: [deferredPlugin(deferred)],
    logLevel: 'silent',
  });
  return join(outdir, `${entry}.mjs`);
}

async function importFresh(file: string): Promise<{ measure: (text: string) => unknown[] }> {
  globalThis.costlyEvaluations = 0;
  return import(pathToFileURL(file).href);
}

describe('deferred loading in the build', () => {
  it('loads a deferred package from its own file on first use, once, with its default, named and class exports intact', async () => {
    const file = await bundle([{ name: 'costly', importer: /importer\.js$/ }]);
    expect(readdirSync(join(dirname(file), 'deferred'))).toEqual([expect.stringMatching(/^costly-[0-9a-f]{8}\.cjs$/)]);
    const { measure } = await importFresh(file);
    expect(globalThis.costlyEvaluations).toBe(0);
    expect(measure('abcd')).toEqual([4, 4, 1]);
    expect(measure('ab')).toEqual([2, 2, 1]);
    expect(globalThis.costlyEvaluations).toBe(1);
  });

  it('defers a CommonJS package whose default export is its exports object (as ejs), default and named imports alike', async () => {
    const file = await bundle([{ name: 'costly-cjs', importer: /importer-cjs\.js$/ }], 'importer-cjs');
    const { measure } = await importFresh(file);
    expect(globalThis.costlyEvaluations).toBe(0);
    expect(measure('x')).toEqual(['<x>', '<x>']);
    expect(globalThis.costlyEvaluations).toBe(1);
  });

  it('leaves the package eager for importers that are not listed', async () => {
    const file = await bundle([{ name: 'costly', importer: /elsewhere\.js$/ }]);
    expect(existsSync(join(dirname(file), 'deferred'))).toBe(false);
    const { measure } = await importFresh(file);
    expect(globalThis.costlyEvaluations).toBe(1);
    expect(measure('abc')).toEqual([3, 3, 1]);
  });

  it('defers a package whose entry is an .mjs file just as well', async () => {
    const file = await bundle([{ name: 'costly-mjs', importer: /importer-mjs\.js$/ }], 'importer-mjs');
    const { measure } = await importFresh(file);
    expect(globalThis.costlyEvaluations).toBe(0);
    expect(measure('*.py')).toEqual(['*.py']);
    expect(globalThis.costlyEvaluations).toBe(1);
  });
});
