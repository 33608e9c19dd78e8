/**
 * The generator's commit to disk: Yeoman's conflicter decides each file (create, identical,
 * or ask/force for one that differs), then each file it lets through is written without
 * following symbolic links (src/safe-write.ts), into the directory the module is staged in.
 *
 * It replaces yeoman-environment's own commit, which also marks every `.yo-rc.json` as
 * forced (listing a new module's `.yo-rc.json` as `force`) and writes through links.
 * `.yo-rc.json` goes last, so a module with one has all its other files.
 */
import { Transform } from 'node:stream';
import { join, relative } from 'node:path';
import { createConflicterTransform } from '@yeoman/conflicter';
import { clearFileState, isFilePending, setCommittedFile } from 'mem-fs-editor/state';
import { writeFileNoFollow } from '../../src/safe-write.js';

export interface CommitPlace {
  /** Where the module appears: the paths in the in-memory file system are under it. */
  target: string;
  /** Where the files are written now (a staging directory, or the target itself). */
  writeDir: string;
}

type MemFsFile = { path: string; contents: Buffer | null; stat?: { mode?: number } | null };
/** The parts of yeoman-environment's EnvironmentBase the commit uses. */
type CommitEnvironment = {
  adapter: unknown;
  conflicterOptions?: Record<string, unknown>;
  sharedFs: { pipeline(options: { filter: (file: MemFsFile) => boolean }, ...transforms: Transform[]): Promise<void> };
};

export async function commitToDisk(env: CommitEnvironment, { target, writeDir }: CommitPlace): Promise<void> {
  const yoRc = join(target, '.yo-rc.json');
  for (const last of [false, true]) {
    await env.sharedFs.pipeline(
      { filter: (file) => isFilePending(file as never) && (file.path === yoRc) === last },
      createConflicterTransform(env.adapter as never, env.conflicterOptions as never) as unknown as Transform,
      writer(target, writeDir),
    );
  }
}

function writer(target: string, writeDir: string): Transform {
  return new Transform({
    objectMode: true,
    transform(file: MemFsFile, _encoding, done) {
      try {
        if (isFilePending(file as never) && file.contents) {
          setCommittedFile(file as never);
          writeFileNoFollow(writeDir, relative(target, file.path).split('\\').join('/'), file.contents, file.stat?.mode ?? undefined);
        }
        clearFileState(file as never);
        done(null, file);
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
