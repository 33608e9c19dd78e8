/**
 * A marketplace catalog as git holds it: `.gitmodules` with one `[submodule]` per module
 * and a gitlink for each. Read and changed in a private bare repository in a temporary
 * directory (never the module's), with git's own config parser and index.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFailure, Repo } from '../git.js';
import { UserError } from '../errors.js';
import { redact } from '../http.js';
import { listRemote, remoteAdvice } from './remote.js';

export interface CatalogEntry {
  /** The name in `[submodule "<name>"]`. */
  name: string;
  path?: string;
  url?: string;
  branch?: string;
}

/** What a catalog branch holds. */
export interface CatalogSnapshot {
  branch: string;
  commit: string;
  entries: CatalogEntry[];
}

/** The entry a module gets: `git submodule add -b <branch> <url> <name>` would write the same. */
export interface WantedEntry {
  name: string;
  url: string;
  branch: string;
  /** The module commit the gitlink records. */
  commit: string;
}

export type AddOutcome =
  | { kind: 'listed'; snapshot: CatalogSnapshot; entry: CatalogEntry }
  | { kind: 'unchanged'; branch: string; commit: string }
  | { kind: 'pushed'; branch: string; commit: string };

export function sameRepositoryUrl(a: string | undefined, b: string | undefined): boolean {
  const norm = (url: string) =>
    url
      .trim()
      .replace(/^git@([^:]+):/, 'https://$1/')
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .toLowerCase();
  return a !== undefined && b !== undefined && norm(a) === norm(b);
}

export function findEntry(entries: CatalogEntry[], name: string, url: string): CatalogEntry | undefined {
  return entries.find((entry) => sameRepositoryUrl(entry.url, url)) ?? entries.find((entry) => entry.path === name || entry.name === name);
}

/** A throw-away bare repository for reading and building catalog commits; `close()` removes it. */
export class CatalogWorkspace {
  private constructor(
    readonly repo: Repo,
    private readonly tokenEnvNames: string,
  ) {}

  static async open(gitEnv: Record<string, string>, tokenEnvNames: string): Promise<CatalogWorkspace> {
    const dir = await mkdtemp(join(tmpdir(), 'ai4os-catalog-'));
    const repo = new Repo(dir, dir, gitEnv);
    await repo.run(['init', '--bare', '--quiet']);
    return new CatalogWorkspace(repo, tokenEnvNames);
  }

  async close(): Promise<void> {
    await rm(this.repo.dir, { recursive: true, force: true });
  }

  /** The default branch of the catalog at `url` and its `.gitmodules`. */
  async defaultBranch(url: string): Promise<CatalogSnapshot> {
    let head: string;
    try {
      head = await this.repo.text(['ls-remote', '--symref', url, 'HEAD']);
    } catch (error) {
      if (!(error instanceof GitFailure)) throw error;
      const probe = await listRemote(this.repo, url);
      const problem = probe.ok ? 'other' : probe.problem;
      throw new UserError(
        `Cannot read the catalog ${url}:\n${probe.ok ? redact(error.stderr.trim()) : probe.detail}`,
        remoteAdvice(problem, url, this.tokenEnvNames),
        1,
      );
    }
    const branch = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(head)?.[1];
    if (!branch)
      throw new UserError(
        `The catalog ${url} has no default branch (is it empty?).`,
        'Name a catalog repository with at least one commit.',
        1,
      );
    return this.snapshot(url, branch, 'refs/catalog/base');
  }

  /** The branch `branch` of `url`, or undefined when it does not exist there. */
  async branch(url: string, branch: string): Promise<CatalogSnapshot | undefined> {
    const refs = await listRemote(this.repo, url);
    if (!refs.ok) throw new UserError(`Cannot read ${url}:\n${refs.detail}`, remoteAdvice(refs.problem, url, this.tokenEnvNames), 1);
    if (!refs.refs.has(`refs/heads/${branch}`)) return undefined;
    return this.snapshot(url, branch, 'refs/catalog/branch');
  }

  private async snapshot(url: string, branch: string, ref: string): Promise<CatalogSnapshot> {
    await this.repo.run(['fetch', '--quiet', '--no-tags', '--depth=1', url, `+refs/heads/${branch}:${ref}`]);
    const commit = await this.repo.text(['rev-parse', `${ref}^{commit}`]);
    return { branch, commit, entries: await this.entries(commit) };
  }

