/**
 * Trees as maps from path to git object, read and written with git plumbing. The update
 * never builds a tree in the working tree: it reads and writes objects, and a private
 * index (GIT_INDEX_FILE) turns a map into a tree object.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Repo } from '../git.js';

export interface Entry {
  /** 100644, 100755, 120000 (symlink) or 160000 (submodule). */
  mode: string;
  oid: string;
}

/** Path (with `/`, from the top of the module) to its entry. */
export type Tree = Map<string, Entry>;

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export function sameEntry(a: Entry | undefined, b: Entry | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.mode === b.mode && a.oid === b.oid);
}

/** Regular files (not symlinks, not submodules) are the only entries whose text is merged. */
export function isRegularFile(entry: Entry): boolean {
  return entry.mode === '100644' || entry.mode === '100755';
}

export async function readTree(repo: Repo, treeish: string): Promise<Tree> {
  const tree: Tree = new Map();
  const out = (await repo.run(['ls-tree', '-r', '-z', '--full-tree', treeish])).stdout.toString('utf8');
  for (const record of out.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ') as [string, string, string];
    tree.set(record.slice(tab + 1), { mode, oid });
  }
  return tree;
}

/** Contents of blobs, by object id, in one `git cat-file --batch`. */
export async function readBlobs(repo: Repo, oids: Iterable<string>): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(oids)];
  const blobs = new Map<string, Buffer>();
  if (wanted.length === 0) return blobs;
  const out = (await repo.run(['cat-file', '--batch'], { input: `${wanted.join('\n')}\n` })).stdout;
  let at = 0;
  for (const oid of wanted) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!header.startsWith(oid) || !Number.isInteger(size)) throw new Error(`cat-file: unexpected "${header}" for ${oid}`);
    blobs.set(oid, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/** The regular files among `paths` in `tree`, by path: a symlink is not followed, a file over `maxBytes` is left out. */
export async function readFiles(repo: Repo, tree: Tree, paths: Iterable<string>, maxBytes = Infinity): Promise<Map<string, Buffer>> {
  const present = [...paths].flatMap((path) => {
    const entry = tree.get(path);
    return entry && isRegularFile(entry) ? [[path, entry.oid] as const] : [];
  });
  const blobs = await readBlobs(
    repo,
    present.map(([, oid]) => oid),
  );
  return new Map(present.map(([path, oid]) => [path, blobs.get(oid)!] as const).filter(([, blob]) => blob.length <= maxBytes));
}

/** A temporary directory removed after `use`, whatever happens. */
export async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ai4os-update-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Store contents as blobs, byte for byte (no filters: the bytes are already final). */
export async function writeBlobs(repo: Repo, contents: Array<string | Buffer>): Promise<string[]> {
  if (contents.length === 0) return [];
  return withTempDir(async (dir) => {
    const paths = contents.map((_, i) => join(dir, String(i)));
    await Promise.all(contents.map((content, i) => writeFile(paths[i]!, content)));
    const out = await repo.text(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: `${paths.join('\n')}\n` });
    return out.split('\n');
  });
}

/** One line of `git update-index -z --index-info`: mode, object, stage, path. */
export function indexInfoLine(entry: Entry, path: string, stage = 0): string {
  return `${entry.mode} ${entry.oid} ${stage}\t${path}\0`;
}

/** The tree object of a map, made through a private index. */
export async function writeTree(repo: Repo, tree: Tree): Promise<string> {
  if (tree.size === 0) return EMPTY_TREE;
  return withTempDir(async (dir) => {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    const input = [...tree].map(([path, entry]) => indexInfoLine(entry, path)).join('');
    await repo.run(['update-index', '-z', '--index-info'], { input, env });
    return repo.text(['write-tree'], { env });
  });
}

/** Text files to a tree map, all with mode 100644. */
export async function treeOfFiles(repo: Repo, files: ReadonlyMap<string, string | Buffer>): Promise<Tree> {
  const paths = [...files.keys()];
  const oids = await writeBlobs(
    repo,
    paths.map((p) => files.get(p)!),
  );
  return new Map(paths.map((path, i) => [path, { mode: '100644', oid: oids[i]! }]));
}

/** Git's own test for binary content: a NUL byte in the first 8000 bytes. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
