/**
 * Writing files under a root directory without ever following a symbolic link: a link in the
 * destination (`.github` -> a folder elsewhere, `README.md` -> a file elsewhere) would put
 * files outside it. Every writer of module files goes through here.
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why `relPath` (with `/`) under `root` cannot be written as a plain file: a component is a
 * link, or is not what the path needs (a file where a directory is, a FIFO or a device).
 * Undefined when it can (missing components are created).
 */
export function unsafePathProblem(root: string, relPath: string): string | undefined {
  const parts = relPath.split('/');
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    const shown = parts.slice(0, i + 1).join('/');
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (stat.isSymbolicLink()) return `${shown} is a symbolic link (to ${readlinkSync(current)})`;
    const last = i === parts.length - 1;
    if (!last && !stat.isDirectory()) return `${shown} is not a directory`;
    if (last && !stat.isFile()) return `${shown} is not a regular file`;
  }
  return undefined;
}

/** Write `contents` to `root/relPath`, creating directories, refusing any link below `root`. */
export function writeFileNoFollow(root: string, relPath: string, contents: string | Uint8Array, mode = 0o666): void {
  const problem = unsafePathProblem(root, relPath);
  if (problem) throw new Error(`Refusing to write ${relPath}: ${problem}`);
  const parts = relPath.split('/');
  // The root is the destination the user named: it may be a link, and may not exist yet.
  mkdirSync(root, { recursive: true });
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // O_NOFOLLOW: should a link appear at the file itself after the check, open fails (ELOOP).
  const fd = openSync(join(root, relPath), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
  try {
    writeFileSync(fd, contents);
  } finally {
    closeSync(fd);
  }
}
