/**
 * The build's deferred-evaluation plugin (scripts/build/deferred.mjs): a deferred package is
 * evaluated on first use, not on import, and behaves as before through the facade.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { deferredPlugin } from '../../scripts/build/deferred.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/deferred/', import.meta.url));
declare global {
  var costlyEvaluations: number | undefined;
}

async function bundle(deferred: { name: string; importer: RegExp }[]): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'ai4os-deferred-')), 'bundle.mjs');
  const { outputFiles } = await build({
    entryPoints: [join(FIXTURE, 'importer.js')],
    nodePaths: [join(FIXTURE, 'packages')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    outfile,
    plugins: [deferredPlugin(deferred)],
    logLevel: 'silent',
  });
  writeFileSync(outfile, outputFiles[0]!.text);
  return outfile;
}

async function importFresh(file: string): Promise<{ measure: (text: string) => number[] }> {
  globalThis.costlyEvaluations = 0;
  return import(pathToFileURL(file).href);
}

describe('deferred evaluation in the build', () => {
  it('evaluates a deferred package on first use, once, with its default, named and class exports intact', async () => {
    const { measure } = await importFresh(await bundle([{ name: 'costly', importer: /importer\.js$/ }]));
    expect(globalThis.costlyEvaluations).toBe(0);
    expect(measure('abcd')).toEqual([4, 4, 1]);
    expect(measure('ab')).toEqual([2, 2, 1]);
    expect(globalThis.costlyEvaluations).toBe(1);
  });

  it('leaves the package eager for importers that are not listed', async () => {
    const { measure } = await importFresh(await bundle([{ name: 'costly', importer: /elsewhere\.js$/ }]));
    expect(globalThis.costlyEvaluations).toBe(1);
    expect(measure('abc')).toEqual([3, 3, 1]);
  });
});
