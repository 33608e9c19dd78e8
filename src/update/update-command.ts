/** `ai4os-module update [DIRECTORY] [--set key=value]... [--dry-run] [--yes] [--base-templates DIR] [--adopt-layout]` (flags: src/cli/commands.ts). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { loadTemplateSet } from '../render/render.js';
import { askerUnless, parseSetFlags } from './set-flags.js';
import { update } from './update.js';
import { YO_RC_FILE } from '../module-files/yo-rc.js';

export interface UpdateArgs {
  flags: { set: string[]; 'dry-run': boolean; yes: boolean; 'base-templates': string[]; 'adopt-layout': boolean };
  positionals: { dir: string };
  cwd: string;
}

export async function main({ flags, positionals, cwd }: UpdateArgs): Promise<number> {
  refuseNonModule(positionals.dir);
  const outcome = await update({
    cwd: positionals.dir,
    set: parseSetFlags(flags.set),
    asker: await askerUnless(flags.yes),
    baseTemplates: flags['base-templates'].map((dir) => loadBaseTemplates(resolve(cwd, dir))),
    dryRun: flags['dry-run'],
    adoptLayout: flags['adopt-layout'],
    print: (text) => process.stdout.write(`${text}\n`),
  });
  return outcome.status === 'conflicts' ? 1 : 0;
}

/**
 * A folder with no `.yo-rc.json` outside any git repository is no module at all (an empty
 * folder, a typo): say so, rather than how to put it under git.
 */
function refuseNonModule(dir: string): void {
  if (existsSync(join(dir, YO_RC_FILE))) return;
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return;
    if (dirname(at) === at) break;
  }
  throw new UserError(
    `${dir} is not a module made by create-ai4os-module: it has no ${YO_RC_FILE} and is not in a git repository.`,
    'Create a module with `ai4os-module new`. For a module made by the ai4-template cookiecutter or by hand: put it under git, then run `ai4os-module adopt`.',
  );
}

function loadBaseTemplates(dir: string) {
  try {
    return loadTemplateSet(dir);
  } catch {
    throw new UserError(
      `${dir} is not a template directory (no readable template.json).`,
      'Pass the templates/ directory of a create-ai4os-module package.',
    );
  }
}
