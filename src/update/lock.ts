/**
 * One update (or adopt) at a time per working tree: a lock file in the git directory,
 * created atomically (a complete file hard-linked into place, so it never exists half
 * written), holding the pid, the host and, once the update starts to write, the move it
 * makes (branch, old and new commit). A second run finds it and refuses while that process
 * lives. A lock whose process is dead is the trace of an interrupted update: the caller gets
 * its content to finish the recorded move, or to say how (apply.ts), and only then is it
 * removed.
 * The branch itself moves by compare-and-swap (apply.ts), so even two runs that both took a
 * stale lock at the same instant cannot both move it.
 */
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Repo } from '../git.js';
import { isProcessAlive } from '../process-alive.js';

export const LOCK_FILE = 'ai4os-module.lock';

/** The branch move an update is about to make: `ref` from `old` to `new`. */
export interface Move {
  ref: string;
  old: string;
  new: string;
}

export interface LockContent {
  pid: number;
  host: string;
  command: string;
  started: string;
  move?: Move;
}

export class UpdateLock {
  constructor(
    readonly path: string,
    private content: LockContent,
  ) {}

  /** Record the move before the first write, so an interruption can be finished. */
  async recordMove(move: Move): Promise<void> {
    this.content = { ...this.content, move };
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, serialise(this.content));
    await rename(temp, this.path);
  }

  async release(): Promise<void> {
    const holder = parse(await readFile(this.path, 'utf8').catch(() => ''));
    if (holder?.pid === this.content.pid && holder.started === this.content.started) await unlink(this.path);
  }
}

function serialise(content: LockContent): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}

function parse(text: string): LockContent | undefined {
  try {
    const value = JSON.parse(text) as LockContent;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `text` was put at `path` (false: something is there already). */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text);
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
  // A file system without hard links: O_EXCL, with a moment where the file is still empty.
  try {
    await writeFile(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Remove the lock at `path` only if it still holds `text` (it was not taken meanwhile). */
async function removeIfUnchanged(path: string, text: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readFile(aside, 'utf8')) !== text) await link(aside, path).catch(() => {});
  await unlink(aside);
}

function heldError(path: string, holder: LockContent | undefined): UserError {
  if (!holder) {
    return new UserError(
      `${path} exists, but does not say which process holds it.`,
      'If no ai4os-module update or adopt is running in this module, remove it and run again. Nothing was changed.',
    );
  }
  const who = `ai4os-module ${holder.command} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.started})`;
  return new UserError(
    `Another ${who} is running in this module: one at a time.`,
    holder.host === hostname()
      ? `Wait for it to finish, then run again. Nothing was changed. (If pid ${holder.pid} is no ai4os-module, the run that made the lock died and its pid was reused: remove ${path}.)`
      : `Wait for it to finish. If no such process runs on ${holder.host}, remove ${path} and run again. Nothing was changed.`,
  );
}

/**
 * Run `use` holding the lock. A lock left by a dead process goes to `finishStale` first,
 * which finishes its recorded move, or throws saying how to (the lock then stays).
 */
export async function withLock<T>(
  repo: Repo,
  command: string,
  finishStale: (stale: LockContent) => Promise<void>,
  use: (lock: UpdateLock) => Promise<T>,
): Promise<T> {
  const path = join(repo.gitDir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), command, started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path, serialise(mine))) {
      const lock = new UpdateLock(path, mine);
      try {
        return await use(lock);
      } finally {
        await lock.release();
      }
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile
    const holder = parse(text);
    if (!holder || holder.host !== hostname() || isProcessAlive(holder.pid)) throw heldError(path, holder);
    await finishStale(holder);
    await removeIfUnchanged(path, text);
  }
  throw heldError(path, parse(await readFile(path, 'utf8').catch(() => '')));
}
