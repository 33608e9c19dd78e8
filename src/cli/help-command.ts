/** `ai4os-module help [COMMAND]`: the same text as `ai4os-module COMMAND --help`. */
import { commandHelp, overviewHelp } from './help.js';
import { commandNamed, PROGRAM } from './run.js';

export async function main({ positionals }: { positionals: { command: string | undefined } }): Promise<number> {
  if (positionals.command === undefined) {
    process.stdout.write(overviewHelp());
    return 0;
  }
  const command = commandNamed(positionals.command);
  process.stdout.write(commandHelp(command, `${PROGRAM} ${command.name}`, command.moreFlags ? await command.moreFlags.load() : {}));
  return 0;
}
