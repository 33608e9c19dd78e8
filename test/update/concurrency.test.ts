/**
 * `update` against changes made while it runs: a commit of the owner's between the plan and
 * its application, and a second update. Deterministic: the first update is held at a named
 * step (test-only hook), never raced against the clock; the free race only checks that
 * whatever the order, every run either finishes or refuses and no answer is rolled back.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { update } from '../../src/update/update.js';
import {
  CLI,
  GIT_ENV,
  INSTALLED_VERSION,
  commitAll,
  edit,
  git,
  pausedUpdate,
  read,
  removeCreatedModules,
  module090,
  runCli,
} from './support.js';

afterAll(removeCreatedModules);

function stored(dir: string): Record<string, unknown> {
  return JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module'];
}

describe('a commit made while update runs', () => {
  it('between plan and apply is kept, and the update refuses saying why', async () => {
    const dir = await module090();
    let ownerCommit = '';
    const printed: string[] = [];
    const run = update({
      cwd: dir,
      print: (text) => printed.push(text),
      onStep: (step) => {
        if (step !== 'result') return;
        edit(dir, 'README.md', (t) => `${t}\nWritten during the update\n`);
        ownerCommit = commitAll(dir, 'Owner commits meanwhile');
      },
    });
    await expect(run).rejects.toThrow(
      /HEAD moved while the update ran \(it was refs\/heads\/main at [0-9a-f]{12}, it is now at [0-9a-f]{12}\).*Your commit is kept; the update was not applied\./,
    );
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(ownerCommit);
    expect(read(dir, 'README.md')).toContain('Written during the update');
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(existsSync(join(dir, '.git/ai4os-module.lock'))).toBe(false);
    // Run again, the update lands on top of the owner's commit.
    expect((await update({ cwd: dir, print: () => {} })).status).toBe('updated');
    expect(git(dir, 'log', '-1', '--format=%P').split(' ')[0]).toBe(ownerCommit);
    expect(read(dir, 'README.md')).toContain('Written during the update');
  });

  it('switching branch meanwhile is refused too', async () => {
    const dir = await module090();
    git(dir, 'branch', 'other');
    const run = update({ cwd: dir, print: () => {}, onStep: (step) => void (step === 'merged' && git(dir, 'switch', '-q', 'other')) });
    await expect(run).rejects.toThrow(/it is now refs\/heads\/other/);
    expect(git(dir, 'log', '--all', '--format=%s')).not.toContain('Update module boilerplate');
  });
});

describe('two updates at once', { timeout: 180_000 }, () => {
  it.each([1, 2, 3])('the second refuses while the first holds the lock; no answer is rolled back (run %i)', async () => {
    const dir = await module090();
    const first = await pausedUpdate(dir, 'result', ['--set', 'cpu=2']);
    const second = runCli(['update', '--set', 'memory=8000'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /^Another ai4os-module update \(pid \d+, started .*\) is running in this module: one at a time\.\nWait for it to finish, then run again\. Nothing was changed\. \(If pid \d+ is no ai4os-module, .*\)\n$/,
    );
    const ended = await first.resume();
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain(`Committed "Update module boilerplate to ${INSTALLED_VERSION}"`);
    expect(stored(dir)).toMatchObject({ cpu: 2, memory: 4000 });
    // Once the first is done, the second goes through, on top of it.
    expect(runCli(['update', '--set', 'memory=8000'], dir).code).toBe(0);
    expect(stored(dir)).toMatchObject({ cpu: 2, memory: 8000 });
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('started together, in any order: each finishes or refuses, and every answer set by one that finished stays', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = await module090();
      const runs = await Promise.all(
        [
          ['cpu', '2'],
          ['memory', '8000'],
        ].map(
          ([key, value]) =>
            new Promise<{ key: string; value: number; code: number | null; stderr: string }>((resolve) => {
              const child = spawn(process.execPath, [CLI, 'update', '--set', `${key}=${value}`], {
                cwd: dir,
                env: { ...process.env, ...GIT_ENV },
              });
              let stderr = '';
              child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
              child.on('close', (code) => resolve({ key: key!, value: Number(value), code, stderr }));
            }),
        ),
      );
      const finished = runs.filter((r) => r.code === 0);
      expect(finished.length).toBeGreaterThan(0);
      for (const refused of runs.filter((r) => r.code !== 0)) {
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/^(Another ai4os-module update \(pid \d+.*is running|HEAD moved while the update ran)/);
      }
      for (const run of finished) expect(stored(dir)[run.key]).toBe(run.value);
      expect(git(dir, 'status', '--porcelain')).toBe('');
      expect(existsSync(join(dir, '.git/ai4os-module.lock'))).toBe(false);
    }
  });
});

describe('the lock', () => {
  it('is released when the update refuses', async () => {
    const dir = await module090();
    writeFileSync(join(dir, 'scratch.py'), '');
    await expect(update({ cwd: dir, print: () => {} })).rejects.toThrow(/not committed/);
    expect(existsSync(join(dir, '.git/ai4os-module.lock'))).toBe(false);
  });
});
