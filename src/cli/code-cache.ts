/**
 * Runs a CommonJS bundle with V8's code cache: the bytecode V8 compiled for each function a
 * run used is kept in a file, and handed back to V8 by the next run, which then compiles
 * almost nothing. This is what `module.enableCompileCache()` does from Node 22.1 on, done
 * here for one bundle so that Node 20 has it too.
 *
 * V8 refuses a cache made by another V8 version or with other flags (the run then compiles
 * as usual and makes the cache anew), but it checks the source only by its length: the cache
 * file must be named for the bundle's contents, never reused for another bundle. Any failure
 * to read or write the cache is ignored: it only makes a run slower.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { writeCacheFile } from '../user-cache.js';

export interface CodeCache {
  /** The directory of the cache files. */
  dir: string;
  /** The bundle's name: its cache files are `<name>-<hash>-node<version>-<arch>.bin`. */
  name: string;
  /** The hash of the bundle's contents. A file of the same name and another hash is stale. */
  hash: string;
  /** Whether a run that ends with this exit code used enough of the bundle to be worth caching. */
  keep(exitCode: number): boolean;
}

const fileName = ({ name, hash }: CodeCache) => `${name}-${hash}-node${process.version}-${process.arch}.bin`;

/** Runs `bundle` (CommonJS) as Node would, with `cache` when it is given. */
export function runBundle(bundle: string, cache: CodeCache | undefined): void {
  // esbuild writes only ASCII (it escapes other characters), which latin1 reads exactly and fastest.
  const source = readFileSync(bundle, 'latin1');
  const cachedData = cache ? readIfThere(join(cache.dir, fileName(cache))) : undefined;
  // Node's own wrapper, on a line of its own, so that line and column numbers stay the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: bundle,
    lineOffset: -1,
    cachedData,
  });
  if (cache && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At exit, the functions this run compiled are all in the script: the cache is made then.
    process.once('exit', (code) => {
      if (cache.keep(code)) writeCache(cache, script);
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(cache: CodeCache, script: Script): void {
  try {
    writeCacheFile(join(cache.dir, fileName(cache)), script.createCachedData());
    // Caches of earlier versions of the bundle (for any Node) are of no more use.
    const stale = (entry: string) =>
      entry.startsWith(`${cache.name}-`) && !entry.startsWith(`${cache.name}-${cache.hash}-`) && entry.endsWith('.bin');
    for (const entry of readdirSync(cache.dir).filter(stale)) rmSync(join(cache.dir, entry), { force: true });
  } catch {}
}
