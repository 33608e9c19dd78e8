/**
 * `create-ai4os-module` / `ai4os-module new` (flags: src/cli/commands.ts). This entry reads
 * only the flags, so --version answers at once; the rest loads after (generate.ts).
 */
import { GENERATOR_VERSION } from '../paths.js';
import { answersFromFlags } from './args.js';

export interface NewArgs {
  flags: {
    yes: boolean;
    answers: string | undefined;
    'no-git': boolean;
    force: boolean;
    'dry-run': boolean;
    version: boolean;
    list: boolean;
  };
  positionals: { dir: string | undefined };
  more: Record<string, string | string[] | boolean>;
  cwd: string;
}

export async function main({ flags, positionals, more, cwd }: NewArgs): Promise<number> {
  if (flags.version) {
    process.stdout.write(`${GENERATOR_VERSION}\n`);
    return 0;
  }
  if (flags.list) {
    process.stdout.write((await import('./list.js')).variantsAndPresets());
    return 0;
  }
  if (!flags.yes && process.stdin.isTTY !== true) {
    process.stderr.write(
      'Standard input is not a terminal, so nothing is asked: every answer not given takes its default (--yes says so and hides this note).\n',
    );
  }
  const { generate } = await import('./generate.js');
  return generate(
    {
      targetDir: positionals.dir,
      answers: answersFromFlags(more),
      yes: flags.yes,
      answersFile: flags.answers,
      git: !flags['no-git'],
      force: flags.force,
      dryRun: flags['dry-run'],
      help: false,
      version: false,
    },
    cwd,
  );
}
