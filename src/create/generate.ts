/**
 * Creating a module, in one direction: the answers (flags, answers file, prompts) are
 * resolved once, the target checked once and the files rendered, all before Yeoman loads;
 * the Yeoman generator (generators/app) then commits the files to disk (through its
 * conflicter where a file could collide); last come the git repository, moving the module into place, the next steps.
 * A failure at any step leaves no module behind (destination.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answers, DefaultsContext } from '../answers/questions.js';
import { resolveAnswers } from '../answers/resolve.js';
import type { ParentModule } from '../answers/variants.js';
import { GENERATOR_VERSION } from '../paths.js';
import { gitRemoteUrl } from '../render/links.js';
import { type RenderedFiles, loadTemplateSet, renderModule } from '../render/render.js';
import { pristineTrailer } from '../template-trailer.js';
import { UserError } from '../errors.js';
import { readAnswersFile } from './answers-file.js';
import type { CreateFlags } from './args.js';
import { type Destination, isNonEmptyDirectory, nonEmptyTargetError, prepareDestination } from './destination.js';
import { type GitProbe, commitIdentity, commitInto, commitNewModule, gitMissingError, probeGit, startRepository } from './git.js';
import { nextSteps } from './next-steps.js';

export const APP_NAMESPACE = 'ai4os-module:app';

/** Resolves to the exit code: 0, or that of a helper the user chose to run at the end. */
export async function generate(flags: CreateFlags, cwd: string): Promise<number> {
  const layers = [flags.answers];
  if (flags.answersFile) layers.push(readAnswersFile(flags.answersFile));
  const interactive = !flags.yes && process.stdin.isTTY === true;
  const useGit = flags.git && !flags.dryRun;
  const authorsGiven = layers.some((layer) => layer.authors !== undefined);
  // One git process, at once: whether git is there, and the user's identity (see git.ts).
  const probing = useGit || !authorsGiven ? probeGit(cwd) : undefined;
  const named = flags.targetDir === undefined ? undefined : resolve(cwd, flags.targetDir);
  const shown = (dir: string) => relative(cwd, dir) || '.';

  // Before any question: a person should not answer them all to learn it cannot work.
  if (interactive && useGit && !(await probing)!.installed) throw gitMissingError();
  if (named) await checkTarget(cwd, named, flags, interactive);
  const context: DefaultsContext = {
    directoryName: named ? basename(named) : '',
    gitUser: authorsGiven ? undefined : (await probing)!.user,
  };
  const asker = interactive ? (await import('../answers/prompt.js')).terminalAsker() : undefined;
  const answers = await resolveAnswers({ layers, context, asker, parentOf: parentDefaults });
  const target = named ?? resolve(cwd, answers.repoName);
  if (!named) await checkTarget(cwd, target, flags, interactive);

  const templates = loadTemplateSet();
  const files = renderModule({ answers, created: new Date().toISOString().slice(0, 10), generatorVersion: GENERATOR_VERSION }, templates);
  if (flags.dryRun) {
    process.stdout.write(`Would create ${files.size} files in ${shown(target)}:\n${[...files.keys()].map((p) => `  ${p}\n`).join('')}`);
    return 0;
  }
  if (interactive) await (await import('./confirm.js')).confirmCreation(answers, shown(target));
  const probe = useGit ? await probing! : undefined;
  if (probe && !probe.installed) throw gitMissingError();

  const yeoman = loadYeoman();
  const destination = prepareDestination(cwd, target, files);
  // A new module's repository is begun now, while Yeoman loads and writes the files.
  const started = probe && !destination.inPlace ? startRepository(destination.writeDir, gitRemoteUrl(answers)) : undefined;
  started?.catch(() => {});
  let git: string | undefined;
  try {
    await runGenerator(cwd, flags, destination, files, await yeoman);
    await started;
    git = probe ? await makeRepository(destination, answers, files, probe, templates.version) : undefined;
    destination.publish();
  } catch (error) {
    await started?.catch(() => {});
    destination.rollback();
    throw error;
  }
  process.stdout.write(nextSteps({ answers, dir: shown(target), git }));
  return interactive
    ? (await import('./hand-off.js')).offerHandOff(target, { hasRepository: git !== undefined, hasPackage: answers.variant !== 'child' })
    : 0;
}

