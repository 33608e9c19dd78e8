/** The module's git repository: `main`, one commit, `origin` set. */
import { simpleGit } from 'simple-git';
import type { Author } from '../answers/questions.js';

/** `user.name` and `user.email` from git's configuration, when both are set. */
export async function configuredGitUser(cwd: string): Promise<Author | undefined> {
  try {
    // One git process for both keys; git exits non-zero when neither is set.
    const listing = await simpleGit({ baseDir: cwd }).raw(['config', '--get-regexp', '^user\\.(name|email)$']);
    const value = (key: string) => new RegExp(`^user\\.${key} (.+)$`, 'm').exec(listing)?.[1]?.trim();
    const [name, email] = [value('name'), value('email')];
    return name && email ? { name, email } : undefined;
  } catch {
    return undefined;
  }
}

export interface InitialCommit {
  dir: string;
  remote: string;
  message: string;
  /** Who commits when git has no identity configured: the first author. */
  fallbackIdentity: Author;
  /**
   * The rendered files and the trailer that marks a commit holding exactly them: the base
   * of the first `ai4os-module update` (src/update/pristine.ts). Not added when the commit
   * holds other files too (a module created into a non-empty directory).
   */
  pristine?: { paths: string[]; trailer: string };
}

export async function createRepository({ dir, remote, message, fallbackIdentity, pristine }: InitialCommit): Promise<void> {
  const configured = await configuredGitUser(dir);
  const identity = configured
    ? []
    : [`user.name=${fallbackIdentity.name}`, `user.email=${fallbackIdentity.email}`];
  const git = simpleGit({ baseDir: dir, config: identity });
  await git.init(['--initial-branch=main']);
  await git.add('.');
  const committed = (await git.raw(['ls-files', '-z'])).split('\0').filter(Boolean);
  const onlyRendered = pristine && committed.length === pristine.paths.length && committed.every((p) => pristine.paths.includes(p));
  await git.commit(onlyRendered ? [message, pristine.trailer] : message);
  await git.addRemote('origin', remote);
}
