import { basename, resolve } from 'node:path';
import type { DefaultsContext } from '../answers/questions.js';
import { configuredGitUser } from './git-user.js';

export async function defaultsContext(cwd: string, targetDir: string | undefined): Promise<DefaultsContext> {
  return {
    directoryName: targetDir ? basename(resolve(cwd, targetDir)) : '',
    gitUser: await configuredGitUser(cwd),
  };
}
