/** `ai4os-module adopt [DIRECTORY] [--author ...] [--set KEY=VALUE]... [--link] [--dry-run] [--yes]` (flags: src/cli/commands.ts). */
import { answersFromFlags } from '../create/args.js';
import { adopt } from './adopt.js';
import { askerUnless, parseSetFlags } from './set-flags.js';

export interface AdoptArgs {
  flags: { set: string[]; link: boolean; 'dry-run': boolean; yes: boolean };
  positionals: { dir: string };
  /** The answer flags, as for `new`. */
  more: Record<string, string | string[]>;
}

export async function main({ flags, positionals, more }: AdoptArgs): Promise<number> {
  await adopt({
    cwd: positionals.dir,
    set: { ...parseSetFlags(flags.set), ...answersFromFlags(more) },
    asker: await askerUnless(flags.yes),
    link: flags.link,
    dryRun: flags['dry-run'],
    print: (text) => process.stdout.write(`${text}\n`),
  });
  return 0;
}
