/**
 * `update`: merge the current template into a module, keeping every edit of its owner.
 *
 * In copier's words: the old copy (the template's output at the recorded version, kept in
 * git: see pristine.ts) and the new copy (the installed template, rendered from the stored
 * answers and any `--set`) give the template's change; it is merged into the owner's files
 * (HEAD) per file with git (merge.ts). Everything up to the last step writes only git
 * objects (into a throw-away object directory for --dry-run); the last step moves the
 * branch, the index and the working tree (apply.ts), under a lock (lock.ts), in an order
 * where an interruption leaves the old state or a move the next run finishes.
 */
import { basename } from 'node:path';
import { InvalidAnswersError, UserError } from '../errors.js';
import { GENERATOR_VERSION } from '../paths.js';
import type { RawAnswers } from '../answers/parse.js';
import { type AnswerKey, type Answers, type Question, QUESTIONS, externalKey } from '../answers/questions.js';
import { type Asker, resolveAnswers, withoutStaleDerivedAnswers } from '../answers/resolve.js';
import { type TemplateSet, loadTemplateSet, renderModule } from '../render/render.js';
import { applyPlan, finishInterrupted, inTheWayError, untrackedInTheWay } from './apply.js';
import type { StepHook } from './checkpoint.js';
import { explainingFailures } from './failures.js';
import { type Repo, openRepo } from '../git.js';
import { type LockContent, type UpdateLock, withLock } from './lock.js';
import type { MergeResult } from './merge.js';
import { type Migration, migrateAnswers, migrationsBetween } from './migrations.js';
import { planMerge } from './plan.js';
import { checkPreconditions, committedYoRc, downgradeError, missingBaseError } from './preconditions.js';
import { commitIdentity, findBase } from './pristine.js';
import { describePlan } from './report.js';
import { withSandbox } from './sandbox.js';
import { withoutOldPresetAnswers } from '../answers/presets.js';
import { variantChangeProblem } from '../answers/variants.js';
import { compareVersions, isAdopted } from './version.js';
import { YO_RC_FILE, type YoRcContent } from '../module-files/yo-rc.js';
import { storedRawAnswers } from './stored.js';

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
  /** Move the module to the template's layout (layout.ts) instead of holding those files back. */
  adoptLayout?: boolean;
  /** Where the report goes, line by line. */
  print: (text: string) => void;
  /** Today, YYYY-MM-DD (for modules that never recorded their creation date). */
  today?: string;
  /** Runs at each named step (tests stop or kill the update there); the CLI passes none. */
  onStep?: StepHook;
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

export async function update(request: UpdateRequest): Promise<UpdateOutcome> {
  const repo = await openRepo(request.cwd, 'update');
  return explainingFailures(repo, () => {
    if (request.dryRun) return updateIn(repo, request);
    const finishStale = (stale: LockContent) => finishInterrupted(repo, stale, request.print);
    return withLock(repo, 'update', finishStale, (lock) => updateIn(repo, request, lock));
  });
}

