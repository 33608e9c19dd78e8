// Figures for `check` and `update`: whole processes beside `node -e 0`.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { NODE_BASELINE, ROOT, median, report, tempDir, timedNode } from './lib.mjs';

const INSTALLED = JSON.parse(readFileSync(join(ROOT, 'templates/template.json'), 'utf8')).version;

const CLI = join(ROOT, 'dist/cli.js');
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.org',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.org',
};

export async function run() {
  console.log('Check and update');
  report('node -e 0 (Node start, for comparison)', NODE_BASELINE(), '-');

  const work = tempDir();
  execFileSync(process.execPath, [join(ROOT, 'dist/create.cjs'), 'module', '--yes', '--no-git', '--author', 'Jane Doe <jane@uni.eu>'], {
    cwd: work,
    stdio: 'ignore',
  });
  report(
    'ai4os-module check (default module)',
    timedNode(15, process.execPath, [CLI, 'check'], () => ({ cwd: join(work, 'module') })),
    '<= 0.3 s',
  );

  // A module created with the fixture template 0.9.0, edited, updated to the installed one.
  const original = join(work, 'at-0.9.0');
  execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/bench/module-090.ts'), original], {
    env: GIT_ENV,
    stdio: 'inherit',
  });
  const copies = (i) => {
    const copy = join(work, `update-${i}`);
    cpSync(original, copy, { recursive: true });
    return { cwd: copy, env: GIT_ENV };
  };
  report(
    `ai4os-module update, 0.9.0 -> ${INSTALLED}, no conflict (with git)`,
    median(7, process.execPath, [CLI, 'update', '--yes'], copies),
    '<= 1.5 s',
  );
  report('ai4os-module update --dry-run, same step', median(7, process.execPath, [CLI, 'update', '--dry-run', '--yes'], copies), '-');
  rmSync(work, { recursive: true, force: true });
}
