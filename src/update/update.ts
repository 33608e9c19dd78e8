/**
 * `update`: merge the current template into a module, keeping every edit of its owner.
 *
 * In copier's words: the old copy (the template's output at the recorded version, kept in
 * git: see pristine.ts) and the new copy (the installed template, rendered from the stored
 * answers and any `--set`) give the template's change; it is merged into the owner's files
 * (HEAD) per file with git (merge.ts). Everything up to the last step writes only git
 * objects (into a throw-away object directory for --dry-run); the last step moves the
 * branch, the index and the working tree, so an update killed midway changes nothing.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidAnswersError, UserError } from '../errors.js';
import { GENERATOR_VERSION } from '../paths.js';
import type { RawAnswers } from '../answers/parse.js';
import { type Answers, type Question, QUESTIONS, externalKey } from '../answers/questions.js';
import { type Asker, resolveAnswers } from '../answers/resolve.js';
import { type RenderedFiles, type TemplateSet, loadTemplateSet, renderModule } from '../render/render.js';
import { checkpoint } from './checkpoint.js';
import { type Repo, openRepo } from './git.js';
import { type ChangeKind, type MergeResult, describeChanges, mergeTrees } from './merge.js';
import { type Migration, migrateAnswers, migrationsBetween } from './migrations.js';
import { type Base, commitIdentity, commitPristine, findBase } from './pristine.js';
import { nameMoves, migrateTree, moveInTree } from './reshape.js';
import { storedRawAnswers, withPristine } from './stored.js';
import { type Tree, indexInfoLine, readBlobs, readTree, writeBlobs, writeTree } from './tree.js';
import { compareVersions, isAdopted } from './version.js';
import { YO_RC_FILE, type YoRcContent, parseYoRc } from './yo-rc-file.js';
import { describePlan, describeConflicts } from './report.js';
import { withSandbox } from './sandbox.js';

export interface UpdateRequest {
  cwd: string;
  /** `--set` answers, highest precedence. */
  set?: RawAnswers;
  /** Present when interactive: asks the questions the stored answers do not answer. */
  asker?: Asker;
  /** The template to update to (the installed one by default). */
  templates?: TemplateSet;
  /** Older template sets to render a base from, when the history holds none. */
  baseTemplates?: TemplateSet[];
  dryRun?: boolean;
  /** Where the report goes, line by line. */
  print: (text: string) => void;
  /** Today, YYYY-MM-DD (for modules that never recorded their creation date). */
  today?: string;
}

export type UpdateStatus = 'up-to-date' | 'updated' | 'conflicts' | 'dry-run';

export interface UpdateOutcome {
  status: UpdateStatus;
  from: string;
  to: string;
  /** The update commit, or the pristine commit merged (MERGE_HEAD) when there are conflicts. */
  commit?: string;
  merge?: MergeResult;
}

/** What the merge needs, however the base and the answers were obtained (update or adopt). */
export interface MergePlanInput {
  repo: Repo;
  from: string;
  to: TemplateSet;
  base: Base;
  /** Rendered new template output, `.yo-rc.json` included. */
  theirs: RenderedFiles;
  previous: Answers;
  answers: Answers;
  identity: Record<string, string>;
}

export interface MergePlan {
  merge: MergeResult;
  /** What the update changes in the owner's files (HEAD), by path. */
  changes: Map<string, ChangeKind>;
  pristine: string;
  resultTree: string;
  migrationsApplied: string[];
}