/** The update, under the lock unless it is a dry run. */
async function updateIn(repo: Repo, request: UpdateRequest, lock?: UpdateLock): Promise<UpdateOutcome> {
  const { onStep } = request;
  const branch = await checkPreconditions(repo, request.dryRun === true);
  const yoRc = await committedYoRc(repo, branch.head);
  const target = request.templates ?? loadTemplateSet();
  const from = yoRc.meta._template;
  const adopted = isAdopted(from);
  if (compareVersions(from, target.version) > 0) throw downgradeError(from, target.version);

  const migrations = migrationsBetween(adopted ? target.version : from, target.version);
  const { answers, previous, changed, added } = await updateAnswers(request, yoRc, migrations, basename(repo.dir));
  await onStep?.('answers');

  if (!adopted && from === target.version && changed.length === 0 && !request.adoptLayout) {
    request.print(`Already up to date: template ${target.version}, answers unchanged.`);
    return { status: 'up-to-date', from, to: target.version };
  }
  for (const q of request.asker ? [] : added) {
    request.print(
      `New question: ${externalKey(q.key)} = ${JSON.stringify(answers[q.key])} (change it with --set ${externalKey(q.key)}=...)`,
    );
  }
  if (changed.length > 0) request.print(`Changed answers: ${changed.map((q) => externalKey(q.key)).join(', ')}`);

  return withSandbox(repo, request.dryRun === true, async (work) => {
    const created = yoRc.meta._created || request.today || new Date().toISOString().slice(0, 10);
    const identity = await commitIdentity(work, answers);
    // A dry run's objects are thrown away: no signature (and no passphrase prompt) for them.
    const committer = request.dryRun ? { ...identity, sign: false } : identity;
    const rerender = () => {
      const set = [target, ...(request.baseTemplates ?? [])].find((t) => t.version === from);
      return set && renderModule({ answers: previous, created, generatorVersion: yoRc.meta._generator }, set);
    };
    const base = await findBase(work, {
      templateVersion: from,
      pristine: yoRc.meta._pristine,
      adopted,
      rerender,
      head: branch.head,
      committer,
    });
    if (!base) throw missingBaseError(from, yoRc);
    await onStep?.('base');
    const theirs = renderModule({ answers, created, generatorVersion: GENERATOR_VERSION }, target);
    const plan = await planMerge({
      repo: work,
      from,
      to: target,
      base,
      theirs,
      previous,
      answers,
      head: branch.head,
      committer,
      adoptLayout: request.adoptLayout,
      onStep,
    });
    request.print(describePlan(plan, { from, to: target.version, dryRun: request.dryRun === true, base: base.source }));
    if (request.dryRun || !lock) {
      const inTheWay = await untrackedInTheWay(work, plan);
      if (inTheWay.length > 0)
        request.print(inTheWayError(inTheWay).message.replace(/^The update would write/, 'The update would stop: it would write'));
      request.print(await work.text(['diff', '-M', process.stdout.isTTY ? '--color=always' : '--no-color', branch.head, plan.resultTree]));
      return { status: 'dry-run', from, to: target.version, merge: plan.merge };
    }
    const changedKeys = changed.map((q) => externalKey(q.key));
    return applyPlan(work, plan, { from, to: target.version, changed: changedKeys, committer, lock, branch, onStep, print: request.print });
  });
}

/**
 * The answers to render with (set > stored > asked or default), and those the module was
 * rendered from (stored, with new questions as answered now), to tell what changed.
 */
async function updateAnswers(request: UpdateRequest, yoRc: YoRcContent, migrations: Migration[], directoryName: string) {
  // A new framework (--set framework=...) decides again what the old one's preset decided.
  const stored = storedRawAnswers(migrateAnswers(yoRc.data, migrations));
  const context = { directoryName };
  const rederived = withoutStaleDerivedAnswers(
    withoutOldPresetAnswers(stored, request.set ?? {}) as RawAnswers,
    request.set ?? {},
    context,
  );
  let answers: Answers;
  try {
    answers = await resolveAnswers({
      layers: [request.set ?? {}, rederived],
      context,
      // Every question the stored answers leave open is new: ask them all, advanced or not.
      asker: request.asker && { ask: request.asker.ask.bind(request.asker), wantsAdvanced: async () => true },
    });
  } catch (error) {
    if (!(error instanceof InvalidAnswersError)) throw error;
    throw new UserError(
      error.message,
      `Give valid values with --set KEY=VALUE (${YO_RC_FILE} holds the stored answers). Nothing was changed.`,
    );
  }
  // When a stored value today's rules refuse was replaced with --set, what was set changed.
  let storedValid = true;
  // A question newer than the module was answered by its default then: one given with --set changes it.
  const setNew = new Set(Object.keys(request.set ?? {}).filter((key) => stored[key as AnswerKey] === undefined));
  const asAnsweredNow = Object.fromEntries(Object.entries(answers).filter(([key]) => !setNew.has(key))) as RawAnswers;
  const previous = await resolveAnswers({ layers: [stored, asAnsweredNow], context }).catch((error: unknown) => {
    if (!(error instanceof InvalidAnswersError)) throw error;
    storedValid = false;
    return answers;
  });
  const variantProblem = variantChangeProblem(previous.variant, answers.variant);
  if (variantProblem) {
    throw new UserError(
      `--set ${variantProblem}.`,
      `Create a new module with --variant ${answers.variant} and move your files into it. Nothing was changed.`,
    );
  }
  const differs = (q: Question) =>
    storedValid ? JSON.stringify(answers[q.key]) !== JSON.stringify(previous[q.key]) : request.set?.[q.key] !== undefined;
  return {
    answers,
    previous,
    changed: QUESTIONS.filter(differs),
    added: QUESTIONS.filter((q) => stored[q.key] === undefined && request.set?.[q.key] === undefined),
  };
}
