/**
 * Where a new module's files go, so that a module exists whole or not at all.
 *
 *  - A directory that does not exist yet, or is empty, is staged: the files and the git
 *    repository go into a hidden sibling, `.<name>.creating-<pid>`, moved into place at the
 *    end, by one rename (or, into an existing empty directory, entry by entry, `.yo-rc.json`
 *    last). A failure removes the sibling; one left by a killed run is removed by the next.
 *  - A non-empty directory (--force, or confirmed at the prompt) is written in place. What the
 *    run will overwrite is read first, so a failure removes the files it created and puts
 *    back those it overwrote; `.yo-rc.json` is written last (generators/app/commit.ts), so an
 *    interrupted run never leaves what `check` would take for a whole module.
 *
 * Nothing is written through a symbolic link (src/safe-write.ts): links in a non-empty
 * destination are refused before anything is written.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { UserError } from '../errors.js';
import type { RenderedFiles } from '../render/render.js';
import { unsafePathProblem } from '../safe-write.js';
import { isProcessAlive } from '../process-alive.js';

export interface Destination {
  /** Where the module appears. */
  target: string;
  /** Where its files are written now: the staging sibling, or the target itself. */
  writeDir: string;
  /** Written in place, into a directory that held files already. */
  inPlace: boolean;
  /** Put the finished module in place. */
  publish(): void;
  /** Undo everything this run wrote. */
  rollback(): void;
}

export function isNonEmptyDirectory(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

export function nonEmptyTargetError(cwd: string, dir: string): UserError {
  return new UserError(
    `The directory ${relative(cwd, dir) || '.'} is not empty.`,
    'Choose another directory, or pass --force to write into it.',
  );
}

export function prepareDestination(cwd: string, target: string, files: RenderedFiles): Destination {
  return isNonEmptyDirectory(target) ? inPlace(cwd, target, files) : staged(target);
}

function staged(target: string): Destination {
  const parent = dirname(target);
  const createdParent = mkdirSync(parent, { recursive: true });
  removeAbandonedStages(parent, basename(target));
  const writeDir = join(parent, `.${basename(target)}.creating-${process.pid}`);
  mkdirSync(writeDir);
  return {
    target,
    writeDir,
    inPlace: false,
    publish() {
      if (!existsSync(target)) {
        renameSync(writeDir, target);
        return;
      }
      const entries = readdirSync(writeDir).sort((a, b) => Number(a === '.yo-rc.json') - Number(b === '.yo-rc.json'));
      for (const entry of entries) renameSync(join(writeDir, entry), join(target, entry));
      rmdirSync(writeDir);
    },
    rollback() {
      rmSync(writeDir, { recursive: true, force: true });
      if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    },
  };
}

/** Staging directories of runs that were killed: their process is gone. */
function removeAbandonedStages(parent: string, name: string): void {
  const prefix = `.${name}.creating-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function inPlace(cwd: string, target: string, files: RenderedFiles): Destination {
  const problems = [...files.keys()].map((path) => unsafePathProblem(target, path)).filter((p) => p !== undefined);
  if (problems.length > 0) {
    const shown = relative(cwd, target) || '.';
    throw new UserError(
      [
        `Not written: in ${shown}, ${problems.length === 1 ? 'this path' : 'these paths'} would be written through or over something that is not a plain file:`,
        ...new Set(problems),
      ].join('\n  '),
      'create never writes through a symbolic link. Remove or rename what is named above, or choose another directory. Nothing was written.',
    );
  }
  // What is there now: files to put back, and the files and directories the run will create.
  const before = new Map<string, Buffer>();
  const createdDirs = new Set<string>();
  const hadGit = existsSync(join(target, '.git'));
  for (const path of files.keys()) {
    const full = join(target, path);
    if (existsSync(full)) before.set(full, readFileSync(full));
    for (let dir = dirname(full); dir !== target && !existsSync(dir); dir = dirname(dir)) createdDirs.add(dir);
  }
  return {
    target,
    writeDir: target,
    inPlace: true,
    publish() {},
    rollback() {
      for (const path of files.keys()) {
        const full = join(target, path);
        const old = before.get(full);
        if (old) writeFileSync(full, old);
        else if (isFile(full)) unlinkSync(full);
      }
      // Deepest first; a directory someone else put a file into meanwhile stays.
      for (const dir of [...createdDirs].sort((a, b) => b.length - a.length)) {
        try {
          rmdirSync(dir);
        } catch {}
      }
      if (!hadGit) rmSync(join(target, '.git'), { recursive: true, force: true });
    },
  };
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
