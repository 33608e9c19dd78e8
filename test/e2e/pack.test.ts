/**
 * The package as npm users get it: packed, installed from the tarball into an empty
 * directory with an empty npm cache and `--offline` (so nothing can come from the network),
 * then both bins run non-interactively.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { CAN_FETCH_NODE, engineFloors, nodeBinary } from '../support/node-versions.js';
import { runAsync } from '../support/spawn.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const npmArgs = (args: string[], cwd: string) => [
  '--cache',
  join(cwd, '.npm-cache'),
  '--offline',
  '--no-audit',
  '--no-fund',
  '--loglevel=error',
  ...args,
];
const npm = (args: string[], cwd: string) => execFileSync('npm', npmArgs(args, cwd), { cwd, encoding: 'utf8' });

describe('the packed package', () => {
  let tarball: string;
  let project: string;

  beforeAll(async () => {
    const out = tempDir('ai4os-pack-');
    // dist/ is built by the global setup; `prepare` would rebuild it under the other suites.
    const [packed] = JSON.parse(await runAsync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT }));
    tarball = join(out, packed.filename);
    project = tempDir('ai4os-install-');
    await runAsync('npm', npmArgs(['init', '--yes'], project), { cwd: project });
    await runAsync('npm', npmArgs(['install', tarball], project), { cwd: project });
  });

  it('is small and installs alone: no runtime dependency', () => {
    expect(statSync(tarball).size).toBeLessThan(3 * 1024 * 1024);
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['create-ai4os-module']);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/create-ai4os-module/package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(join(project, 'node_modules/create-ai4os-module/dist/meta.json'))).toBe(false);
  });

  it('runs both bins from the install: creates a module with git, offline, and validates it', () => {
    const bin = (name: string) => join(project, 'node_modules/.bin', name);
    execFileSync(bin('create-ai4os-module'), ['packed-model', '--yes', '--author', 'Jane Doe <jane@uni.eu>'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(existsSync(join(project, 'packed-model/packed_model/api.py'))).toBe(true);
    expect(execFileSync('git', ['log', '--oneline'], { cwd: join(project, 'packed-model'), encoding: 'utf8' })).toMatch(
      /Create packed-model/,
    );
    // validate exits non-zero on any finding, so reaching the next line is the check.
    execFileSync(bin('ai4os-module'), ['validate', 'packed-model'], { cwd: project, encoding: 'utf8' });
    execFileSync(bin('ai4os-module'), ['check', 'packed-model'], { cwd: project, encoding: 'utf8' });
  });

  // Yeoman 10 needs Node >= 22.18 and crashes on 20; the bundle must run on all `engines` allows.
  it.skipIf(!CAN_FETCH_NODE).each(engineFloors())('runs on Node %s, the oldest of its line that engines allows', (version) => {
    const node = nodeBinary(version);
    const bin = (name: string) => join(project, 'node_modules/create-ai4os-module/dist', name);
    const dir = `model-on-node-${version}`;
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${version}`);
    execFileSync(node, [bin('create.cjs'), dir, '--yes', '--author', 'Jane Doe <jane@uni.eu>'], { cwd: project, encoding: 'utf8' });
    expect(execFileSync('git', ['log', '--format=%s'], { cwd: join(project, dir), encoding: 'utf8' })).toMatch(/^Create model-on-node-/);
    execFileSync(node, [bin('cli.js'), 'validate', dir], { cwd: project, encoding: 'utf8' });
    execFileSync(node, [bin('cli.js'), 'check', dir], { cwd: project, encoding: 'utf8' });
  });

  it('runs through npm exec from the tarball, as `npm create` does', () => {
    const dir = tempDir('ai4os-exec-');
    const help = npm(['exec', '--yes', '--package', tarball, '--', 'create-ai4os-module', '--help'], dir);
    expect(help).toMatch(/^Usage: npm create ai4os-module -- \[DIRECTORY\] \[options\]/);
  });
});
