/**
 * The last step of an update, the only one that touches the branch, the index and the
 * working tree: a commit moved onto, or a merge left in conflict as `git merge` leaves one.
 *
 * Order of a move (see lock.ts for the lock every step runs under):
 *  1. the commit object (signed if the owner signs commits); nothing visible yet;
 *  2. HEAD is checked to be the branch and commit the plan was made from, no path the update
 *     adds may exist on disk untracked, and the move is recorded in the lock;
 *  3. `read-tree -m -u`: git checks nothing would be overwritten, writes the files, then the
 *     index; if it fails (disk full, index.lock), the files it wrote are put back;
 *  4. `update-ref <branch> <new> <old>`: compare-and-swap, so a commit made meanwhile is
 *     never lost: the update is undone and says so.
 * A kill between 3 and 4 leaves the recorded move in a lock whose process is dead; the next
 * run finishes it (`finishInterrupted`).
 */
import { constants } from 'node:fs';
import { access, lstat, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { GENERATOR_VERSION } from '../paths.js';
import type { StepHook } from './checkpoint.js';
import { type Committer, commitTree } from './commit.js';
import { GitFailure, type Repo } from '../git.js';
import type { LockContent, UpdateLock } from './lock.js';
import type { MergePlan } from './plan.js';
import { type Branch, currentBranch, exists, refuseIndexLock } from './preconditions.js';
import { describeConflicts } from './report.js';
import { indexInfoLine } from './tree.js';
import type { UpdateOutcome } from './update.js';

interface ApplyContext {
  from: string;
  to: string;
  changed: string[];
  committer: Committer;
  lock: UpdateLock;
  branch: Branch;
  onStep?: StepHook;
  print: (text: string) => void;
}

function commitMessage(context: ApplyContext, plan: MergePlan): string {
  const lines = [`Update module boilerplate to ${context.to}`, ''];
  const step = context.from === context.to ? `Template ${context.to} rendered again` : `Template ${context.from} -> ${context.to}`;
  lines.push(`${step}, merged by create-ai4os-module ${GENERATOR_VERSION} (ai4os-module update).`);
  if (context.changed.length > 0) lines.push(`Changed answers: ${context.changed.join(', ')}.`);
  if (plan.migrationsApplied.length > 0) lines.push(`Migrations: ${plan.migrationsApplied.join(', ')}.`);
  if (plan.held.length > 0) lines.push(`Held back (the module is laid out its own way): ${plan.held.map((h) => h.path).join(', ')}.`);
  lines.push('The second parent holds the template output itself, the base of the next update.');
  return `${lines.join('\n')}\n`;
}

/** The only step that touches the branch, the index and the working tree. */
export async function applyPlan(repo: Repo, plan: MergePlan, context: ApplyContext): Promise<UpdateOutcome> {
  const { branch } = context;
  const message = commitMessage(context, plan);
  const outcome = { from: context.from, to: context.to, merge: plan.merge };
  const inTheWay = await untrackedInTheWay(repo, plan);
  if (inTheWay.length > 0) throw inTheWayError(inTheWay);
  if (plan.merge.conflicts.length === 0) {
    const commit = await commitOnto(repo, {
      lock: context.lock,
      branch,
      tree: plan.resultTree,
      otherParents: [plan.pristine],
      message,
      committer: context.committer,
      onStep: context.onStep,
    });
    context.print(`Committed "Update module boilerplate to ${context.to}" (${commit.slice(0, 12)}).`);
    const skipped = await installedCommitHooks(repo);
    if (skipped.length > 0) {
      context.print(
        `Git hooks not run: ${skipped.join(', ')} (update commits with git plumbing, as a merge of the template). Run your checks on the result before pushing, e.g. git hook run pre-commit`,
      );
    }
    return { ...outcome, status: 'updated', commit };
  }
  await expectHead(repo, branch);
  await refuseIndexLock(repo);
  // As `git merge` leaves a conflict: MERGE_HEAD first, so `git merge --abort` restores the
  // tree from any point after it; then the files; then the unmerged entries (stages 1-3).
  const head = branch.head;
  const mergeFiles = ['MERGE_HEAD', 'MERGE_MODE', 'MERGE_MSG'].map((name) => join(repo.gitDir, name));
  try {
    await repo.run(['update-ref', 'ORIG_HEAD', head]);
    await writeFile(mergeFiles[0]!, `${plan.pristine}\n`);
    await writeFile(mergeFiles[1]!, 'no-ff');
    const conflictList = plan.merge.conflicts.map((c) => `#\t${c.path}`).join('\n');
    await writeFile(mergeFiles[2]!, `${message}\n# Conflicts:\n${conflictList}\n`);
  } catch (error) {
    await Promise.all(mergeFiles.map((path) => rm(path, { force: true })));
    throw error;
  }
  await context.onStep?.('merge-state');
  try {
    await repo.run(['read-tree', '-m', '-u', head, plan.resultTree]);
  } catch (error) {
    await putBackFiles(repo, head, plan.resultTree, error);
    await Promise.all(mergeFiles.map((path) => rm(path, { force: true })));
    throw error;
  }
  const stages = plan.merge.conflicts
    .map((c) =>
      [
        `0 ${'0'.repeat(head.length)}\t${c.path}\0`,
        c.base ? indexInfoLine(c.base, c.path, 1) : '',
        c.ours ? indexInfoLine(c.ours, c.path, 2) : '',
        c.theirs ? indexInfoLine(c.theirs, c.path, 3) : '',
      ].join(''),
    )
    .join('');
  try {
    await repo.run(['update-index', '-z', '--index-info'], { input: stages });
  } catch (error) {
    await repo.run(['read-tree', '-m', '-u', plan.resultTree, head]);
    await Promise.all(mergeFiles.map((path) => rm(path, { force: true })));
    throw error;
  }
  context.print(
    describeConflicts(
      plan.merge.conflicts.map((c) => c.path),
      context.to,
    ),
  );
  return { ...outcome, status: 'conflicts', commit: plan.pristine };
}

export interface CommitOntoInput {
  lock: UpdateLock;
  branch: Branch;
  tree: string;
  /** Parents after the branch's commit. */
  otherParents: string[];
  message: string;
  committer: Committer;
  onStep?: StepHook;
}

/** Commit `tree` on top of the branch, then move the index, the working tree and the branch to it. */
export async function commitOnto(repo: Repo, input: CommitOntoInput): Promise<string> {
  const { ref, head } = input.branch;
  const commit = await commitTree(repo, input.tree, [head, ...input.otherParents], input.message, input.committer);
  await expectHead(repo, input.branch);
  await refuseIndexLock(repo);
  await input.lock.recordMove({ ref, old: head, new: commit });
  await input.onStep?.('commit');
  try {
    await repo.run(['read-tree', '-m', '-u', head, commit]);
  } catch (error) {
    await putBackFiles(repo, head, commit, error);
    throw error;
  }
  await input.onStep?.('files');
  try {
    await repo.run(['update-ref', '-m', `ai4os-module: ${input.message.split('\n')[0]}`, ref, commit, head]);
  } catch (error) {
    // The branch moved after the check (a commit made in that instant): back to what it holds.
    const now = await repo.text(['rev-parse', '-q', '--verify', ref]).catch(() => head);
    await repo.run(['read-tree', '-m', '-u', commit, now]);
    await expectHead(repo, input.branch);
    throw error;
  }
  await input.onStep?.('branch');
  return commit;
}

async function expectHead(repo: Repo, expected: Branch): Promise<void> {
  const now = await currentBranch(repo).catch(() => undefined);
  if (now?.ref === expected.ref && now.head === expected.head) return;
  const where = now ? (now.ref === expected.ref ? `is now at ${now.head.slice(0, 12)}` : `is now ${now.ref}`) : 'is now detached';
  throw new UserError(
    `HEAD moved while the update ran (it was ${expected.ref} at ${expected.head.slice(0, 12)}, it ${where}): a commit or checkout happened meanwhile. Your commit is kept; the update was not applied.`,
    'Run ai4os-module update again: it merges the template into the new commit.',
  );
}

/**
 * Paths the update adds that are on disk but not tracked (ignored or untracked), or whose
 * folder is a file or a symlink there: git would overwrite them or write through the link.
 * (Tracked paths are clean: checkPreconditions.) Each with why git does not track it.
 */
export async function untrackedInTheWay(repo: Repo, plan: MergePlan): Promise<string[]> {
  const paths = [...plan.changes].filter(([, kind]) => kind === 'added').map(([path]) => path);
  const found = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const stat = await lstat(join(repo.dir, prefix)).catch(() => undefined);
      if (!stat) break;
      if (i === parts.length || !stat.isDirectory()) {
        found.add(prefix);
        break;
      }
    }
  }
  if (found.size === 0) return [];
  const env = { GIT_LITERAL_PATHSPECS: '1' };
  const tracked = new Set((await repo.text(['ls-files', '-z', '--', ...found], { env })).split('\0'));
  const untracked = [...found].filter((path) => !tracked.has(path)).sort();
  if (untracked.length === 0) return [];
  const ignored = new Map<string, string>();
  const out = await repo.text(['check-ignore', '-z', '-v', '--stdin'], { input: `${untracked.join('\0')}\0`, okCodes: [1] });
  const fields = out.split('\0');
  for (let i = 0; i + 3 < fields.length; i += 4) ignored.set(fields[i + 3]!, `ignored by ${fields[i]}:${fields[i + 1]} (${fields[i + 2]})`);
  return untracked.map((path) => `${path}: ${ignored.get(path) ?? 'untracked'}`);
}

