/**
 * The user's git identity, a default for the module's first author. Read as a creation
 * starts, while Yeoman loads, so with one plain `git config` process rather than by loading
 * simple-git too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Author } from '../answers/questions.js';

/** `user.name` and `user.email` from git's configuration, when both are set. */
export async function configuredGitUser(cwd: string): Promise<Author | undefined> {
  try {
    // One git process for both keys; git exits non-zero when neither is set.
    const { stdout } = await promisify(execFile)('git', ['config', '--get-regexp', '^user\\.(name|email)$'], { cwd });
    const value = (key: string) => new RegExp(`^user\\.${key} (.+)$`, 'm').exec(stdout)?.[1]?.trim();
    const [name, email] = [value('name'), value('email')];
    return name && email ? { name, email } : undefined;
  } catch {
    return undefined;
  }
}
