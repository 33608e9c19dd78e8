/**
 * Failures of the machine, not of this tool: a full disk, a stale `index.lock`, a folder it
 * may not write. The update has undone what it began when these reach here (apply.ts), so
 * each says what to do, not "this is a bug".
 */
import { tmpdir } from 'node:os';
import { UserError } from '../errors.js';
import { GitFailure, type Repo } from '../git.js';
import { indexLockError } from './preconditions.js';

export async function explainingFailures<T>(repo: Repo, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw environmentError(repo, error) ?? error;
  }
}

function environmentError(repo: Repo, error: unknown): UserError | undefined {
  if (error instanceof UserError) return undefined;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const stderr = error instanceof GitFailure ? error.stderr : '';
  // Git's checkout says only "unable to write file <path>" when write() fails, which on a
  // healthy disk is a full one (ENOSPC, EDQUOT): the errno is not in its message.
  if (
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    /No space left on device|Out of diskspace|Disk quota exceeded|^error: unable to write file /im.test(stderr)
  ) {
    return new UserError(
      `The disk is full (or over quota): no space left to write the update, in ${repo.dir} or in the temporary folder ${tmpdir()}.`,
      'Free some space, then run again. Nothing was changed: what the update had begun to write was put back.',
    );
  }
  if (/index\.lock': File exists/.test(stderr)) return indexLockError(repo);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || /Permission denied|Read-only file system/.test(stderr)) {
    const detail = error instanceof GitFailure ? stderr.trim().split('\n').pop() : (error as Error).message;
    return new UserError(
      `The update may not write in ${repo.dir}: ${detail}`,
      'Make the module (and its .git folder) writable for you, then run again. Nothing was changed.',
    );
  }
  return undefined;
}
