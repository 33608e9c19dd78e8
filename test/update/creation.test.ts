/** Creation records what the first update needs: the creation commit marked as pristine. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BINS } from '../support/cli.js';
import { GIT_ENV, INSTALLED_VERSION, git, read, removeDir, runCli, tempDir } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function create(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BINS.create, ...args, '--yes', '--author', 'Jane Doe <jane@uni.eu>'], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
}

describe('creation', () => {
  it('marks the creation commit as the template output, the base of the first update', () => {
    const cwd = tempDir();
    dirs.push(cwd);
    create(cwd, 'fish-counter');
    const dir = join(cwd, 'fish-counter');
    expect(git(dir, 'log', '--format=%B')).toContain(`\n\nAI4OS-Template: ${INSTALLED_VERSION}\n`);
    const update = runCli(['update', '--set', 'summary=Counts fish'], dir);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/base: the template output found in the history/);
    expect(read(dir, 'README.md')).toContain('Counts fish');
  });

  it('commits only the template output when the directory held other files, so the commit is still the base', () => {
    const cwd = tempDir();
    dirs.push(cwd);
    mkdirSync(join(cwd, 'fish-counter'));
    writeFileSync(join(cwd, 'fish-counter/train.py'), 'print(1)\n');
    create(cwd, 'fish-counter', '--force');
    const dir = join(cwd, 'fish-counter');
    expect(git(dir, 'ls-files')).not.toContain('train.py');
    expect(git(dir, 'status', '--porcelain')).toBe('?? train.py');
    expect(git(dir, 'log', '--format=%B')).toContain(`\n\nAI4OS-Template: ${INSTALLED_VERSION}\n`);
    expect(read(dir, 'train.py')).toBe('print(1)\n');
  });
});
