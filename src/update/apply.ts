/**
 * The last step of an update, the only one that touches the branch, the index and the
 * working tree: a commit moved onto, or a merge left in conflict as `git merge` leaves one.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATOR_VERSION } from '../paths.js';
import { checkpoint } from './checkpoint.js';
import type { Repo } from '../git.js';
import type { MergePlan } from './plan.js';
import { describeConflicts } from './report.js';
import { indexInfoLine } from './tree.js';
import type { UpdateOutcome } from './update.js';

interface ApplyContext {
  from: string;
  to: string;
  changed: string[];
  identity: Record<string, string>;
  print: (text: string) => void;
}

function commitMessage(context: ApplyContext, plan: MergePlan): string {
  const lines = [`Update module boilerplate to ${context.to}`, ''];
  const step = context.from === context.to ? `Template ${context.to} rendered again` : `Template ${context.from} -> ${context.to}`;
  lines.push(`${step}, merged by create-ai4os-module ${GENERATOR_VERSION} (ai4os-module update).`);
  if (context.changed.length > 0) lines.push(`Changed answers: ${context.changed.join(', ')}.`);
  if (plan.migrationsApplied.length > 0) lines.push(`Migrations: ${plan.migrationsApplied.join(', ')}.`);
  lines.push('The second parent holds the template output itself, the base of the next update.');
  return `${lines.join('\n')}\n`;
}

/** The only step that touches the branch, the index and the working tree. */
export async function applyPlan(repo: Repo, plan: MergePlan, context: ApplyContext): Promise<UpdateOutcome> {
  const head = await repo.text(['rev-parse', 'HEAD']);
  const message = commitMessage(context, plan);
  const outcome = { from: context.from, to: context.to, merge: plan.merge };
  if (plan.merge.conflicts.length === 0) {
    const commit = await commitOnto(repo, head, plan.resultTree, [plan.pristine], message, context.identity);
    context.print(`Committed "Update module boilerplate to ${context.to}" (${commit.slice(0, 12)}).`);
    return { ...outcome, status: 'updated', commit };
  }
  // As `git merge` leaves a conflict: MERGE_HEAD first, so `git merge --abort` restores the
  // tree from any point after it; then the files; then the unmerged entries (stages 1-3).
  await repo.run(['update-ref', 'ORIG_HEAD', head]);
  await writeFile(join(repo.gitDir, 'MERGE_HEAD'), `${plan.pristine}\n`);
  await writeFile(join(repo.gitDir, 'MERGE_MODE'), 'no-ff');
  const conflictList = plan.merge.conflicts.map((c) => `#\t${c.path}`).join('\n');
  await writeFile(join(repo.gitDir, 'MERGE_MSG'), `${message}\n# Conflicts:\n${conflictList}\n`);
  checkpoint('merge-state');
  await repo.run(['read-tree', '-m', '-u', head, plan.resultTree]);
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
  await repo.run(['update-index', '-z', '--index-info'], { input: stages });
  context.print(describeConflicts(plan.merge.conflicts.map((c) => c.path), context.to));
  return { ...outcome, status: 'conflicts', commit: plan.pristine };
}

/**
 * Commit `tree` on top of HEAD (with more parents, if any), then move the branch, index and
 * working tree to it: git checks first that nothing would be overwritten, then writes.
 */
export async function commitOnto(
  repo: Repo,
  head: string,
  tree: string,
  otherParents: string[],
  message: string,
  identity: Record<string, string>,
): Promise<string> {
  const parents = [head, ...otherParents].flatMap((p) => ['-p', p]);
  const commit = await repo.text(['commit-tree', tree, ...parents], { input: message, env: identity });
  checkpoint('commit');
  await repo.run(['read-tree', '-m', '-u', head, commit]);
  await repo.run(['update-ref', '-m', `ai4os-module: ${message.split('\n')[0]}`, 'HEAD', commit, head]);
  return commit;
}
