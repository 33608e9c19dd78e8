/**
 * Before the merge, the old template output (base) and the owner's files (ours) are put in
 * the new layout: file migrations, and the moves a changed repository or package name
 * implies (`--set package-name=...`). Both sides get the same treatment, so the merge sees
 * only the owner's edits on one side and the template's on the other.
 */
import type { Answers } from '../answers/questions.js';
import { type TemplateSet, outputPath } from '../render/template-set.js';
import type { Repo } from '../git.js';
import type { MigrationStep } from './migrations.js';
import { type Tree, isBinary, readBlobs, writeBlobs } from './tree.js';

/** Apply file migrations in order; returns the new tree and the ids of those that changed it. */
export async function migrateTree(
  repo: Repo,
  tree: Tree,
  migrations: readonly MigrationStep[],
): Promise<{ tree: Tree; applied: string[] }> {
  const result: Tree = new Map(tree);
  /** Texts written by earlier migrations, not yet stored as blobs. */
  const pending = new Map<string, string>();
  const applied: string[] = [];
  for (const migration of migrations) {
    if (!migration.files || !migration.reads) continue;
    const stored = migration.reads.filter((p) => !pending.has(p) && result.has(p));
    const blobs = await readBlobs(
      repo,
      stored.map((p) => result.get(p)!.oid),
    );
    // A migration edits text; a binary file at one of its paths is the owner's business.
    if (stored.some((p) => isBinary(blobs.get(result.get(p)!.oid)!))) continue;
    const texts: Record<string, string | undefined> = {};
    for (const path of migration.reads) {
      if (pending.has(path)) texts[path] = pending.get(path);
      else if (result.has(path)) texts[path] = blobs.get(result.get(path)!.oid)!.toString('utf8');
    }
    const changes = migration.files(texts);
    if (Object.keys(changes).length === 0) continue;
    applied.push(migration.id);
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) {
        result.delete(path);
        pending.delete(path);
      } else {
        pending.set(path, text);
        if (!result.has(path)) result.set(path, { mode: '100644', oid: '' });
      }
    }
  }
  const paths = [...pending.keys()];
  const oids = await writeBlobs(
    repo,
    paths.map((p) => pending.get(p)!),
  );
  for (const [i, path] of paths.entries()) result.set(path, { mode: result.get(path)!.mode, oid: oids[i]! });
  return { tree: result, applied };
}

export interface Move {
  from: string;
  to: string;
  /** A directory: every path under it moves. */
  directory: boolean;
}

type Names = Pick<Answers, 'packageName' | 'repoName'>;

/**
 * Where the template's files move when the repository or package name changes: a directory
 * named after the package moves whole (with the owner's own files in it), a file named after
 * the repository moves alone.
 */
export function nameMoves(templates: TemplateSet, before: Names, after: Names): Move[] {
  if (before.packageName === after.packageName && before.repoName === after.repoName) return [];
  const moves = new Map<string, Move>();
  for (const { template: templatePath } of templates.files) {
    const from = outputPath(templatePath, before).split('/');
    const to = outputPath(templatePath, after).split('/');
    const at = from.findIndex((part, i) => part !== to[i]);
    if (at < 0) continue;
    const directory = at < from.length - 1;
    const move = { from: from.slice(0, at + 1).join('/'), to: to.slice(0, at + 1).join('/'), directory };
    moves.set(move.from, move);
  }
  return [...moves.values()];
}

/** Apply moves to a tree; a move onto a path that exists is skipped (nothing is overwritten). */
export function moveInTree(tree: Tree, moves: readonly Move[]): Tree {
  const result: Tree = new Map(tree);
  for (const move of moves) {
    const prefix = `${move.from}/`;
    for (const [path, entry] of tree) {
      let target: string | undefined;
      if (move.directory && path.startsWith(prefix)) target = `${move.to}/${path.slice(prefix.length)}`;
      else if (!move.directory && path === move.from) target = move.to;
      if (target === undefined || result.has(target)) continue;
      result.delete(path);
      result.set(target, entry);
    }
  }
  return result;
}
