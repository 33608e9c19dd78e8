/** `ai4os-module check [DIRECTORY] [--format text|json]` (flags: src/cli/commands.ts). */
import { CHECK_EXIT, checkModule, describeCheck } from './check.js';

export interface CheckArgs {
  flags: { format: 'text' | 'json' };
  positionals: { dir: string };
}

export async function main({ flags, positionals }: CheckArgs): Promise<number> {
  const result = checkModule(positionals.dir);
  process.stdout.write(flags.format === 'json' ? `${JSON.stringify(result)}\n` : `${describeCheck(result)}\n`);
  return CHECK_EXIT[result.status];
}
