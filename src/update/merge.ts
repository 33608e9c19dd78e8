/**
 * The 3-way merge of the template's change (base -> theirs) into the owner's files (ours),
 * file by file, as copier does it. Which side changed a file is read from object ids; where
 * both changed the text, `git merge-file` merges it and writes the standard conflict markers.
 * Our rules on top of git's merge, so that an update never undoes the owner's choices:
 *  - a file the owner deleted stays deleted, even if the template changed it;
 *  - a file the template drops is removed only if the owner did not change it;
 *  - a file only the owner has is never touched, even if the template now adds one there;
 *  - binary files, symlinks and submodules are never merged: the owner's version stays.
 * An owner's rename (found by git's rename detection) carries the template's change along.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Repo } from '../git.js';
import { type Entry, type Tree, isBinary, isRegularFile, readBlobs, sameEntry, withTempDir, writeBlobs } from './tree.js';

export type NoteKind =
  /** The owner deleted the file; the template changed it. It stays deleted. */
  | 'deleted-by-you'
  /** The template dropped the file; the owner changed it. It stays. */
  | 'dropped-by-template'
  /** The template now makes a file the owner already had. The owner's stays. */
  | 'your-file-kept'
  /** Both changed a binary file (or symlink, submodule). The owner's stays. */
  | 'binary-kept';

export interface Note {
  path: string;
  kind: NoteKind;
}

export interface Conflict {
  path: string;
  base?: Entry;
  ours?: Entry;
  theirs?: Entry;
}

export type ChangeKind = 'added' | 'removed' | 'updated' | 'merged' | 'conflict';

export interface MergeInput {
  base: Tree;
  ours: Tree;
  theirs: Tree;
  /** Renames by the owner since the base: new path -> old path (git diff -M). */
  renames?: ReadonlyMap<string, string>;
  /** The base is empty (an adopted module): files both have are merged with an empty base. */
  adopted?: boolean;
  /** Paths the merge leaves alone (the caller writes them). */
  skip?: ReadonlySet<string>;
  labels: { ours: string; base: string; theirs: string };
}

export interface MergeResult {
  tree: Tree;
  conflicts: Conflict[];
  notes: Note[];
  /** Paths whose text git merged (cleanly or not). */
  merged: Set<string>;
}

interface ContentJob {
  path: string;
  base?: Entry;
  ours: Entry;
  theirs: Entry;
}

/** The three versions of each path, with an owner's rename seen as the same file. */
function sides(input: MergeInput): Map<string, { b?: Entry; o?: Entry; t?: Entry; renamed: boolean }> {
  const { base, ours, theirs } = input;
  const all = new Map<string, { b?: Entry; o?: Entry; t?: Entry; renamed: boolean }>();
  const renamedFrom = new Set<string>();
  for (const [to, from] of input.renames ?? []) {
    if (base.has(to) || theirs.has(to) || !ours.has(to) || ours.has(from)) continue;
    all.set(to, { b: base.get(from), o: ours.get(to), t: theirs.get(from), renamed: true });
    renamedFrom.add(from);
  }
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    if (all.has(path) || input.skip?.has(path)) continue;
    // The original of a renamed file: the owner moved it, the template's change went along.
    if (renamedFrom.has(path) && !ours.has(path)) continue;
    all.set(path, { b: base.get(path), o: ours.get(path), t: theirs.get(path), renamed: false });
  }
  return all;
}

export async function mergeTrees(repo: Repo, input: MergeInput): Promise<MergeResult> {
  const tree: Tree = new Map();
  const notes: Note[] = [];
  const jobs: ContentJob[] = [];
  const keep = (path: string, entry: Entry | undefined) => {
    if (entry) tree.set(path, entry);
  };

  for (const [path, { b, o, t, renamed }] of sides(input)) {
    if (sameEntry(o, t) || sameEntry(b, t)) keep(path, o);
    else if (renamed && t === undefined) keep(path, o);
    else if (sameEntry(b, o)) keep(path, t);
    else if (o === undefined) notes.push({ path, kind: 'deleted-by-you' });
    else if (t === undefined) {
      keep(path, o);
      notes.push({ path, kind: 'dropped-by-template' });
    } else if (b === undefined && !input.adopted) {
      keep(path, o);
      notes.push({ path, kind: 'your-file-kept' });
    } else if (!isRegularFile(o) || !isRegularFile(t) || (b !== undefined && !isRegularFile(b))) {
      keep(path, o);
      notes.push({ path, kind: 'binary-kept' });
    } else {
      jobs.push({ path, base: b, ours: o, theirs: t });
    }
  }

  const conflicts = await mergeContents(repo, jobs, input.labels, tree, notes);
  return { tree, conflicts, notes, merged: new Set(jobs.map((j) => j.path)) };
}

/**
 * What the update changes in the owner's files: `before` is HEAD's tree (before migrations),
 * so a migrated file counts as changed too.
 */
export function describeChanges(before: Tree, result: MergeResult, skip: ReadonlySet<string>): Map<string, ChangeKind> {
  const changes = new Map<string, ChangeKind>();
  for (const path of new Set([...before.keys(), ...result.tree.keys()])) {
    const [was, is] = [before.get(path), result.tree.get(path)];
    if (skip.has(path) || sameEntry(was, is)) continue;
    changes.set(path, was === undefined ? 'added' : is === undefined ? 'removed' : result.merged.has(path) ? 'merged' : 'updated');
  }
  for (const conflict of result.conflicts) changes.set(conflict.path, 'conflict');
  return changes;
}

/** `git merge-file` for each file both sides changed; results and conflicts go into `tree`. */
async function mergeContents(repo: Repo, jobs: ContentJob[], labels: MergeInput['labels'], tree: Tree, notes: Note[]): Promise<Conflict[]> {
  if (jobs.length === 0) return [];
  const blobs = await readBlobs(
    repo,
    jobs.flatMap((j) => [j.ours.oid, j.theirs.oid, ...(j.base ? [j.base.oid] : [])]),
  );
  const text = jobs.filter((j) => ![j.ours, j.theirs, j.base].some((e) => e && isBinary(blobs.get(e.oid)!)));
  for (const job of jobs) {
    if (!text.includes(job)) {
      tree.set(job.path, job.ours);
      notes.push({ path: job.path, kind: 'binary-kept' });
    }
  }
  const merged = await withTempDir(async (dir) => {
    const empty = join(dir, 'empty');
    await writeFile(empty, '');
    return Promise.all(
      text.map(async (job, i) => {
        const file = (side: string, entry: Entry | undefined) => {
          if (!entry) return Promise.resolve(empty);
          const path = join(dir, `${i}.${side}`);
          return writeFile(path, blobs.get(entry.oid)!).then(() => path);
        };
        const [o, b, t] = await Promise.all([file('ours', job.ours), file('base', job.base), file('theirs', job.theirs)]);
        const { stdout, code } = await repo.run(['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs, o, b, t], {
          okCodes: Array.from({ length: 127 }, (_, n) => n + 1),
        });
        return { content: stdout, conflicted: code > 0 };
      }),
    );
  });
  const oids = await writeBlobs(
    repo,
    merged.map((m) => m.content),
  );
  const conflicts: Conflict[] = [];
  text.forEach((job, i) => {
    // An executable bit the owner set stays; otherwise the template's mode.
    const mode = job.base && job.ours.mode !== job.base.mode ? job.ours.mode : job.theirs.mode;
    tree.set(job.path, { mode, oid: oids[i]! });
    if (merged[i]!.conflicted) conflicts.push({ path: job.path, base: job.base, ours: job.ours, theirs: job.theirs });
  });
  return conflicts;
}
