/**
 * create-ai4os-module keeps its program compiled by V8 in the user's cache directory
 * (src/cli/code-cache.ts): each creation after the first reuses it, and nothing about the
 * cache can make a creation fail or print anything.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, tempDir } from '../support/cli.js';

const AUTHOR = ['--author', 'Jane Doe <jane@uni.eu>'];
const NAME = new RegExp(`^create-[0-9a-f]{16}-node${process.version.replace(/\./g, '\\.')}-${process.arch}\\.bin$`);

function create(cache: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const cwd = tempDir();
  const run = runBin('create', ['model', '--yes', '--no-git', ...AUTHOR, ...args], { cwd, env: { XDG_CACHE_HOME: cache, ...env } });
  return { ...run, created: existsSync(join(cwd, 'model', '.yo-rc.json')) };
}

const cacheFiles = (cache: string) => {
  const dir = join(cache, 'ai4os-module', 'v8');
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('the compiled creation program', () => {
  it('is kept after a creation, named for the program and this Node, and reused as it is by the next', () => {
    const cache = tempDir();
    expect(create(cache).status).toBe(0);
    const [file, ...others] = cacheFiles(cache);
    expect(others).toEqual([]);
    expect(file).toMatch(NAME);
    const path = join(cache, 'ai4os-module', 'v8', file!);
    const before = statSync(path);
    expect(before.size).toBeGreaterThan(100_000);
    const again = create(cache);
    expect([again.status, again.stderr, again.created]).toEqual([0, '', true]);
    // V8 took it: had it refused the cache, the run would have written a new one in its place.
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('is made anew when the file is damaged, and the creation does not notice', () => {
    const cache = tempDir();
    create(cache);
    const path = join(cache, 'ai4os-module', 'v8', cacheFiles(cache)[0]!);
    writeFileSync(path, 'not a code cache');
    const run = create(cache);
    expect([run.status, run.stderr, run.created]).toEqual([0, '', true]);
    expect(readFileSync(path).length).toBeGreaterThan(100_000);
  });

  it('is not written by --help, --version, --list or a refused run, nor with NODE_DISABLE_COMPILE_CACHE', () => {
    const cache = tempDir();
    for (const args of [['--help'], ['--version'], ['--list']]) {
      expect(runBin('create', args, { cwd: tempDir(), env: { XDG_CACHE_HOME: cache } }).status).toBe(0);
    }
    expect(create(cache, ['--memory', 'abc']).status).toBe(2);
    expect(create(cache, [], { NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe(0);
    expect(cacheFiles(cache)).toEqual([]);
  });

  it('replaces the caches of earlier versions of the program, and keeps those for other Node versions', () => {
    const cache = tempDir();
    const dir = join(cache, 'ai4os-module', 'v8');
    create(cache);
    const current = cacheFiles(cache)[0]!;
    const otherNode = current.replace(/-node[^-]+-/, '-nodev99.0.0-');
    const earlier = `create-0123456789abcdef-node${process.version}-${process.arch}.bin`;
    for (const name of [otherNode, earlier]) writeFileSync(join(dir, name), 'cache');
    writeFileSync(join(dir, current), 'damaged, so this run writes the cache');
    expect(create(cache).status).toBe(0);
    expect(cacheFiles(cache).sort()).toEqual([current, otherNode].sort());
  });

  it('costs nothing but itself when the cache directory cannot be written', () => {
    const cache = tempDir();
    writeFileSync(join(cache, 'ai4os-module'), 'a file where the directory would be');
    const run = create(cache);
    expect([run.status, run.stderr, run.created]).toEqual([0, '', true]);
  });
});
