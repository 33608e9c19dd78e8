/** What must hold before update or adopt runs, and the errors that say how to get there. */
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { GENERATOR_VERSION } from '../paths.js';
import type { Repo } from '../git.js';
import { YO_RC_FILE, type YoRcContent, parseYoRc } from '../module-files/yo-rc.js';

/** The branch HEAD names, and the commit it was at when the update read it. */
export interface Branch {
  ref: string;
  head: string;
}

/** The branch to update, once nothing stands in the way. */
export async function checkPreconditions(repo: Repo, dryRun: boolean): Promise<Branch> {
  if (!(await repo.succeeds(['rev-parse', '--verify', '-q', 'HEAD^{commit}']))) {
    throw new UserError('The repository has no commit yet.', 'Commit the module first: git add -A && git commit -m "My module"');
  }
  if (await repo.succeeds(['rev-parse', '--verify', '-q', 'MERGE_HEAD'])) {
    throw new UserError(
      'A merge (or an update with conflicts) is in progress.',
      'Finish it (resolve, git add, git commit) or cancel it (git merge --abort), then run again.',
    );
  }
  const busy = ['rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'BISECT_LOG'].find((name) =>
    existsSync(join(repo.gitDir, name)),
  );
  if (busy) {
    throw new UserError(
      `A git operation is in progress (${busy} in ${repo.gitDir}): a rebase, cherry-pick, revert or bisect.`,
      'Finish or abort it (git status says how), then run again.',
    );
  }
  const branch = await currentBranch(repo);
  if (dryRun) return branch;
  await refuseIndexLock(repo);
  const status = await repo.text(['status', '--porcelain', '--untracked-files=normal']);
  if (status !== '') {
    const lines = status.split('\n');
    throw new UserError(
      [
        'The working tree has changes that are not committed:',
        ...lines.slice(0, 10).map((l) => `  ${l}`),
        ...(lines.length > 10 ? [`  ... and ${lines.length - 10} more`] : []),
      ].join('\n'),
      'Commit them (or git stash -u) first, so the update is one commit you can review and undo. Nothing was changed.',
    );
  }
  return branch;
}

/**
 * The branch HEAD names; a detached HEAD is refused: the update's commit would be on no
 * branch, and `git switch` away would leave it behind with nothing but the reflog to find it.
 */
export async function currentBranch(repo: Repo): Promise<Branch> {
  // One call: the commit, then the name HEAD stands for (HEAD itself when detached).
  const [head, ref] = (await repo.text(['rev-parse', 'HEAD', '--symbolic-full-name', 'HEAD'])).split('\n') as [string, string];
  if (!ref.startsWith('refs/')) {
    throw new UserError(
      'HEAD is detached (not on a branch): the update would make a commit on no branch, easy to lose.',
      'Switch to the branch to update (git switch main), or make one here (git switch -c template-update), then run again. Nothing was changed.',
    );
  }
  return { ref, head };
}

export async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** A stale index.lock makes every git command that writes the index fail: say so first. */
export async function refuseIndexLock(repo: Repo): Promise<void> {
  if (await exists(join(repo.gitDir, 'index.lock'))) throw indexLockError(repo);
}

export function indexLockError(repo: Repo): UserError {
  const path = join(repo.gitDir, 'index.lock');
  return new UserError(
    `Another git process is using this repository: ${path} exists.`,
    `Wait for it to finish. If no git command is running (git crashed, or an editor's git stopped), remove the file (rm ${path}) and run again. Nothing was changed.`,
  );
}

/** `.yo-rc.json` as committed in `head`: the update works from the last commit. */
export async function committedYoRc(repo: Repo, head: string): Promise<YoRcContent> {
  let text: string;
  try {
    text = await repo.text(['show', `${head}:${YO_RC_FILE}`]);
  } catch {
    throw new UserError(
      `No ${YO_RC_FILE} in the last commit: the module does not record the answers it was made from.`,
      'For a module made by the ai4-template cookiecutter or by hand, run `ai4os-module adopt` first.',
    );
  }
  return parseYoRc(text, YO_RC_FILE);
}

export function downgradeError(from: string, installed: string): UserError {
  return new UserError(
    `The module is at template ${from}, newer than template ${installed} of create-ai4os-module ${GENERATOR_VERSION}; updating would be a downgrade.`,
    'Use a newer one: npx --package create-ai4os-module@latest ai4os-module update',
    3,
  );
}

export function missingBaseError(from: string, yoRc: YoRcContent): UserError {
  const recorded = yoRc.meta._pristine ? ` (recorded as ${yoRc.meta._pristine.slice(0, 12)})` : '';
  return new UserError(
    `The base of the update is missing: this clone holds no commit with the template ${from} output${recorded}, and template ${from} is not installed.`,
    [
      'In a shallow clone, fetch the history: git fetch --unshallow',
      `Otherwise pass the templates of create-ai4os-module ${yoRc.meta._generator}: --base-templates DIR (npm pack create-ai4os-module@${yoRc.meta._generator}, then package/templates).`,
    ].join('\n'),
  );
}