export async function update(request: UpdateRequest): Promise<UpdateOutcome> {
  const repo = await openRepo(request.cwd, 'update');
  await checkPreconditions(repo, request.dryRun === true);
  const yoRc = await committedYoRc(repo);
  const target = request.templates ?? loadTemplateSet();
  const from = yoRc.meta._template;
  const adopted = isAdopted(from);
  if (compareVersions(from, target.version) > 0) throw downgradeError(from, target.version);

  const migrations = migrationsBetween(adopted ? target.version : from, target.version);
  const { answers, previous, changed, added } = await updateAnswers(request, yoRc, migrations, basename(repo.dir));
  checkpoint('answers');

  if (!adopted && from === target.version && changed.length === 0) {
    request.print(`Already up to date: template ${target.version}, answers unchanged.`);
    return { status: 'up-to-date', from, to: target.version };
  }
  for (const q of request.asker ? [] : added) {
    request.print(`New question: ${externalKey(q.key)} = ${JSON.stringify(answers[q.key])} (change it with --set ${externalKey(q.key)}=...)`);
  }
  if (changed.length > 0) request.print(`Changed answers: ${changed.map((q) => externalKey(q.key)).join(', ')}`);

  return withSandbox(repo, request.dryRun === true, async (work) => {
    const created = yoRc.meta._created || request.today || new Date().toISOString().slice(0, 10);
    const identity = await commitIdentity(work, answers);
    const rerender = () => {
      const set = [target, ...(request.baseTemplates ?? [])].find((t) => t.version === from);
      return set && renderModule({ answers: previous, created, generatorVersion: yoRc.meta._generator }, set);
    };
    const base = await findBase(
      work,
      { templateVersion: from, pristine: yoRc.meta._pristine, adopted, rerender, identity },
      (id) => readTree(work, id),
    );
    if (!base) throw missingBaseError(from, yoRc);
    checkpoint('base');
    const theirs = renderModule({ answers, created, generatorVersion: GENERATOR_VERSION }, target);
    const plan = await planMerge({ repo: work, from, to: target, base, theirs, previous, answers, identity });
    request.print(describePlan(plan, { from, to: target.version, dryRun: request.dryRun === true, base: base.source }));
    if (request.dryRun) {
      request.print(await work.text(['diff', '-M', process.stdout.isTTY ? '--color=always' : '--no-color', 'HEAD', plan.resultTree]));
      return { status: 'dry-run', from, to: target.version, merge: plan.merge };
    }
    return applyPlan(work, plan, { from, to: target.version, changed: changed.map((q) => externalKey(q.key)), identity, print: request.print });
  });
}

/**
 * The answers to render with (set > stored > asked or default), and those the module was
 * rendered from (stored, with new questions as answered now), to tell what changed.
 */
async function updateAnswers(request: UpdateRequest, yoRc: YoRcContent, migrations: Migration[], directoryName: string) {
  const stored = storedRawAnswers(migrateAnswers(yoRc.data, migrations));
  const context = { directoryName };
  let answers: Answers;
  try {
    answers = await resolveAnswers({
      layers: [request.set ?? {}, stored],
      context,
      // Every question the stored answers leave open is new: ask them all, advanced or not.
      asker: request.asker && { ask: request.asker.ask.bind(request.asker), wantsAdvanced: async () => true },
    });
  } catch (error) {
    if (!(error instanceof InvalidAnswersError)) throw error;
    throw new UserError(error.message, `Give valid values with --set KEY=VALUE (${YO_RC_FILE} holds the stored answers). Nothing was changed.`);
  }
  // When a stored value today's rules refuse was replaced with --set, what was set changed.
  let storedValid = true;
  const previous = await resolveAnswers({ layers: [stored, answers as RawAnswers], context }).catch((error: unknown) => {
    if (!(error instanceof InvalidAnswersError)) throw error;
    storedValid = false;
    return answers;
  });
  const differs = (q: Question) =>
    storedValid ? JSON.stringify(answers[q.key]) !== JSON.stringify(previous[q.key]) : request.set?.[q.key] !== undefined;
  return {
    answers,
    previous,
    changed: QUESTIONS.filter(differs),
    added: QUESTIONS.filter((q) => stored[q.key] === undefined && request.set?.[q.key] === undefined),
  };
}