export function inTheWayError(lines: string[]): UserError {
  return new UserError(
    ['The update would write where files exist that git does not track (it would overwrite them):', ...lines.map((l) => `  ${l}`)].join(
      '\n',
    ),
    'Move them elsewhere (or commit them, if they belong to the module), then run again. Nothing was changed.',
  );
}

/**
 * After a failed `read-tree -m -u old new`: git writes the index last, so the index still
 * holds `old`. Every path the update touches is removed first (on a full disk that frees
 * the space the old files held), then the old files are written again from the index.
 */
async function putBackFiles(repo: Repo, old: string, next: string, cause: unknown): Promise<void> {
  const out = await repo.text(['diff-tree', '-r', '-z', '--name-status', '--no-renames', old, next]);
  const fields = out.split('\0');
  const added: string[] = [];
  const restored: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) (fields[i] === 'A' ? added : restored).push(fields[i + 1]!);
  try {
    for (const path of [...added, ...restored]) await rm(join(repo.dir, path), { force: true });
    await removeEmptyFolders(repo.dir, added);
    if (restored.length > 0) await repo.run(['checkout-index', '-f', '-q', '-z', '--stdin'], { input: `${restored.join('\0')}\0` });
  } catch (error) {
    throw new UserError(
      `The update failed (${describe(cause)}), and putting the files back failed too (${describe(error)}).`,
      `The last commit is unchanged. To get its files back: git reset --hard${added.length > 0 ? `, and remove what the update added: ${added.join(' ')}` : ''}`,
    );
  }
}

