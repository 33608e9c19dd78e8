/**
 * `adopt`: a module made by the ai4-template cookiecutter (2.x) or by hand gets the answers
 * it would have been created with, so `update` works on it from now on.
 *
 * Answers are inferred from its files (adopt-infer.ts), checked by the questions' own rules,
 * completed by --set, prompts or defaults, and committed in `.yo-rc.json`. What the first
 * update would do is shown before anything is written.
 *
 * The base of that first update: there is no template output the module was made from, so
 *  - by default the base is empty: files only the template has are added, files only the
 *    module has are left alone, and each file both have with different text is merged with
 *    an empty base, i.e. every differing region is a conflict for the owner to settle
 *    (`git checkout --ours FILE` keeps theirs whole). Nothing of theirs is lost unseen.
 *  - made by an official cookiecutter template (src/update/legacy/): that template's output
 *    for these answers is the base, so an untouched template file updates cleanly.
 *  - with --link the current template output becomes the base (as `cruft link` does): the
 *    module's files stay exactly as they are, and later updates bring only the template's
 *    changes after this version.
 */
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { GENERATOR_VERSION } from '../paths.js';
import { type RawAnswers, checkAnswer } from '../answers/parse.js';
import { type Answers, type Author, QUESTIONS, externalKey } from '../answers/questions.js';
import { type Asker, resolveAnswers } from '../answers/resolve.js';
import { type TemplateSet, loadTemplateSet, renderModule } from '../render/render.js';
import { EVIDENCE, inferAnswers } from './adopt-infer.js';
import { originUrl } from '../module-files/git-remote.js';
import { type Repo, openRepo } from '../git.js';
import { commitIdentity, commitPristine } from './pristine.js';
import { describePlan } from './report.js';
import { withSandbox } from './sandbox.js';
import { storedText, withPristine } from './stored.js';
import { readBlobs, readTree, writeBlobs, writeTree } from './tree.js';
import { commitOnto, finishInterrupted } from './apply.js';
import { withLock } from './lock.js';
import { type MergePlan, planMerge } from './plan.js';
import { checkPreconditions } from './preconditions.js';
import { ADOPTED_VERSION } from './version.js';
import { YO_RC_FILE } from '../module-files/yo-rc.js';
import { legacyBase } from './legacy/legacy-base.js';
import { treeOfFiles } from './tree.js';

export interface AdoptRequest {
  cwd: string;
  set?: RawAnswers;
  asker?: Asker;
  templates?: TemplateSet;
  dryRun?: boolean;
  /** Take the current template output as the base: nothing changes now, later changes merge. */
  link?: boolean;
  print: (text: string) => void;
  today?: string;
}

export interface AdoptOutcome {
  status: 'adopted' | 'linked' | 'dry-run';
  answers: Answers;
  /** What the first update would do (for the default, empty base). */
  plan?: MergePlan;
  commit?: string;
}

/** The files inference reads, as committed (regular files only: a symlink is not followed). */
async function headFiles(repo: Repo): Promise<Map<string, Buffer>> {
  const tree = await readTree(repo, 'HEAD');
  const present = [...EVIDENCE.keys()].filter((path) => tree.get(path)?.mode.startsWith('100'));
  const blobs = await readBlobs(
    repo,
    present.map((path) => tree.get(path)!.oid),
  );
  return new Map(present.map((path) => [path, blobs.get(tree.get(path)!.oid)!]));
}

/** An answer as the user would type it: authors as Name <email>, lists comma-separated. */
function shown(value: unknown): string {
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => (typeof item === 'object' && item ? `${(item as Author).name} <${(item as Author).email}>` : String(item)))
      .join(', ');
  }
  return JSON.stringify(value);
}

