/**
 * The module's git repository, through the one git wrapper (src/git.ts) and as few git
 * processes as the work needs: `init`, `add`, `commit` (git's own, so the user's hooks,
 * signing and configuration apply) and `remote add`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Author } from '../answers/questions.js';
import { UserError } from '../errors.js';
import { GitFailure, Repo } from '../git.js';

export interface GitProbe {
  installed: boolean;
  /** `user.name` and `user.email` from git's configuration, when both are set. */
  user?: Author;
}

/**
 * One `git config` process, started as a creation starts: it tells whether git is on PATH
 * and who the user is (the default first author, and who commits).
 */
export async function probeGit(cwd: string): Promise<GitProbe> {
  try {
    // Exit 1: neither key is set.
    const { stdout } = await new Repo(cwd, '').run(['config', '--get-regexp', '^user\\.(name|email)$'], { okCodes: [1] });
    const text = stdout.toString('utf8');
    const value = (key: string) => new RegExp(`^user\\.${key} (.+)$`, 'm').exec(text)?.[1]?.trim();
    const [name, email] = [value('name'), value('email')];
    return { installed: true, user: name && email ? { name, email } : undefined };
  } catch (error) {
    if (error instanceof UserError) return { installed: false };
    if (error instanceof GitFailure) return { installed: true };
    throw error;
  }
}

export function gitMissingError(): UserError {
  return new UserError(
    'git is not installed or not on PATH; the module is created as a git repository.',
    'Install git (https://git-scm.com) and run again, or pass --no-git. Nothing was written.',
  );
}

/** Who commits when git has no identity configured: the first author, in git's environment variables. */
export function commitIdentity(probe: GitProbe, fallback: Author): Record<string, string> {
  if (probe.user) return {};
  const env: Record<string, string> = {};
  const set = (key: string, value: string) => {
    if (process.env[key] === undefined) env[key] = value;
  };
  set('GIT_AUTHOR_NAME', fallback.name);
  set('GIT_AUTHOR_EMAIL', fallback.email);
  set('GIT_COMMITTER_NAME', fallback.name);
  set('GIT_COMMITTER_EMAIL', fallback.email);
  return env;
}

export interface ModuleCommit {
  dir: string;
  remote: string;
  /** Subject line of the commit. */
  message: string;
  /** Marks a commit that holds exactly the template output (src/template-trailer.ts). */
  trailer: string;
  identity: Record<string, string>;
}

/**
 * A new module's repository, begun in its empty staging directory while the files are still
 * being written (git and Node each have a core): `main`, `origin` set.
 */
export async function startRepository(dir: string, remote: string): Promise<void> {
  const repo = new Repo(dir, join(dir, '.git'));
  await step(repo, ['init', '-q', '--initial-branch=main']);
  await step(repo, ['remote', 'add', 'origin', remote]);
}

/** Then, with every file written (and all of them the template's): one commit of them all. */
export async function commitNewModule({ dir, message, trailer, identity }: ModuleCommit): Promise<void> {
  const repo = new Repo(dir, join(dir, '.git'));
  await step(repo, ['add', '-A']);
  await step(repo, ['commit', '-q', '-F', '-'], { input: `${message}\n\n${trailer}\n`, env: identity });
}

/**
 * A module written into a directory that held files already: only the files this run wrote
 * are added and committed, so the user's own files and unfinished work (an `.env`, staged or
 * modified files) stay as they were; an existing `origin` is kept. Returns what was done.
 */
export async function commitInto(
  { dir, remote, message, trailer, identity }: ModuleCommit,
  written: string[],
  everyFileOurs: boolean,
): Promise<string> {
  const repo = new Repo(dir, join(dir, '.git'));
  const existing = existsSync(join(dir, '.git'));
  if (!existing) await step(repo, ['init', '-q', '--initial-branch=main']);
  const pathspec = { input: `${written.map((p) => `:(literal)${p}`).join('\0')}\0` };
  await step(repo, ['add', '--pathspec-from-file=-', '--pathspec-file-nul'], pathspec);
  // The commit holds the template output alone only in a repository made now, with every rendered file written.
  const text = !existing && everyFileOurs ? `${message}\n\n${trailer}` : message;
  const committed = await step(repo, ['commit', '--only', '-m', text, '--pathspec-from-file=-', '--pathspec-file-nul'], {
    ...pathspec,
    env: identity,
  });
  const branch = /^\[(.+?)(?: \(root-commit\))? [0-9a-f]+\]/.exec(committed.stdout.toString('utf8'))?.[1] ?? 'HEAD';
  const added = await step(repo, ['remote', 'add', 'origin', remote], { okCodes: [3] });
  const origin = added.code === 3 ? `kept origin ${await repo.text(['remote', 'get-url', 'origin'])}` : `origin ${remote}`;
  const where = existing ? 'in the existing repository' : 'in a new repository';
  return `git: ${where}, committed the ${written.length} files written on branch ${branch}, ${origin}; other files and changes are not committed`;
}

/** A git step that fails (a hook refuses, a lock is held) is the user's to fix, with git's own words. */
async function step(repo: Repo, args: string[], options?: Parameters<Repo['run']>[1]) {
  try {
    return await repo.run(args, options);
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    throw new UserError(`git ${args[0]} failed in ${repo.dir}:\n${error.stderr.trim()}`, 'Fix what git says and run again.', 1);
  }
}
