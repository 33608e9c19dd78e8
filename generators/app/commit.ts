/**
 * The generator's commit to disk. Into a directory that may hold files, Yeoman's conflicter
 * decides each file (create, identical, or ask/force for one that differs); into a staging
 * directory this run has just made, nothing can collide, so each file is written at once
 * and logged as the conflicter would (`create <path>`), without loading it. Every file is
 * written without following symbolic links (src/safe-write.ts).
 *
 * It replaces yeoman-environment's own commit, which also marks every `.yo-rc.json` as
 * forced (listing a new module's `.yo-rc.json` as `force`) and writes through links.
 * `.yo-rc.json` goes last, so a module with one has all its other files.
 */
import { Transform } from 'node:stream';
import { join, relative } from 'node:path';
import { clearFileState, isFilePending, setCommittedFile } from 'mem-fs-editor/state';
import { NoFollowWriter } from '../../src/safe-write.js';

export interface CommitPlace {
  /** Where the module appears: the paths in the in-memory file system are under it. */
  target: string;
  /** Where the files are written now (a staging directory, or the target itself). */
  writeDir: string;
  /** The write directory is a staging directory this run created, still empty. */
  staged: boolean;
}

type MemFsFile = { path: string; contents: Buffer | null; stat?: { mode?: number } | null };
/** The parts of yeoman-environment's EnvironmentBase the commit uses. */
type CommitEnvironment = {
  adapter: { log: { create(path: string): unknown } };
  logCwd: string;
  conflicterOptions?: Record<string, unknown>;
  sharedFs: {
    all(): MemFsFile[];
    pipeline(options: { filter: (file: MemFsFile) => boolean }, ...transforms: Transform[]): Promise<void>;
  };
};

export async function commitToDisk(env: CommitEnvironment, place: CommitPlace): Promise<void> {
  const yoRc = join(place.target, '.yo-rc.json');
  const pending = (last: boolean) => (file: MemFsFile) => isFilePending(file as never) && (file.path === yoRc) === last;
  const write = writer(place);
  for (const last of [false, true]) {
    if (place.staged) {
      for (const file of env.sharedFs.all().filter(pending(last))) {
        write(file);
        env.adapter.log.create(relative(env.logCwd, file.path));
      }
      continue;
    }
    const { createConflicterTransform } = await import('@yeoman/conflicter');
    await env.sharedFs.pipeline(
      { filter: pending(last) },
      createConflicterTransform(env.adapter as never, env.conflicterOptions as never) as unknown as Transform,
      new Transform({
        objectMode: true,
        transform(file: MemFsFile, _encoding, done) {
          try {
            write(file);
            done(null, file);
          } catch (error) {
            done(error as Error);
          }
        },
      }),
    );
  }
}

/** Writes a file the conflicter let through (or any, when staged) to the write directory. */
function writer({ target, writeDir }: CommitPlace): (file: MemFsFile) => void {
  const files = new NoFollowWriter(writeDir);
  return (file) => {
    if (isFilePending(file as never) && file.contents) {
      setCommittedFile(file as never);
      files.write(relative(target, file.path).split('\\').join('/'), file.contents, file.stat?.mode ?? undefined);
    }
    clearFileState(file as never);
  };
}
