/** The module's git repository: `main`, one commit, `origin` set. */
import { simpleGit } from 'simple-git';
import type { Author } from '../answers/questions.js';
import { configuredGitUser } from './git-user.js';

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
