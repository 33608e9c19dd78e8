/**
 * `adopt`: a module made by the ai4-template cookiecutter (2.x) or by hand gets the answers
 * it would have been created with, so `update` works on it from now on.
 *
 * Answers are inferred from its files and its git repository (adopt-infer.ts: each with its
 * source, checked by the questions' own rules), overridden by the answer flags of `new` (and
 * --set), completed by prompts or defaults, and committed in `.yo-rc.json`. What the first
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
import { type RawAnswers, parseValue } from '../answers/parse.js';
import { type AnswerKey, type Answers, type Author, type Question, QUESTIONS, externalKey } from '../answers/questions.js';
import { type Asker, resolveAnswers } from '../answers/resolve.js';
import { type TemplateSet, loadTemplateSet, renderModule } from '../render/render.js';
import { EVIDENCE, type Inferred, type RepositoryFacts, inferAnswers } from './adopt-infer.js';
import { locatePythonModule } from '../module-files/python-layout.js';
import { originUrl } from '../module-files/git-remote.js';
import { type Repo, openRepo } from '../git.js';
import { commitIdentity, commitPristine } from './pristine.js';
import { describePlan } from './report.js';
import { withSandbox } from './sandbox.js';
import { storedText, withPristine } from './stored.js';
import { readFiles, readTree, treeOfFiles, writeBlobs, writeTree } from './tree.js';
import { commitOnto, finishInterrupted } from './apply.js';
import { withLock } from './lock.js';
import { type MergePlan, planMerge } from './plan.js';
import { checkPreconditions } from './preconditions.js';
import { ADOPTED_VERSION } from './version.js';
import { YO_RC_FILE } from '../module-files/yo-rc.js';
import { legacyBase } from './legacy/legacy-base.js';

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
  /** What the module's files and repository said, with where. */
  inferred: Inferred;
  /** What the first update would do (for the default, empty base). */
  plan?: MergePlan;
  commit?: string;
}

/** The files inference reads, as committed (regular files only: a symlink is not followed). */
async function headFiles(repo: Repo): Promise<Map<string, Buffer>> {
  return readFiles(repo, await readTree(repo, 'HEAD'), EVIDENCE.keys());
}

/** What the repository itself says: its remote, first commit, authors, version tags, and where setuptools finds a module. */
async function repositoryFacts(repo: Repo): Promise<RepositoryFacts> {
  const log = await repo.text(['log', '--reverse', '--date=short', '--format=%ad%x00%aN%x00%aE', 'HEAD']);
  const commits = log
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\0') as [string, string, string]);
  const authors = new Map<string, Author>();
  for (const [, name, email] of commits) {
    // Bots commit too (dependabot, GitHub Actions); they are not authors of the module.
    if (/\[bot\]/.test(name) || /\[bot\]@/.test(email)) continue;
    if (!authors.has(email.toLowerCase())) authors.set(email.toLowerCase(), { name, email });
  }
  const tags = await repo.text(['tag', '--merged', 'HEAD', '--sort=-v:refname']);
  return {
    remoteUrl: await originUrl(repo),
    firstCommitDate: commits[0]?.[0],
    authors: [...authors.values()],
    versionTags: tags.split('\n').filter(Boolean),
    // The working tree is clean (checked above), so its files are the committed ones.
    locate: (dotted) => locatePythonModule(repo.dir, dotted),
  };
}

const WIDTH = 18;
/** Answers a child module's files never use: it has no Python package. */
const PACKAGE_ANSWERS: ReadonlySet<AnswerKey> = new Set(['packageName', 'distributionName', 'entryPointName', 'entryPointTarget']);

function describeInferred(inferred: Inferred): string {
  const lines = ['Read from the module:'];
  for (const q of QUESTIONS) {
    const raw = inferred.raw[q.key];
    if (raw !== undefined) lines.push(`  ${externalKey(q.key).padEnd(WIDTH)} ${shown(parsedValue(q, raw))}  (${inferred.sources[q.key]})`);
  }
  if (inferred.created) lines.push(`  ${'(dates.created)'.padEnd(WIDTH)} ${inferred.created.value}  (${inferred.created.source})`);
  if (inferred.rejected.length > 0) {
    lines.push(
      'Found but not usable:',
      ...inferred.rejected.map(
        (r) =>
          `  ${externalKey(r.key)} (${r.source}): ${r.problem}${inferred.raw[r.key] === undefined ? '' : ' (another source was taken)'}`,
      ),
    );
  }
  if (inferred.problems.length > 0)
    lines.push('Problems (fix them and run again, or give the answers as flags):', ...inferred.problems.map((p) => `  ${p}`));
  return lines.join('\n');
}

/** The answers neither read nor given: as answered at the prompt, or their defaults. */
function describeGuessed(answers: Answers, inferred: Inferred, request: AdoptRequest): string {
  const guessed = QUESTIONS.filter((q) => inferred.raw[q.key] === undefined && request.set?.[q.key] === undefined);
  const unused = answers.variant === 'child' ? guessed.filter((q) => PACKAGE_ANSWERS.has(q.key)) : [];
  const defaulted = guessed.filter((q) => !unused.includes(q));
  const row = (q: Question) => `  ${externalKey(q.key).padEnd(WIDTH)} ${shown(answers[q.key])}`;
  const lines: string[] = [];
  if (defaulted.length > 0) {
    lines.push(`Not found in the module${request.asker ? ' (as answered)' : ' (defaults; pass --<answer> VALUE to change one)'}:`);
    lines.push(...defaulted.map(row));
  }
  if (unused.length > 0) lines.push('Not used by a child module (no Python package of its own; recorded as defaults):', ...unused.map(row));
  return lines.join('\n');
}

function parsedValue(q: Question, raw: unknown): unknown {
  const parsed = parseValue(q, raw);
  return 'value' in parsed ? parsed.value : raw;
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
  const inferred = inferAnswers((path) => files.get(path), await repositoryFacts(repo));
  request.print(describeInferred(inferred));

  const answers = await resolveAnswers({
    layers: [request.set ?? {}, inferred.raw],
    context: { directoryName: basename(repo.dir) },
    asker: request.asker,
  });
  const guessed = describeGuessed(answers, inferred, request);
  if (guessed) request.print(guessed);

  const target = request.templates ?? loadTemplateSet();
  const created = inferred.created?.value ?? request.today ?? new Date().toISOString().slice(0, 10);
  const theirs = renderModule({ answers, created, generatorVersion: GENERATOR_VERSION }, target);
  const identity = await commitIdentity(repo, answers);
  const outcome: AdoptOutcome = { status: 'dry-run', answers, inferred };
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