/** From base, ours (HEAD) and theirs to the merged tree, writing only objects. */
export async function planMerge(input: MergePlanInput): Promise<MergePlan> {
  const { repo, from, to, base, theirs, previous, answers, identity } = input;
  const adopted = base.source === 'adopted';
  const pristine = await commitPristine(repo, theirs, base.commit, to.version, 'update', identity);
  checkpoint('pristine');

  const migrations = adopted ? [] : migrationsBetween(from, to.version);
  const moves = nameMoves(to.dir, previous, answers);
  const migratedBase = await migrateTree(repo, base.tree, migrations);
  const head = await readTree(repo, 'HEAD');
  const migratedOurs = await migrateTree(repo, head, migrations);
  const baseTree = moveInTree(migratedBase.tree, moves);
  const oursTree = moveInTree(migratedOurs.tree, moves);
  const skip = new Set([YO_RC_FILE]);
  const merge = await mergeTrees(repo, {
    base: baseTree,
    ours: oursTree,
    theirs: pristine.tree,
    renames: await ownerRenames(repo, baseTree, oursTree),
    adopted,
    skip,
    labels: { ours: 'yours', base: adopted ? 'nothing (adopted)' : `template ${from}`, theirs: `template ${to.version}` },
  });
  checkpoint('merged');

  const current = head.get(YO_RC_FILE);
  const currentText = current && (await readBlobs(repo, [current.oid])).get(current.oid)!.toString('utf8');
  const [yoRcOid] = await writeBlobs(repo, [withPristine(theirs.get(YO_RC_FILE)!, pristine.id, currentText)]);
  merge.tree.set(YO_RC_FILE, { mode: '100644', oid: yoRcOid! });
  const resultTree = await writeTree(repo, merge.tree);
  checkpoint('result');
  const migrationsApplied = [...new Set([...migratedBase.applied, ...migratedOurs.applied])];
  return { merge, changes: describeChanges(head, merge, skip), pristine: pristine.id, resultTree, migrationsApplied };
}

/** Renames the owner made since the base, found by git's rename detection: new path -> old. */
async function ownerRenames(repo: Repo, base: Tree, ours: Tree): Promise<Map<string, string>> {
  const renames = new Map<string, string>();
  if (![...base.keys()].some((path) => !ours.has(path))) return renames;
  const [baseId, oursId] = await Promise.all([writeTree(repo, base), writeTree(repo, ours)]);
  const out = await repo.text(['diff-tree', '-r', '-z', '-M', '--diff-filter=R', baseId, oursId]);
  const fields = out.split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) renames.set(fields[i + 2]!, fields[i + 1]!);
  return renames;
}

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
async function applyPlan(repo: Repo, plan: MergePlan, context: ApplyContext): Promise<UpdateOutcome> {
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

export async function checkPreconditions(repo: Repo, dryRun: boolean): Promise<void> {
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
  if (dryRun) return;
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
}

/** `.yo-rc.json` as committed: the update works from HEAD. */
async function committedYoRc(repo: Repo): Promise<YoRcContent> {
  let text: string;
  try {
    text = await repo.text(['show', `HEAD:${YO_RC_FILE}`]);
  } catch {
    throw new UserError(
      `No ${YO_RC_FILE} in the last commit: the module does not record the answers it was made from.`,
      'For a module made by the ai4-template cookiecutter or by hand, run `ai4os-module adopt` first.',
    );
  }
  return parseYoRc(text, YO_RC_FILE);
}

function downgradeError(from: string, installed: string): UserError {
  return new UserError(
    `The module is at template ${from}, newer than template ${installed} of create-ai4os-module ${GENERATOR_VERSION}; updating would be a downgrade.`,
    'Use a newer one: npx --package create-ai4os-module@latest ai4os-module update',
    3,
  );
}

function missingBaseError(from: string, yoRc: YoRcContent): UserError {
  const recorded = yoRc.meta._pristine ? ` (recorded as ${yoRc.meta._pristine.slice(0, 12)})` : '';
  return new UserError(
    `The base of the update is missing: this clone holds no commit with the template ${from} output${recorded}, and template ${from} is not installed.`,
    [
      'In a shallow clone, fetch the history: git fetch --unshallow',
      `Otherwise pass the templates of create-ai4os-module ${yoRc.meta._generator}: --base-templates DIR (npm pack create-ai4os-module@${yoRc.meta._generator}, then package/templates).`,
    ].join('\n'),
  );
}
