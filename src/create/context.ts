import { basename, resolve } from 'node:path';
import type { RawAnswers } from '../answers/parse.js';
import type { DefaultsContext } from '../answers/questions.js';
import { configuredGitUser } from './git-user.js';

/**
 * Facts the defaults use. git's identity only suggests the first author, so git is not asked
 * when a layer (flags, answers file) already gives the authors.
 */
export async function defaultsContext(cwd: string, targetDir: string | undefined, layers: RawAnswers[] = []): Promise<DefaultsContext> {
  const authorsGiven = layers.some((layer) => layer.authors !== undefined);
  return {
    directoryName: targetDir ? basename(resolve(cwd, targetDir)) : '',
    gitUser: authorsGiven ? undefined : await configuredGitUser(cwd),
  };
}
