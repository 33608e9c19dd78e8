/**
 * `create-ai4os-module` / `ai4os-module new`. This entry reads only the flags, so `--help`,
 * `--version` and a mistyped flag answer at once; the rest loads after (generate.ts).
 */
import { GENERATOR_VERSION } from '../paths.js';
import { createHelp, parseCreateArgs } from './args.js';

export async function main(argv: string[], cwd: string, command = 'ai4os-module new'): Promise<number> {
  const flags = parseCreateArgs(argv);
  if (flags.help) {
    process.stdout.write(createHelp(command));
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`${GENERATOR_VERSION}\n`);
    return 0;
  }
  const { generate } = await import('./generate.js');
  await generate(flags, cwd);
  return 0;
}
