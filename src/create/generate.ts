/**
 * Creating a module: read the answers file, check a non-interactive run before Yeoman loads,
 * then run the Yeoman generator in-process through yeoman-environment (no global `yo`,
 * works as root).
 */
import { fileURLToPath } from 'node:url';
import { resolveAnswers } from '../answers/resolve.js';
import { readAnswersFile } from './answers-file.js';
import type { CreateFlags } from './args.js';
import { defaultsContext } from './context.js';
import { isNonEmptyDirectory, nonEmptyTargetError, targetDirectory } from './target.js';
import type { AppOptions } from '../../generators/app/index.js';

export const APP_NAMESPACE = 'ai4os-module:app';

export async function generate(flags: CreateFlags, cwd: string): Promise<void> {
  const layers = [flags.answers];
  if (flags.answersFile) layers.push(readAnswersFile(flags.answersFile));

  const options: Partial<AppOptions> = {
    targetDir: flags.targetDir,
    answerLayers: layers,
    interactive: !flags.yes && process.stdin.isTTY === true,
    git: flags.git,
    dryRun: flags.dryRun,
    force: flags.force,
  };
  // Yeoman takes a while to load: start now, while git is asked for the user's identity (if it is).
  const yeoman = loadYeoman();
  options.context = await defaultsContext(cwd, flags.targetDir, layers);
  if (!options.interactive) await preflight(cwd, options);
  await runGenerator(cwd, options, await yeoman);
}

function loadYeoman() {
  return Promise.all([import('yeoman-environment'), import('../../generators/app/index.js')]);
}

/**
 * A run without prompts is checked before Yeoman loads, so bad input fails fast, with only
 * its own message. The generator makes the same checks again for runs that do not come here.
 */
async function preflight(cwd: string, options: Partial<AppOptions>): Promise<void> {
  const answers = await resolveAnswers({ layers: options.answerLayers ?? [], context: options.context! });
  const dir = targetDirectory(cwd, options.targetDir, answers);
  if (!options.force && !options.dryRun && isNonEmptyDirectory(dir)) throw nonEmptyTargetError(cwd, dir);
}

async function runGenerator(
  cwd: string,
  options: Partial<AppOptions>,
  [{ EnvironmentBase }, { default: AppGenerator }]: Awaited<ReturnType<typeof loadYeoman>>,
): Promise<void> {
  // Yeoman logs to stderr; what it says here (files created, next steps, the dry-run list) is
  // this command's output, so it goes to stdout, and stderr carries only errors (run.ts).
  const env = new EnvironmentBase({ cwd, skipInstall: true, force: options.force, stdout: process.stdout, stderr: process.stdout });
  env.register(AppGenerator, { namespace: APP_NAMESPACE, resolved: fileURLToPath(import.meta.url) });
  const generator = await env.create(APP_NAMESPACE, { generatorOptions: { ...options, skipInstall: true } });
  await env.runGenerator(generator);
}
