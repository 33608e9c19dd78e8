// Creation and packaging figures: whole processes beside `node -e 0`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_BASELINE, ROOT, interleaved, median, report, tempDir, timeProcess, timedNode } from './lib.mjs';

const AUTHOR = ['--author', 'Jane Doe <jane@uni.eu>'];
const NODE_CACHE = join(ROOT, '.cache/node');

export async function run() {
  console.log('Creation and packaging');
  report('node -e 0 (Node start, for comparison)', NODE_BASELINE(), '-');
  report('ai4os-module --help', timedNode(15, process.execPath, [join(ROOT, 'dist/cli.js'), '--help']), '<= 0.1 s');
  report('create-ai4os-module --help', timedNode(15, process.execPath, [join(ROOT, 'dist/create.cjs'), '--help']), '<= 0.1 s');

  const createArgs = (bin) => (i) => [bin, `m${i}`, '--yes', '--no-git', ...AUTHOR];
  report(
    'create default module --yes --no-git (dist/)',
    timedNode(15, process.execPath, createArgs(join(ROOT, 'dist/create.cjs')), () => ({ cwd: tempDir() })),
    '<= 0.5 s',
  );
  againstNode();

  const packDir = tempDir();
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' }),
  );
  const tarball = join(packDir, packed.filename);
  const project = tempDir();
  const npmFlags = (cache) => ['--cache', cache, '--offline', '--no-audit', '--no-fund', '--loglevel=error'];
  execFileSync('npm', [...npmFlags(join(project, '.cache')), 'init', '--yes'], { cwd: project });
  execFileSync('npm', [...npmFlags(join(project, '.cache')), 'install', tarball], { cwd: project });
  const installed = readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
  const installedBin = join(project, 'node_modules/create-ai4os-module/dist/create.cjs');
  report(
    'create default module --yes --no-git (installed)',
    timedNode(21, process.execPath, createArgs(installedBin), () => ({ cwd: tempDir() })),
    '<= 0.3 s',
  );
  // The oldest Node of each supported line, when the tests have fetched it (test/support/node-versions.ts).
  for (const version of existsSync(NODE_CACHE) ? readdirSync(NODE_CACHE).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : []) {
    const node = join(NODE_CACHE, version, 'bin/node');
    report(
      `  same, on Node ${version}`,
      timedNode(15, node, createArgs(installedBin), () => ({ cwd: tempDir() })),
      '-',
    );
  }
  report('packed tarball size', `${(statSync(tarball).size / 1024).toFixed(0)} KB`, '<= 3 MB');
  report('installed packages', `${installed.length}`, '<= 3');

  const execDir = tempDir();
  const cold = median(
    5,
    'npm',
    (i) => [...npmFlags(join(execDir, `cache-${i}`)), 'exec', '--yes', '--package', tarball, '--', 'create-ai4os-module', '--help'],
    () => ({ cwd: execDir }),
  );
  report('npm exec of the tarball, empty cache, to --help', cold, '<= 1.5 s');
  for (const dir of [packDir, project, execDir]) rmSync(dir, { recursive: true, force: true });
}

/**
 * Creation as a multiple of Node's own start (issue 9): `node -e 0`, create without and with
 * git, run in turn so the machine's drift touches all alike; with NODE_EXTRA_CA_CERTS as this
 * shell has it, and unset, as on most users' machines (Node then reads no certificates at
 * start, so its start is faster and the ratio harder). Creations use a code cache made by a
 * first creation (src/cli/code-cache.ts), as every creation after a machine's first does;
 * the first itself, which compiles the program and writes the cache, is measured apart.
 */
export function againstNode() {
  const create = join(ROOT, 'dist/create.cjs');
  const { NODE_EXTRA_CA_CERTS: certs, ...unset } = process.env;
  const variants =
    certs === undefined
      ? [['unset', unset]]
      : [
          ['as set', process.env],
          ['unset', unset],
        ];
  const cache = tempDir();
  for (const [label, env] of variants) {
    const cached = { ...env, XDG_CACHE_HOME: cache };
    timeProcess(process.execPath, [create, 'warm-up', '--yes', '--no-git', ...AUTHOR], { cwd: tempDir(), env: cached });
    const inTemp = (runEnv) => () => ({ cwd: tempDir(), env: runEnv() });
    const cases = {
      node: [process.execPath, ['-e', '0']],
      noGit: [process.execPath, (i) => [create, `n${i}`, '--yes', '--no-git', ...AUTHOR], inTemp(() => cached)],
      git: [process.execPath, (i) => [create, `g${i}`, '--yes', ...AUTHOR], inTemp(() => cached)],
      first: [
        process.execPath,
        (i) => [create, `f${i}`, '--yes', '--no-git', ...AUTHOR],
        inTemp(() => ({ ...env, XDG_CACHE_HOME: tempDir() })),
      ],
    };
    const m = interleaved(21, cases, env);
    const ratio = (s) => `${(s / m.node).toFixed(1)}x node -e 0`;
    console.log(`  NODE_EXTRA_CA_CERTS ${label} (medians of 21, interleaved):`);
    report('    node -e 0', m.node, '-');
    report('    create --yes --no-git', m.noGit, '<= 3x node -e 0', ratio(m.noGit));
    report('    create --yes (with git)', m.git, '<= 5x node -e 0', ratio(m.git));
    report("    create --yes --no-git, the machine's first (no cache)", m.first, '-', ratio(m.first));
  }
}