async function removeEmptyFolders(top: string, paths: string[]): Promise<void> {
  const folders = new Set(
    paths.flatMap((p) =>
      p
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    await rm(join(top, folder), { recursive: false }).catch(() => {});
  }
}

function describe(error: unknown): string {
  if (error instanceof GitFailure) return error.stderr.trim().split('\n').pop() ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Hooks `git commit` would run, installed here (core.hooksPath or .git/hooks). */
async function installedCommitHooks(repo: Repo): Promise<string[]> {
  const hooks = await repo.text(['rev-parse', '--git-path', 'hooks']);
  const dir = isAbsolute(hooks) ? hooks : resolve(repo.dir, hooks);
  const names = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit'];
  const present = await Promise.all(
    names.map((name) =>
      access(join(dir, name), constants.X_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  return names.filter((_, i) => present[i]);
}

/**
 * A lock left by an update that was killed: finish its recorded move if it got as far as
 * the files (the index and working tree hold the new commit, the branch the old one), let
 * it go if nothing of it is left to do, and otherwise say how to finish or cancel it.
 */
export async function finishInterrupted(repo: Repo, stale: LockContent, print: (text: string) => void): Promise<void> {
  const what = `An earlier ai4os-module ${stale.command} (pid ${stale.pid}, started ${stale.started}) was interrupted`;
  const move = stale.move;
  if (!move) {
    const merging = await exists(join(repo.gitDir, 'MERGE_HEAD'));
    print(`${what} ${merging ? 'while it left conflicts to resolve' : 'before it changed anything'}; its lock is removed.`);
    return;
  }
  const at = await repo.text(['rev-parse', '-q', '--verify', move.ref]).catch(() => '');
  if (at === move.new) {
    print(`${what} after it committed ${move.new.slice(0, 12)}; its lock is removed.`);
    return;
  }
  await repo.run(['update-index', '-q', '--refresh'], { okCodes: [1] });
  const index = await repo.text(['write-tree']).catch(() => undefined);
  const filesMatchIndex = await repo.succeeds(['diff-files', '--quiet']);
  const tree = (commit: string) => repo.text(['rev-parse', `${commit}^{tree}`]).catch(() => undefined);
  if (at === move.old && filesMatchIndex && index === (await tree(move.new))) {
    await repo.run(['update-ref', '-m', 'ai4os-module: finish an interrupted update', move.ref, move.new, move.old]);
    print(
      `${what} after it wrote the files of ${move.new.slice(0, 12)}; finished it: ${move.ref.replace(/^refs\/heads\//, '')} moved to it.`,
    );
    return;
  }
  const addedOut = await repo.text(['diff-tree', '-r', '-z', '--name-only', '--diff-filter=A', move.old, move.new]).catch(() => '');
  const added = addedOut.split('\0').filter(Boolean);
  const leftover = [];
  for (const path of added) if (await exists(join(repo.dir, path))) leftover.push(path);
  if (at !== '' && filesMatchIndex && index === (await tree(at)) && (at !== move.old || leftover.length === 0)) {
    print(`${what} before its files were written; nothing of it is left, its lock is removed.`);
    return;
  }
  throw new UserError(
    `${what} while it wrote the files of its commit ${move.new.slice(0, 12)}: ${move.ref} is at ${at.slice(0, 12) || 'nothing'}, and the index or the files are partly the update's.`,
    [
      `To finish the update: git reset --hard ${move.new}`,
      `To cancel it: git reset --hard ${move.old}${leftover.length > 0 ? `, and remove the files it added: ${leftover.join(' ')}` : ''}`,
      'Either way changes made since the interruption are lost (git stash -u keeps them). Then run ai4os-module update again.',
    ].join('\n'),
  );
}
