/**
 * Errors a user makes with the command line and their folders, each answered by its cause
 * and what to do (issue 10, items 13, 14 and 17), never by a stack trace or a wrong diagnosis.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_GIT_IDENTITY, binsForAnyUser, runBin, tempDir, type Run } from '../support/cli.js';

const AUTHOR = ['--author', 'Jane Doe <jane@uni.eu>'];

function expectUserError(run: Run, text: string | RegExp, stream: 'stderr' | 'stdout' = 'stderr'): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run[stream]).toMatch(text);
  expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(run.stderr).not.toContain('This is a bug');
}

describe('folders that are not what the command needs', () => {
  it('update names a directory that does not exist, and the one meant', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'my-model'));
    const run = runBin('cli', ['update', 'my-modle'], { cwd });
    expectUserError(run, 'The directory my-modle does not exist.');
    expect(run.stderr).toContain('Did you mean my-model?');
    expect(run.stderr).not.toContain('git is not installed');
  });

  it('update in an empty folder says it is not a module, and how to make or adopt one', () => {
    const run = runBin('cli', ['update'], { cwd: tempDir() });
    expectUserError(run, /is not a module made by create-ai4os-module/);
    expect(run.stderr).toContain('ai4os-module new');
    expect(run.stderr).toContain('ai4os-module adopt');
    expect(run.stderr).not.toContain('git init');
  });

  it.each([['update'], ['check'], ['adopt']])('%s refuses a file given as its DIRECTORY', (command) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    expectUserError(runBin('cli', [command, 'notes.txt'], { cwd }), 'notes.txt is not a directory.');
  });

  it('migrate -o into a folder that does not exist says to create it, and writes nothing', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'metadata.json'), JSON.stringify({ title: 'Fish', summary: 'Counts fish', keywords: ['tensorflow'] }));
    const run = runBin('cli', ['migrate', 'metadata.json', '-o', 'out/ai4-metadata.yml'], { cwd });
    expectUserError(run, 'The folder out does not exist, so out/ai4-metadata.yml cannot be written.');
    expect(run.stderr).toContain('mkdir -p out');
    expect(readdirSync(cwd)).toEqual(['metadata.json']);
  });

  it('validate says it cannot read a directory the user may not read (exit 2)', () => {
    const cwd = tempDir();
    chmodSync(cwd, 0o755);
    mkdirSync(join(cwd, 'locked'));
    writeFileSync(join(cwd, 'locked', 'ai4-metadata.yml'), 'metadata_version: 2.3.0\n');
    chmodSync(join(cwd, 'locked'), 0o000);
    // root reads everything: run as nobody there.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, [binsForAnyUser().cli, 'validate', 'locked'], {
      cwd,
      encoding: 'utf8',
      ...asUser,
    });
    chmodSync(join(cwd, 'locked'), 0o755);
    expectUserError({ status: result.status, stdout: result.stdout, stderr: result.stderr }, 'Cannot read locked: permission denied.');
  });
});

describe('check --format json', () => {
  it('prints every failure as a JSON object on stdout, with the exit code', () => {
    const cwd = tempDir();
    for (const args of [
      ['check', '--format', 'json'],
      ['check', '--format', 'json', 'missing'],
      ['check', '--format=json', '--bogus'],
    ]) {
      const run = runBin('cli', args, { cwd });
      expect(run.status, args.join(' ')).toBe(2);
      const body = JSON.parse(run.stdout) as { status: string; exitCode: number; error: { message: string } };
      expect(body).toMatchObject({ status: 'error', exitCode: 2 });
      expect(body.error.message).not.toBe('');
      expect(run.stderr).toBe('');
    }
  });
});

describe('validate --format json', () => {
  it('prints a wrong command line as a JSON object on stdout too', () => {
    const run = runBin('cli', ['validate', '--format', 'json', '--stict'], { cwd: tempDir() });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'error',
      exitCode: 2,
      error: { message: 'Unknown option --stict. Did you mean --strict?' },
    });
  });
});

describe('validate', () => {
  it('keeps exit 4 for an unexpected error (as ai4-metadata validate), now reported by the entry point', () => {
    // A name longer than the system allows is not handled by validate: it is such an error.
    const run = runBin('cli', ['validate', 'x'.repeat(5000)], { cwd: tempDir() });
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('This is a bug');
  });
});

describe('creating without everything given', () => {
  it('suggests the licence meant by a near SPDX id', () => {
    const run = runBin('create', ['x', '--yes', '--no-git', ...AUTHOR, '--license', 'GPL-3.0'], { cwd: tempDir() });
    expectUserError(run, 'license: "GPL-3.0" is not one of');
    expect(run.stderr).toContain('Did you mean "GPL-3.0-only"?');
  });

  it('--yes with no directory and no title names that one cause, not every answer made from the title', () => {
    const cwd = tempDir();
    const run = runBin('create', ['--yes', ...AUTHOR], { cwd });
    expectUserError(run, /title: is required and has no default; pass --title, or name the DIRECTORY/);
    expect(run.stderr.split('\n').filter((line) => /^ {2}\S+: /.test(line))).toHaveLength(1);
    // A cause of its own (no git identity, no --author) is still named beside it.
    const both = runBin('create', ['--yes'], { cwd, env: NO_GIT_IDENTITY });
    expect(
      both.stderr
        .split('\n')
        .filter((line) => /^ {2}\S+: /.test(line))
        .map((line) => line.trim().split(':')[0]),
    ).toEqual(['title', 'authors']);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('says on stderr that it takes the defaults when stdin is not a terminal and --yes is not given', () => {
    const cwd = tempDir();
    const run = runBin('create', ['quiet-model', '--no-git', ...AUTHOR], { cwd });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Standard input is not a terminal, so nothing is asked: every answer not given takes its default');
    expect(existsSync(join(cwd, 'quiet-model', 'ai4-metadata.yml'))).toBe(true);
    expect(runBin('create', ['loud-model', '--yes', '--no-git', ...AUTHOR], { cwd }).stderr).toBe('');
  });
});
