/**
 * The Yeoman generator that creates a module. A thin shell: it gathers the answers
 * (src/answers), renders the files with the pure renderer (src/render) into Yeoman's
 * in-memory file system, lets Yeoman resolve conflicts and commit to disk, then creates
 * the git repository and prints the next steps.
 *
 * The prompt library and the git helpers are imported only when a run uses them: a
 * `--yes --no-git` run loads neither.
 */
import { join, relative, resolve } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { RawAnswers } from '../../src/answers/parse.js';
import type { Answers, DefaultsContext } from '../../src/answers/questions.js';
import { resolveAnswers } from '../../src/answers/resolve.js';
import { defaultsContext } from '../../src/create/context.js';
import { isNonEmptyDirectory, nonEmptyTargetError, targetDirectory } from '../../src/create/target.js';
import { GENERATOR_VERSION } from '../../src/paths.js';
import { type RenderedFiles, loadTemplateSet, renderModule } from '../../src/render/render.js';
import { pristineTrailer } from '../../src/update/pristine.js';
import { gitRemoteUrl } from '../../src/render/links.js';
import { nextSteps } from './next-steps.js';

export type AppOptions = BaseOptions & {
  /** Where the module goes; by default a directory named after the repository. */
  targetDir?: string;
  /** Raw answers by source, highest precedence first (flags, answers file). */
  answerLayers?: RawAnswers[];
  /** Ask in the terminal for what the layers leave open. */
  interactive?: boolean;
  /** Facts defaults may use (directory name, git identity); looked up when not given. */
  context?: DefaultsContext;
  /** Creation date, YYYY-MM-DD; today by default. */
  created?: string;
  git?: boolean;
  dryRun?: boolean;
  force?: boolean;
};

export default class AppGenerator extends Generator<Record<string, never>, AppOptions> {
  private answers!: Answers;
  private files!: RenderedFiles;

  constructor(args?: string[], options?: AppOptions) {
    // A module is a Python package: there is never an npm install to run or announce.
    super(args, options, { customInstallTask: true });
  }

  // Yeoman runs every public method as a task and reads every getter: helpers are #private.
  #target(): string {
    return targetDirectory(this.env.cwd, this.options.targetDir, this.answers);
  }

  async prompting(): Promise<void> {
    const named = this.options.targetDir;
    if (named) await this.#checkTarget(resolve(this.env.cwd, named));
    this.answers = await resolveAnswers({
      layers: this.options.answerLayers ?? [],
      context: this.options.context ?? (await defaultsContext(this.env.cwd, named, this.options.answerLayers)),
      asker: this.options.interactive ? (await import('../../src/answers/prompt.js')).terminalAsker() : undefined,
    });
    if (!named) await this.#checkTarget(this.#target());
  }

  /** A non-empty directory is written into only when the user says so. */
  async #checkTarget(dir: string): Promise<void> {
    if (!isNonEmptyDirectory(dir) || this.options.force || this.options.dryRun) return;
    if (this.options.interactive) {
      const shown = relative(this.env.cwd, dir) || '.';
      const { confirm } = await import('@inquirer/prompts');
      const go = await confirm({ message: `${shown} is not empty. Write the module into it anyway?`, default: false });
      if (go) return;
    }
    throw nonEmptyTargetError(this.env.cwd, dir);
  }

  writing(): void {
    this.files = renderModule({
      answers: this.answers,
      created: this.options.created ?? new Date().toISOString().slice(0, 10),
      generatorVersion: GENERATOR_VERSION,
    });
    if (this.options.dryRun) {
      const shown = relative(this.env.cwd, this.#target()) || '.';
      this.log(`Would create ${this.files.size} files in ${shown}:`);
      for (const path of this.files.keys()) this.log(`  ${path}`);
      return;
    }
    for (const [path, text] of this.files) this.fs.write(join(this.#target(), path), text);
  }

  async end(): Promise<void> {
    if (this.options.dryRun) return;
    const git = this.options.git !== false;
    if (git) {
      const { createRepository } = await import('../../src/create/git.js');
      await createRepository({
        dir: this.#target(),
        remote: gitRemoteUrl(this.answers),
        message: `Create ${this.answers.repoName} with create-ai4os-module ${GENERATOR_VERSION}`,
        fallbackIdentity: this.answers.authors[0]!,
        pristine: { paths: [...this.files.keys()], trailer: pristineTrailer(loadTemplateSet().version) },
      });
    }
    this.log(nextSteps({ answers: this.answers, dir: relative(this.env.cwd, this.#target()) || '.', git }));
  }
}
