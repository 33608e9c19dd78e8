/**
 * `create` under accidents and hostile destinations (issue 10): a module exists whole or not
 * at all, nothing is written through a link or into the user's own work, and environment
 * problems get a message, not a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_GIT_IDENTITY, runBin, tempDir } from '../support/cli.js';

const AUTHOR = ['--author', 'Jane Doe <jane@uni.eu>'];
const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...NO_GIT_IDENTITY } }).trim();
const GIT_ENV = {
  ...NO_GIT_IDENTITY,
  GIT_AUTHOR_NAME: 'Owner',
  GIT_AUTHOR_EMAIL: 'owner@uni.eu',
  GIT_COMMITTER_NAME: 'Owner',
  GIT_COMMITTER_EMAIL: 'owner@uni.eu',
};

/**
 * A `git` first on PATH that behaves as the real one except at `git commit`, where it runs
 * `action` (the test's fault injection point: nothing in the tool itself knows of it).
 */
function gitFailingAtCommit(action: string): string {
  const bin = tempDir('ai4os-fake-git-');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nif [ "$1" = commit ]; then ${action}; fi\nexec ${REAL_GIT} "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return `${bin}:${process.env.PATH}`;
}

describe('create leaves a whole module or none', () => {
  it('removes everything when a step fails in a new directory', () => {
    const cwd = tempDir();
    const run = runBin('create', ['whole', '--yes', ...AUTHOR], {
      cwd,
      env: { ...NO_GIT_IDENTITY, PATH: gitFailingAtCommit('echo "hook said no" >&2; exit 1') },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('git commit failed');
    expect(run.stderr).toContain('hook said no');
    expect(run.stderr).not.toMatch(/at .*\.js|This is a bug/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('after a kill -9 mid-run, leaves no module, and a rerun works without --force', () => {
    const cwd = tempDir();
    const killed = runBin('create', ['whole', '--yes', ...AUTHOR], {
      cwd,
      env: { ...NO_GIT_IDENTITY, PATH: gitFailingAtCommit('kill -9 $PPID; sleep 5') },
    });
    expect(killed.status).toBe(null);
    expect(existsSync(join(cwd, 'whole'))).toBe(false);
    // What a killed run leaves is hidden, and `check` finds no module in it.
    const [left] = readdirSync(cwd);
    expect(left).toMatch(/^\.whole\.creating-\d+$/);
    expect(existsSync(join(cwd, left!, '.yo-rc.json'))).toBe(true);
    expect(runBin('cli', ['check'], { cwd }).stdout).not.toContain('Up to date');

    const rerun = runBin('create', ['whole', '--yes', ...AUTHOR], { cwd, env: NO_GIT_IDENTITY });
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['whole']);
    expect(git(join(cwd, 'whole'), 'status', '--porcelain')).toBe('');
  });

  it('in a non-empty directory, removes the files it created and puts back those it overwrote', () => {
    const cwd = tempDir();
    const dir = join(cwd, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), 'my notes\n');
    writeFileSync(join(dir, 'train.py'), 'print(1)\n');
    const run = runBin('create', ['busy', '--yes', '--force', ...AUTHOR], {
      cwd,
      env: { ...NO_GIT_IDENTITY, PATH: gitFailingAtCommit('exit 1') },
    });
    expect(run.status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'train.py']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('my notes\n');
  });
});

describe('create --force in a destination that is not plain', () => {
  it('refuses to write through symbolic links, naming each, and writes nothing', () => {
    const cwd = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'victim.md'), 'outside\n');
    const dir = join(cwd, 'linked');
    mkdirSync(dir);
    symlinkSync(outside, join(dir, '.github'));
    symlinkSync(join(outside, 'victim.md'), join(dir, 'README.md'));
    const run = runBin('create', ['linked', '--yes', '--force', '--no-git', ...AUTHOR], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`.github is a symbolic link (to ${outside})`);
    expect(run.stderr).toContain(`README.md is a symbolic link (to ${join(outside, 'victim.md')})`);
    expect(run.stderr).toMatch(/never writes through a symbolic link/);
    expect(readdirSync(outside)).toEqual(['victim.md']);
    expect(readFileSync(join(outside, 'victim.md'), 'utf8')).toBe('outside\n');
    expect(readdirSync(dir).sort()).toEqual(['.github', 'README.md']);
  });

  it("in an existing repository, commits only the files it wrote and keeps the user's work and origin", () => {
    const cwd = tempDir();
    const dir = join(cwd, 'mine');
    mkdirSync(dir);
    const g = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } }).replace(/\n$/, '');
    g('init', '-q', '-b', 'work');
    writeFileSync(join(dir, 'notes.md'), 'v1\n');
    writeFileSync(join(dir, 'staged.py'), 'a = 1\n');
    g('add', '.');
    g('commit', '-q', '-m', 'Mine');
    g('remote', 'add', 'origin', 'git@example.org:me/mine.git');
    writeFileSync(join(dir, 'notes.md'), 'v2, unfinished\n');
    writeFileSync(join(dir, 'staged.py'), 'a = 2\n');
    g('add', 'staged.py');
    writeFileSync(join(dir, '.env'), 'TOKEN=secret\n');

    const run = runBin('create', ['mine', '--yes', '--force', ...AUTHOR], { cwd, env: GIT_ENV });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /in the existing repository, committed the 29 files written on branch work, kept origin git@example\.org:me\/mine\.git/,
    );
    const committed = g('show', '--name-only', '--format=', 'HEAD').split('\n');
    expect(committed).toHaveLength(29);
    expect(committed).toContain('ai4-metadata.yml');
    expect(committed).not.toContain('.env');
    expect(g('status', '--porcelain', '--', 'notes.md', 'staged.py', '.env').split('\n')).toEqual([
      ' M notes.md',
      'M  staged.py',
      '?? .env',
    ]);
    expect(g('remote', 'get-url', 'origin')).toBe('git@example.org:me/mine.git');
    expect(g('rev-list', '--count', 'HEAD')).toBe('2');
  });
});

