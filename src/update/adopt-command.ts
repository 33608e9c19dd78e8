/** `ai4os-module adopt [DIRECTORY] [--set KEY=VALUE]... [--link] [--dry-run] [--yes]` (flags: src/cli/commands.ts). */
import { adopt } from './adopt.js';
import { askerUnless, parseSetFlags } from './set-flags.js';

export interface AdoptArgs {
  flags: { set: string[]; link: boolean; 'dry-run': boolean; yes: boolean };
  positionals: { dir: string };
}

export async function main({ flags, positionals }: AdoptArgs): Promise<number> {
  await adopt({
    cwd: positionals.dir,
    set: parseSetFlags(flags.set),
    asker: await askerUnless(flags.yes),
    link: flags.link,
    dryRun: flags['dry-run'],
    print: (text) => process.stdout.write(`${text}\n`),
  });
  return 0;
}