  async entries(commit: string): Promise<CatalogEntry[]> {
    if (!(await this.repo.succeeds(['cat-file', '-e', `${commit}:.gitmodules`]))) return [];
    const out = await this.repo.text(['config', '--blob', `${commit}:.gitmodules`, '--null', '--list']);
    const entries = new Map<string, CatalogEntry>();
    for (const item of out.split('\0').filter(Boolean)) {
      const newline = item.indexOf('\n');
      const key = item.slice(0, newline);
      const value = item.slice(newline + 1);
      const match = /^submodule\.(.+)\.(path|url|branch)$/.exec(key);
      if (!match) continue;
      const [, name, field] = match as unknown as [string, string, 'path' | 'url' | 'branch'];
      const entry = entries.get(name) ?? { name };
      entry[field] = value;
      entries.set(name, entry);
    }
    return [...entries.values()];
  }

  /** The commit `git ls-tree` records for `path` (a gitlink), if any. */
  async gitlink(commit: string, path: string): Promise<string | undefined> {
    const line = await this.repo.text(['ls-tree', commit, '--', path]);
    return /^160000 commit ([0-9a-f]+)\t/.exec(line)?.[1];
  }

  /** A commit on top of `parent` whose `.gitmodules` has `wanted` and whose tree has its gitlink. */
  async commitEntry(parent: string, wanted: WantedEntry, message: string): Promise<string> {
    const file = join(this.repo.dir, 'gitmodules.work');
    const existing = (await this.repo.succeeds(['cat-file', '-e', `${parent}:.gitmodules`]))
      ? (await this.repo.run(['show', `${parent}:.gitmodules`])).stdout
      : '';
    await writeFile(file, existing);
    const section = `submodule.${wanted.name}`;
    for (const [field, value] of [
      ['path', wanted.name],
      ['url', wanted.url],
      ['branch', wanted.branch],
    ] as const) {
      await this.repo.run(['config', '--file', file, `${section}.${field}`, value]);
    }
    const blob = await this.repo.text(['hash-object', '-w', file]);
    const index = { GIT_INDEX_FILE: join(this.repo.dir, 'catalog.index') };
    await this.repo.run(['read-tree', parent], { env: index });
    await this.repo.run(['update-index', '--add', '--cacheinfo', `100644,${blob},.gitmodules`], { env: index });
    await this.repo.run(['update-index', '--add', '--cacheinfo', `160000,${wanted.commit},${wanted.name}`], { env: index });
    const tree = await this.repo.text(['write-tree'], { env: index });
    return this.repo.text(['commit-tree', tree, '-p', parent, '-m', message]);
  }

  /**
   * Makes branch `branch` of `target` hold `wanted`, on top of the catalog's default branch
   * (or of the branch as a previous run left it). Nothing is pushed when it already does.
   */
  async addEntry(
    source: string,
    target: string,
    branch: string,
    wanted: WantedEntry,
    message: string,
    dryRun: boolean,
  ): Promise<AddOutcome> {
    const base = await this.defaultBranch(source);
    const listed = findEntry(base.entries, wanted.name, wanted.url);
    if (listed) return { kind: 'listed', snapshot: base, entry: listed };
    const previous = await this.branch(target, branch);
    if (previous) {
      const entry = previous.entries.find((e) => e.name === wanted.name);
      const holds = entry?.path === wanted.name && sameRepositoryUrl(entry.url, wanted.url) && entry.branch === wanted.branch;
      if (holds && (await this.gitlink(previous.commit, wanted.name)) === wanted.commit)
        return { kind: 'unchanged', branch, commit: previous.commit };
    }
    const commit = await this.commitEntry(previous?.commit ?? base.commit, wanted, message);
    if (!dryRun) {
      try {
        await this.repo.run(['push', '--quiet', target, `${commit}:refs/heads/${branch}`]);
      } catch (error) {
        if (!(error instanceof GitFailure)) throw error;
        const refs = await listRemote(this.repo, target);
        throw new UserError(
          `Could not push the branch ${branch} to ${target}:\n${redact(error.stderr.trim())}`,
          remoteAdvice(refs.ok ? 'rejected' : refs.problem, target, this.tokenEnvNames),
          1,
        );
      }
    }
    return { kind: 'pushed', branch, commit };
  }
}
