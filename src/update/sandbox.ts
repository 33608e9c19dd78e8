/**
 * A dry run writes nothing into the repository, not even objects: git is pointed at a
 * temporary object directory, with the repository's own objects as an alternate to read.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { Repo } from '../git.js';
import { withTempDir } from './tree.js';

export async function withSandbox<T>(repo: Repo, enabled: boolean, use: (repo: Repo) => Promise<T>): Promise<T> {
  if (!enabled) return use(repo);
  const objects = await repo.text(['rev-parse', '--git-path', 'objects']);
  const own = isAbsolute(objects) ? objects : resolve(repo.dir, objects);
  return withTempDir((dir) => use(repo.with({ GIT_OBJECT_DIRECTORY: join(dir), GIT_ALTERNATE_OBJECT_DIRECTORIES: own })));
}
