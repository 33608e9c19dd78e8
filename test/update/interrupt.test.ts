/**
 * An update killed midway (SIGKILL at each named step of src/update/checkpoint.ts, through
 * the test-only entry point halting-update.ts) leaves the branch, the index and the working
 * tree as they were, or a move the next run finishes; only unreferenced objects remain.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Step } from '../../src/update/checkpoint.js';
import {
  INSTALLED_VERSION,
  answersWith,
  commitAll,
  createdRepo,
  edit,
  filesAt090,
  git,
  killedUpdate,
  read,
  removeDir,
  runCli,
  snapshot,
} from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const LOCK = '.git/ai4os-module.lock';

async function editedModule(conflicting: boolean): Promise<string> {
  const dir = createdRepo(filesAt090(await answersWith()), '0.9.0');
  dirs.push(dir);
  edit(dir, 'README.md', (t) => `${t}\nOwner line\n`);
  if (conflicting) edit(dir, 'Dockerfile', (t) => t.replace('RUN pip install --no-cache-dir -e .', 'RUN pip install -e .'));
  commitAll(dir, 'Owner edits');
  return dir;
}

/** What an update that was never interrupted leaves. */
function expectUpdated(dir: string, ownerCommit: string): void {
  expect(git(dir, 'log', '-1', '--format=%s')).toBe(`Update module boilerplate to ${INSTALLED_VERSION}`);
  expect(git(dir, 'log', '-1', '--format=%P').split(' ')[0]).toBe(ownerCommit);
  expect(read(dir, 'README.md')).toMatch(/Owner line\n$/);
  expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  expect(existsSync(join(dir, LOCK))).toBe(false);
}

describe('an interrupted update', { timeout: 120_000 }, () => {
  const nothingWritten: Step[] = ['answers', 'base', 'pristine', 'merged', 'result', 'commit'];
  it.each(nothingWritten)('killed at "%s" changes nothing, and a new run completes', async (step) => {
    const dir = await editedModule(false);
    const owner = git(dir, 'rev-parse', 'HEAD');
    const before = snapshot(dir);
    const killed = killedUpdate(dir, step);
    expect(killed.signal).toBe('SIGKILL');
    expect(snapshot(dir)).toBe(before);
    const again = runCli(['update'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /An earlier ai4os-module update \(pid \d+, started .*\) was interrupted before (it changed anything|its files were written); .*its lock is removed\./,
    );
    expectUpdated(dir, owner);
  });

  it('killed after the files are written, before the branch moves, is finished by the next run', async () => {
    const dir = await editedModule(false);
    const owner = git(dir, 'rev-parse', 'HEAD');
    expect(killedUpdate(dir, 'files').signal).toBe('SIGKILL');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(owner);
    const again = runCli(['update'], dir);
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/was interrupted after it wrote the files of [0-9a-f]{12}; finished it: main moved to it\./);
    expect(again.stdout).toContain('Already up to date');
    expectUpdated(dir, owner);
  });

  it('killed after the branch moved, before the lock is removed, leaves the update done', async () => {
    const dir = await editedModule(false);
    const owner = git(dir, 'rev-parse', 'HEAD');
    expect(killedUpdate(dir, 'branch').signal).toBe('SIGKILL');
    const again = runCli(['update'], dir);
    expect(again.stdout).toMatch(/after it committed [0-9a-f]{12}; its lock is removed/);
    expect(again.stdout).toContain('Already up to date');
    expectUpdated(dir, owner);
  });

  it('killed while writing files: says how to finish or cancel, and the hint works', async () => {
    const dir = await editedModule(false);
    const owner = git(dir, 'rev-parse', 'HEAD');
    expect(killedUpdate(dir, 'commit').signal).toBe('SIGKILL');
    // As a kill inside read-tree leaves it: one of the files it adds written, the index not yet.
    writeFileSync(join(dir, '.dockerignore'), 'partly written');
    const again = runCli(['update'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/was interrupted while it wrote the files of its commit ([0-9a-f]{12})/);
    expect(again.stderr).toContain('remove the files it added: .dockerignore');
    expect(again.stderr).not.toContain('This is a bug');
    const finish = /To finish the update: (git reset --hard [0-9a-f]{40})/.exec(again.stderr)![1]!;
    git(dir, ...finish.split(' ').slice(1));
    const third = runCli(['update'], dir);
    expect(third.stdout).toMatch(/after it committed [0-9a-f]{12}; its lock is removed/);
    expect(third.stdout).toContain('Already up to date');
    expectUpdated(dir, owner);
  });

  it('refuses while the process holding the lock lives, and leaves its lock', async () => {
    const dir = await editedModule(false);
    const lock = { pid: process.pid, host: hostname(), command: 'update', started: new Date().toISOString() };
    writeFileSync(join(dir, LOCK), JSON.stringify(lock));
    const before = snapshot(dir);
    const refused = runCli(['update'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(`^Another ai4os-module update \\(pid ${process.pid}, started .*\\) is running in this module`),
    );
    expect(refused.stderr).toContain('Nothing was changed.');
    expect(snapshot(dir)).toBe(before);
    expect(JSON.parse(read(dir, LOCK))).toEqual(lock);
  });

  it('with conflicts, killed before the merge state is written, changes nothing', async () => {
    const dir = await editedModule(true);
    const before = snapshot(dir);
    expect(killedUpdate(dir, 'result').signal).toBe('SIGKILL');
    expect(snapshot(dir)).toBe(before);
  });

  it('with conflicts, killed once the merge state is written, is undone by git merge --abort', async () => {
    const dir = await editedModule(true);
    const before = snapshot(dir);
    expect(killedUpdate(dir, 'merge-state').signal).toBe('SIGKILL');
    expect(git(dir, 'status')).toContain('still merging');
    const again = runCli(['update'], dir);
    expect(again.stdout).toMatch(
      /An earlier ai4os-module update \(pid \d+, .*\) was interrupted while it left conflicts to resolve; its lock is removed\./,
    );
    expect(again.stderr).toMatch(/A merge \(or an update with conflicts\) is in progress/);
    git(dir, 'merge', '--abort');
    expect(snapshot(dir)).toBe(before);
  });
});
