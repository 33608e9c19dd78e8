/**
 * The Yeoman generator that creates a module, a thin shell: it is given the rendered files
 * (src/create/generate.ts resolved the answers and rendered them), puts them into Yeoman's
 * in-memory file system, and commits them to disk, through Yeoman's conflicter wherever a
 * file could collide (commit.ts). The git repository and the next steps are src/create's, after it.
 */
import { join, resolve } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { RenderedFiles } from '../../src/render/render.js';
import { commitToDisk } from './commit.js';

export type AppOptions = BaseOptions & {
  /** The module's files, path (with `/`) to text. */
  files?: RenderedFiles;
  /** Where the module appears (relative to the working directory, or absolute); the working directory by default. */
  target?: string;
  /** Where the files are written now; the target by default. */
  writeDir?: string;
  /** The write directory is a staging directory just made: no file there to conflict with. */
  staged?: boolean;
};

export default class AppGenerator extends Generator<Record<string, never>, AppOptions> {
  constructor(args?: string[], options?: AppOptions) {
    // A module is a Python package: there is never an npm install to run or announce. One
    // instance per run, known by its namespace (Yeoman would draw a random id, loading crypto).
    super(args, options, {
      uniqueBy: options?.namespace,
      customInstallTask: true,
      customCommitTask: () =>
        commitToDisk(this.env as never, {
          target: this.#target(),
          writeDir: this.options.writeDir ?? this.#target(),
          staged: this.options.staged === true,
        }),
    });
  }

  // Yeoman runs every public method as a task: helpers are #private.
  #target(): string {
    return resolve(this.env.cwd, this.options.target ?? '.');
  }

  writing(): void {
    for (const [path, text] of this.options.files ?? []) this.fs.write(join(this.#target(), path), text);
  }
}