export async function adopt(request: AdoptRequest): Promise<AdoptOutcome> {
  const repo = await openRepo(request.cwd, 'adopt');
  const branch = await checkPreconditions(repo, request.dryRun === true);
  if (await repo.succeeds(['cat-file', '-e', `HEAD:${YO_RC_FILE}`])) {
    throw new UserError(
      `The module already has a ${YO_RC_FILE}: its answers are recorded.`,
      'Run ai4os-module update (or check). To adopt it again, remove .yo-rc.json in a commit first.',
    );
  }
  const files = await headFiles(repo);
  const inferred = inferAnswers((path) => files.get(path), await originUrl(repo));

  // Each inferred value must satisfy its question's rule; what does not is asked or defaulted.
  const usable: RawAnswers = {};
  const lines = ['Read from the module:'];
  const rejected: string[] = [];
  for (const q of QUESTIONS) {
    const raw = inferred.raw[q.key];
    if (raw === undefined) continue;
    const checked = checkAnswer(q, raw, {});
    if ('problem' in checked) rejected.push(`  ${externalKey(q.key)} (${inferred.sources[q.key]}): ${checked.problem}`);
    else {
      usable[q.key] = raw;
      lines.push(`  ${externalKey(q.key).padEnd(14)} ${shown(checked.value)}  (${inferred.sources[q.key]})`);
    }
  }
  if (rejected.length > 0) lines.push('Found but not usable (asked, or the default taken):', ...rejected);
  if (inferred.problems.length > 0)
    lines.push('Could not read (fix them and run again, or give the answers with --set):', ...inferred.problems.map((p) => `  ${p}`));
  request.print(lines.join('\n'));

  const answers = await resolveAnswers({
    layers: [request.set ?? {}, usable],
    context: { directoryName: basename(repo.dir) },
    asker: request.asker,
  });
  const guessed = QUESTIONS.filter((q) => usable[q.key] === undefined && request.set?.[q.key] === undefined);
  if (guessed.length > 0) {
    request.print(
      [
        `Not found in the module${request.asker ? ' (as answered)' : ' (defaults; change them with --set KEY=VALUE)'}:`,
        ...guessed.map((q) => `  ${externalKey(q.key).padEnd(14)} ${shown(answers[q.key])}`),
      ].join('\n'),
    );
  }

  const target = request.templates ?? loadTemplateSet();
  const created = inferred.created ?? request.today ?? new Date().toISOString().slice(0, 10);
  const theirs = renderModule({ answers, created, generatorVersion: GENERATOR_VERSION }, target);
  const identity = await commitIdentity(repo, answers);
  const outcome: AdoptOutcome = { status: 'dry-run', answers };
  // Made by an official cookiecutter template: its output for these answers is the base (src/update/legacy/).
  const legacy = request.link ? undefined : await legacyBase({ repo, head: branch.head, answers, created, theirs, print: request.print });

  if (!request.link) {
    outcome.plan = await withSandbox(repo, true, async (work) =>
      planMerge({
        repo: work,
        from: ADOPTED_VERSION,
        to: target,
        base: legacy ? { tree: await treeOfFiles(work, legacy.files), source: 'legacy' } : { tree: new Map(), source: 'adopted' },
        theirs,
        previous: answers,
        answers,
        head: branch.head,
        committer: { ...identity, sign: false },
      }),
    );
    const conflicts = outcome.plan.merge.conflicts.length;
    request.print(
      [
        `What \`ai4os-module update\` will do to bring template ${target.version} in:`,
        describePlan(outcome.plan, { from: 'none (adopted)', to: target.version, dryRun: true, base: legacy ? 'legacy' : 'adopted' })
          .split('\n')
          .slice(1)
          .join('\n'),
        conflicts > 0
          ? `${conflicts} files differ from the template's: the update leaves them in conflict for you to settle (or run adopt --link to keep them and take only later template changes).`
          : 'No file conflicts.',
      ].join('\n'),
    );
  }
  if (request.dryRun) return outcome;

  const tree = await readTree(repo, branch.head);
  let parents: string[] = [];
  let yoRc: string;
  let message: string;
  if (request.link) {
    const pristine = await commitPristine(repo, theirs, undefined, target.version, 'adopted module', identity);
    parents = [pristine.id];
    yoRc = withPristine(theirs.get(YO_RC_FILE)!, pristine.id);
    message = `Adopt the module at template ${target.version}: record its create-ai4os-module answers\n\nThe second parent holds the template output, the base of the next update; the files\nstay as they are.\n`;
  } else {
    const base =
      legacy && (await commitPristine(repo, legacy.files, undefined, ADOPTED_VERSION, `${legacy.template} ${legacy.version}`, identity));
    parents = base ? [base.id] : [];
    const meta = { _template: ADOPTED_VERSION, _generator: GENERATOR_VERSION, _created: created };
    yoRc = storedText(base ? { ...meta, _pristine: base.id } : meta, answers);
    message = `Adopt the module: record its create-ai4os-module answers\n\nThe next \`ai4os-module update\` merges template ${target.version} into it.\n`;
  }
  const [oid] = await writeBlobs(repo, [yoRc]);
  tree.set(YO_RC_FILE, { mode: '100644', oid: oid! });
  const treeId = await writeTree(repo, tree);
  const commit = await withLock(
    repo,
    'adopt',
    (stale) => finishInterrupted(repo, stale, request.print),
    (lock) => commitOnto(repo, { lock, branch, tree: treeId, otherParents: parents, message, committer: identity }),
  );
  request.print(
    request.link
      ? `Recorded the answers and template ${target.version} as the base (${commit.slice(0, 12)}). Your files are unchanged; ai4os-module update brings later template changes.`
      : `Recorded the answers in ${YO_RC_FILE} (${commit.slice(0, 12)}). Next: ai4os-module update --dry-run to see the full diff, then ai4os-module update.`,
  );
  return { ...outcome, status: request.link ? 'linked' : 'adopted', commit };
}
