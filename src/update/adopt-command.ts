/** `ai4os-module adopt [DIRECTORY] [--set KEY=VALUE]... [--link] [--dry-run] [--yes]`. */
import { adopt } from './adopt.js';
import { commandArgs } from './args.js';
import { askerUnless, parseSetFlags } from './set-flags.js';

const HELP = `Usage: ai4os-module adopt [DIRECTORY] [options]

Record the answers of a module made by the ai4-template cookiecutter (2.x) or by hand, so
ai4os-module update works on it. The answers are read from ai4-metadata.yml, pyproject.toml
or setup.cfg, VERSION, JenkinsConstants.groovy, the Dockerfile, LICENSE and the git remote;
what is not found is asked (in a terminal) or takes its default. Shows what the first update
would change, then commits .yo-rc.json. Needs a git repository with a clean working tree.

The first update then adds the template's new files, leaves your own files alone, and leaves
every file you both have, with different text, in conflict for you to settle.

Options:
  --set KEY=VALUE   Give an answer (keys as in .yo-rc.json, e.g. --set license=MIT); repeatable
  --link            Keep your files as they are and take template <current> as their base:
                    later updates bring only the template's changes after it
  --dry-run         Show the answers and what the update would change; write nothing
  -y, --yes         Ask nothing: what is not found takes its default
  -h, --help        Show this help
`;

export async function main(argv: string[], cwd: string): Promise<number> {
  const args = commandArgs(argv, cwd, {
    command: 'adopt',
    help: HELP,
    options: {
      set: { type: 'string', multiple: true, default: [] },
      link: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
    },
  });
  if (!args) return 0;
  const { values } = args;
  await adopt({
    cwd: args.dir,
    set: parseSetFlags(values.set),
    asker: await askerUnless(values.yes === true),
    link: values.link === true,
    dryRun: values['dry-run'] === true,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  return 0;
}
