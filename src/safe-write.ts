/**
 * Writing files under a root directory without ever following a symbolic link: a link in the
 * destination (`.github` -> a folder elsewhere, `README.md` -> a file elsewhere) would put
 * files outside it. Every writer of module files goes through here.
 */
import { type Stats, closeSync, constants, lstatSync, mkdirSync, openSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why `relPath` (with `/`) under `root` cannot be written as a plain file: a component is a
 * link, or is not what the path needs (a file where a directory is, a FIFO or a device).
 * Undefined when it can (missing components are created).
 */
export function unsafePathProblem(root: string, relPath: string): string | undefined {
  const parts = relPath.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const shown = parts.slice(0, i).join('/');
    const path = join(root, shown);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
    const problem = problemOf(stat, path, shown, i === parts.length);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Writes files under `root`, creating directories, refusing any link below `root`. It keeps
 * the directories it has made or checked, so each is looked at once however many files it holds.
 */
export class NoFollowWriter {
  /** Directories under the root (with `/`, '' for the root) known to be real directories. */
  readonly #dirs = new Set<string>();

  constructor(readonly root: string) {}

  write(relPath: string, contents: string | Uint8Array, mode = 0o666): void {
    const parts = relPath.split('/');
    // The root is the destination the user named: it may be a link, and may not exist yet.
    if (!this.#dirs.has('')) mkdirSync(this.root, { recursive: true });
    this.#dirs.add('');
    for (let i = 1; i < parts.length; i++) this.#directory(relPath, parts.slice(0, i).join('/'));
    const path = join(this.root, relPath);
    const problem = problemOf(lstatSync(path, { throwIfNoEntry: false }), path, relPath, true);
    if (problem) throw refusal(relPath, problem);
    // O_NOFOLLOW: should a link appear at the file itself after the check, open fails (ELOOP).
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
    try {
      writeFileSync(fd, contents);
    } finally {
      closeSync(fd);
    }
  }

  #directory(relPath: string, dir: string): void {
    if (this.#dirs.has(dir)) return;
    const path = join(this.root, dir);
    let stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) {
      try {
        mkdirSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      stat = lstatSync(path);
    }
    const problem = problemOf(stat, path, dir, false);
    if (problem) throw refusal(relPath, problem);
    this.#dirs.add(dir);
  }
}

function problemOf(stat: Stats | undefined, path: string, shown: string, last: boolean): string | undefined {
  if (stat === undefined) return undefined;
  if (stat.isSymbolicLink()) return `${shown} is a symbolic link (to ${readlinkSync(path)})`;
  if (!last && !stat.isDirectory()) return `${shown} is not a directory`;
  if (last && !stat.isFile()) return `${shown} is not a regular file`;
  return undefined;
}

const refusal = (relPath: string, problem: string) => new Error(`Refusing to write ${relPath}: ${problem}`);