/** A child's parent from the catalog, saying on stderr where its metadata came from, or why none did. */
async function parentDefaults(image: string): Promise<ParentModule | undefined> {
  const lookup = await (await import('../catalog/parent.js')).lookUpParent(image);
  if (lookup.found) {
    const title = lookup.found.title ? `: ${lookup.found.title}` : '';
    process.stderr.write(
      `Parent ${image}${title} (metadata from the ${lookup.from === 'catalog' ? "platform's catalog" : 'local copy of the catalog'}).\n`,
    );
  } else {
    process.stderr.write(`Note: ${image}: ${lookup.why}; its metadata gives no defaults.\n`);
  }
  return lookup.found;
}

/** A non-empty directory is written into only when the user says so (--force, or yes at the prompt). */
async function checkTarget(cwd: string, dir: string, flags: CreateFlags, interactive: boolean): Promise<void> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UserError(`${relative(cwd, dir) || '.'} exists and is not a directory.`, 'Choose another directory for the module.');
  }
  if (flags.force || flags.dryRun || !isNonEmptyDirectory(dir)) return;
  if (interactive) {
    const { confirm } = await import('@inquirer/prompts');
    const go = await confirm({ message: `${relative(cwd, dir) || '.'} is not empty. Write the module into it anyway?`, default: false });
    if (go) return;
  }
  throw nonEmptyTargetError(cwd, dir);
}

function loadYeoman() {
  // Yeoman's colours follow its own guess of the terminal; here they follow the convention:
  // FORCE_COLOR when set, else none when stdout is not a terminal or NO_COLOR is set.
  // Read once, as Yeoman's colour library loads.
  if (process.env.FORCE_COLOR === undefined && (!process.stdout.isTTY || (process.env.NO_COLOR ?? '') !== '')) {
    process.env.FORCE_COLOR = '0';
  }
  return Promise.all([import('yeoman-environment'), import('../../generators/app/index.js')]);
}

async function runGenerator(
  cwd: string,
  flags: CreateFlags,
  destination: Destination,
  files: RenderedFiles,
  [{ EnvironmentBase }, { default: AppGenerator }]: Awaited<ReturnType<typeof loadYeoman>>,
): Promise<void> {
  // Yeoman logs to stderr; what it says here (the files created) is this command's output,
  // so it goes to stdout, and stderr carries only errors (run.ts).
  const env = new EnvironmentBase({ cwd, skipInstall: true, force: flags.force, stdout: process.stdout, stderr: process.stdout });
  env.register(AppGenerator, { namespace: APP_NAMESPACE, resolved: fileURLToPath(import.meta.url) });
  const options = { files, target: destination.target, writeDir: destination.writeDir, staged: !destination.inPlace, skipInstall: true };
  const generator = await env.create(APP_NAMESPACE, { generatorOptions: options });
  await env.runGenerator(generator);
}

async function makeRepository(
  destination: Destination,
  answers: Answers,
  files: RenderedFiles,
  probe: GitProbe,
  templateVersion: string,
): Promise<string> {
  const commit = {
    dir: destination.writeDir,
    remote: gitRemoteUrl(answers),
    message: `Create ${answers.repoName} with create-ai4os-module ${GENERATOR_VERSION}`,
    trailer: pristineTrailer(templateVersion),
    identity: commitIdentity(probe, answers.authors[0]!),
  };
  if (!destination.inPlace) {
    await commitNewModule(commit);
    return `git: branch main, origin ${commit.remote}`;
  }
  // Files the user chose to keep at a conflict are not the template's: not committed.
  const written = [...files].filter(([path, text]) => readIfFile(destination.writeDir, path) === text).map(([path]) => path);
  if (written.length === 0) return 'git: no file of the template was written, nothing committed';
  return commitInto(commit, written, written.length === files.size);
}

function readIfFile(dir: string, path: string): string | undefined {
  try {
    return readFileSync(join(dir, path), 'utf8');
  } catch {
    return undefined;
  }
}
