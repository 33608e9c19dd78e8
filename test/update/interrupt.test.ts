/**
 * An update killed midway (SIGKILL at each named step, see src/update/checkpoint.ts) leaves
 * the branch, the index and the working tree as they were; only unreferenced objects remain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Step } from '../../src/update/checkpoint.js';
import { HALT_ENV } from '../../src/update/checkpoint.js';
import { answersWith, commitAll, createdRepo, edit, filesAt090, git, read, removeDir, runCli, snapshot } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function editedModule(conflicting: boolean): Promise<string> {
  const dir = createdRepo(filesAt090(await answersWith()), '0.9.0');
  dirs.push(dir);
  edit(dir, 'README.md', (t) => `${t}\nOwner line\n`);
  if (conflicting) edit(dir, 'Dockerfile', (t) => t.replace('RUN pip install --no-cache-dir -e .', 'RUN pip install -e .'));
  commitAll(dir, 'Owner edits');
  return dir;
}

describe('an interrupted update', () => {
  const steps: Step[] = ['answers', 'base', 'pristine', 'merged', 'result', 'commit'];
  it.each(steps)('killed at "%s" changes nothing, and a new run completes', async (step) => {
    const dir = await editedModule(false);
    const before = snapshot(dir);
    const killed = runCli(['update'], dir, { [HALT_ENV]: step });
    expect(killed.signal).toBe('SIGKILL');
    expect(snapshot(dir)).toBe(before);
    expect(runCli(['update'], dir).code).toBe(0);
    expect(read(dir, 'README.md')).toMatch(/Owner line\n$/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('with conflicts, killed before the merge state is written, changes nothing', async () => {
    const dir = await editedModule(true);
    const before = snapshot(dir);
    expect(runCli(['update'], dir, { [HALT_ENV]: 'result' }).signal).toBe('SIGKILL');
    expect(snapshot(dir)).toBe(before);
  });

  it('with conflicts, killed once the merge state is written, is undone by git merge --abort', async () => {
    const dir = await editedModule(true);
    const before = snapshot(dir);
    expect(runCli(['update'], dir, { [HALT_ENV]: 'merge-state' }).signal).toBe('SIGKILL');
    expect(git(dir, 'status')).toContain('still merging');
    git(dir, 'merge', '--abort');
    expect(snapshot(dir)).toBe(before);
  });
});
