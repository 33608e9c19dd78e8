/**
 * Commits made with `git commit-tree`, as `git commit` would make them where it matters to
 * the owner: their identity, and a signature when they sign every commit (`commit.gpgsign`,
 * with their `gpg.format` and `user.signingkey`, which `-S` reads). commit-tree reads
 * neither commit.gpgsign nor hooks; hooks are reported by apply.ts, not run.
 */
import { UserError } from '../errors.js';
import { GitFailure, type Repo } from '../git.js';

export interface Committer {
  /** GIT_AUTHOR_* / GIT_COMMITTER_* when git has no identity configured; else empty. */
  env: Record<string, string>;
  /** Sign each commit (`commit.gpgsign` is true), as `git commit` would. */
  sign: boolean;
}

export async function signsCommits(repo: Repo): Promise<boolean> {
  const { stdout } = await repo.run(['config', '--type=bool', '--get', 'commit.gpgsign'], { okCodes: [1] });
  return stdout.toString('utf8').trim() === 'true';
}

export async function commitTree(repo: Repo, tree: string, parents: string[], message: string, committer: Committer): Promise<string> {
  const args = ['commit-tree', ...(committer.sign ? ['-S'] : []), tree, ...parents.flatMap((p) => ['-p', p])];
  try {
    return await repo.text(args, { input: message, env: committer.env });
  } catch (error) {
    if (!(error instanceof GitFailure) || !committer.sign) throw error;
    throw new UserError(
      `commit.gpgsign is set, but git could not sign the update's commit:\n  ${error.stderr.trim().split('\n').join('\n  ')}`,
      'Check that `git commit -S` works in this repository (gpg.format, user.signingkey, the gpg or ssh agent), then run again. Nothing was changed.',
    );
  }
}
