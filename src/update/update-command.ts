/** `ai4os-module update [--set key=value]... [--dry-run] [--yes] [--base-templates DIR]`. */
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { loadTemplateSet } from '../render/render.js';
import { commandArgs } from './args.js';
import { askerUnless, parseSetFlags } from './set-flags.js';
import { update } from './update.js';

const HELP = `Usage: ai4os-module update [DIRECTORY] [options]

Merge the current template into the module (by default the current directory): the
template's changes since the version the module records are merged into your files with
git, file by file. Your edits stay; where you and the template changed the same lines the
file gets conflict markers and stays unmerged in git. Ends with one commit, "Update module
boilerplate to <version>", or stops with the list of conflicts and how to finish.
Needs a clean working tree.

Options:
  --set KEY=VALUE          Change an answer (keys as in .yo-rc.json, e.g. --set gpu=1); repeatable
  --dry-run                Show what would change (a diff); write nothing
  -y, --yes                Ask nothing: new questions take their default
  --base-templates DIR     Templates of the version the module records, to render the base
                           from when the git history does not hold it (e.g. a shallow clone)
  -h, --help               Show this help

Exit: 0 updated or up to date, 1 stopped with conflicts, 2 cannot update (see message),
3 the module is newer than this tool.
`;

export async function main(argv: string[], cwd: string): Promise<number> {
  const args = commandArgs(argv, cwd, {
    command: 'update',
    help: HELP,
    options: {
      set: { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'base-templates': { type: 'string', multiple: true, default: [] },
    },
  });
  if (!args) return 0;
  const { values } = args;
  const outcome = await update({
    cwd: args.dir,
    set: parseSetFlags(values.set),
    asker: await askerUnless(values.yes === true),
    baseTemplates: values['base-templates'].map((dir) => loadBaseTemplates(resolve(cwd, dir))),
    dryRun: values['dry-run'] === true,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  return outcome.status === 'conflicts' ? 1 : 0;
}

function loadBaseTemplates(dir: string) {
  try {
    return loadTemplateSet(dir);
  } catch {
    throw new UserError(`${dir} is not a template directory (no readable template.json).`, 'Pass the templates/ directory of a create-ai4os-module package.');
  }
}