describe('create checks its environment first', () => {
  it('without git on PATH: says so, exit 2, nothing written; --no-git still works', () => {
    const cwd = tempDir();
    const noGit = { ...NO_GIT_IDENTITY, PATH: tempDir('ai4os-empty-path-') };
    const run = runBin('create', ['no-git-here', '--yes', ...AUTHOR], { cwd, env: noGit });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^git is not installed or not on PATH/);
    expect(run.stderr).toContain('--no-git');
    expect(run.stderr).not.toMatch(/This is a bug/);
    expect(readdirSync(cwd)).toEqual([]);
    expect(runBin('create', ['no-git-here', '--yes', '--no-git', ...AUTHOR], { cwd, env: noGit }).status).toBe(0);
  });

  it('caps the package name as the repository name is', () => {
    const cwd = tempDir();
    const run = runBin('create', ['long', '--yes', '--no-git', ...AUTHOR, '--package-name', 'p'.repeat(300)], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('package-name: must be at most 100 characters (it has 300)');
    expect(run.stderr).not.toMatch(/This is a bug/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('create output', () => {
  it("lists a new module's files, .yo-rc.json too, as created", () => {
    const run = runBin('create', ['listed', '--yes', '--no-git', ...AUTHOR], { cwd: tempDir() });
    expect(run.stdout).toMatch(/^ +create listed\/\.yo-rc\.json$/m);
    expect(run.stdout).not.toMatch(/^ +force /m);
  });

  it('has no colour codes in a pipe, even where the colour library guesses a CI terminal; FORCE_COLOR is honoured', () => {
    const azure = runBin('create', ['plain', '--yes', '--no-git', ...AUTHOR], {
      cwd: tempDir(),
      env: { TF_BUILD: 'True', AGENT_NAME: 'agent', FORCE_COLOR: undefined },
    });
    expect(azure.status).toBe(0);
    expect(azure.stdout).toContain('create plain/VERSION');
    expect(azure.stdout).not.toContain('\x1b[');
    const forced = runBin('create', ['forced', '--yes', '--no-git', ...AUTHOR], { cwd: tempDir(), env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[');
  });
});
