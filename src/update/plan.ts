/**
 * The merge of an update, computed without touching the working tree: the template's new
 * output committed as a pristine commit, base and owner's files put in the new layout
 * (migrations, renamed package), merged per file, the result written as a tree object.
 */
import type { Answers } from '../answers/questions.js';
import type { RenderedFiles, TemplateSet } from '../render/render.js';
import type { StepHook } from './checkpoint.js';
import type { Committer } from './commit.js';
import type { Repo } from '../git.js';
import { type ChangeKind, type MergeResult, describeChanges, mergeTrees } from './merge.js';
import { type MigrationStep, migrationsBetween } from './migrations.js';
import { type Base, commitPristine } from './pristine.js';
import { migrateTree, moveInTree, nameMoves } from './reshape.js';
import { withPristine } from './stored.js';
import { type Tree, readBlobs, readFiles, readTree, writeBlobs, writeTree } from './tree.js';
import { YO_RC_FILE } from '../module-files/yo-rc.js';
import { MAX_PACKAGE_FILE_BYTES, type PackageMetadata } from '../module-files/package-metadata.js';
import { PYPROJECT } from '../module-files/pyproject.js';
import { locatePythonModule } from '../module-files/python-layout.js';
import { SETUP_CFG } from '../module-files/setup-cfg.js';
import { ADOPT_LAYOUT, type Held, deepaasEntryPoints, heldFiles, ownerPackage } from './layout.js';

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
  /** The commit merged into: the owner's files as HEAD was when the update read it. */
  head: string;
  committer: Committer;
  /** Take the template's layout (`update --adopt-layout`): add what would otherwise be held. */
  adoptLayout?: boolean;
  onStep?: StepHook;
}

export interface MergePlan {
  /** The commit the plan was made from; the branch moves only if it is still there. */
  head: string;
  merge: MergeResult;
  /** What the update changes in the owner's files (HEAD), by path. */
  changes: Map<string, ChangeKind>;
  pristine: string;
  resultTree: string;
  migrationsApplied: string[];
  /** Template files not added: the module is laid out its own way (layout.ts). */
  held: Held[];
  /** With --adopt-layout: what the owner's packaging declared, and the answers pyproject.toml is rendered from. */
  layoutMove?: { declared: PackageMetadata | undefined; answers: Answers };
}

/** From base, ours (HEAD) and theirs to the merged tree, writing only objects. */
export async function planMerge(input: MergePlanInput): Promise<MergePlan> {
  const { repo, from, to, base, theirs, previous, answers, committer, onStep } = input;
  // A legacy base is an adopted module's too: no migrations of ours apply, and a file it lacks is merged as adopted.
  const adopted = base.source === 'adopted' || base.source === 'legacy';
  const pristine = await commitPristine(repo, theirs, base.commit, to.version, 'update', committer);
  await onStep?.('pristine');

  const migrations: MigrationStep[] = adopted ? [] : migrationsBetween(from, to.version);
  if (input.adoptLayout && pristine.tree.has(PYPROJECT)) migrations.push(ADOPT_LAYOUT);
  const moves = nameMoves(to, previous, answers);
  const migratedBase = await migrateTree(repo, base.tree, migrations);
  const head = await readTree(repo, input.head);
  const migratedOurs = await migrateTree(repo, head, migrations);
  const baseTree = moveInTree(migratedBase.tree, moves);
  const oursTree = moveInTree(migratedOurs.tree, moves);
  // What the owner's packaging declares as HEAD has it; which files it has, in the new layout.
  const [declaredTexts, oursTexts] = await Promise.all([packagingTexts(repo, head), packagingTexts(repo, oursTree)]);
  const declared = ownerPackage((path) => declaredTexts.get(path));
  const held = heldFiles({
    ours: new Set(oursTree.keys()),
    base: new Set(baseTree.keys()),
    theirs: new Set(pristine.tree.keys()),
    packageName: answers.packageName,
    read: (path) => oursTexts.get(path),
    entryPoints: deepaasEntryPoints(declared),
    locate: (dotted) => locatePythonModule(repo.dir, dotted),
    adoptLayout: input.adoptLayout,
    adopted,
  });
  const skip = new Set([YO_RC_FILE]);
  const merge = await mergeTrees(repo, {
    base: without(baseTree, held),
    ours: oursTree,
    theirs: without(pristine.tree, held),
    renames: await ownerRenames(repo, baseTree, oursTree),
    adopted,
    skip,
    labels: {
      ours: 'yours',
      base: base.source === 'legacy' ? 'the cookiecutter template' : adopted ? 'nothing (adopted)' : `template ${from}`,
      theirs: `template ${to.version}`,
    },
  });
  await onStep?.('merged');

  const current = head.get(YO_RC_FILE);
  const currentText = current && (await readBlobs(repo, [current.oid])).get(current.oid)!.toString('utf8');
  const [yoRcOid] = await writeBlobs(repo, [withPristine(theirs.get(YO_RC_FILE)!, pristine.id, currentText)]);
  merge.tree.set(YO_RC_FILE, { mode: '100644', oid: yoRcOid! });
  const resultTree = await writeTree(repo, merge.tree);
  await onStep?.('result');
  const migrationsApplied = [...new Set([...migratedBase.applied, ...migratedOurs.applied])];
  return {
    head: input.head,
    merge,
    changes: describeChanges(head, merge, skip),
    pristine: pristine.id,
    resultTree,
    migrationsApplied,
    held,
    layoutMove: migrationsApplied.includes(ADOPT_LAYOUT.id) ? { declared, answers } : undefined,
  };
}

/** The owner's packaging files of a tree, by path (past the readers' limit, none we can read). */
async function packagingTexts(repo: Repo, tree: Tree): Promise<Map<string, string>> {
  const files = await readFiles(repo, tree, [PYPROJECT, SETUP_CFG], MAX_PACKAGE_FILE_BYTES);
  return new Map([...files].map(([path, blob]) => [path, blob.toString('utf8')]));
}

function without(tree: Tree, held: readonly Held[]): Tree {
  if (held.length === 0) return tree;
  const result: Tree = new Map(tree);
  for (const { path } of held) result.delete(path);
  return result;
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
