#!/usr/bin/env node
/** The helper CLI: `ai4os-module <command> [...]`. */
import { GENERATOR_VERSION } from '../paths.js';
import { closestChoice } from '../closest.js';
import { UserError } from '../errors.js';
import { COMMANDS } from './commands.js';
import { runCommand } from './run.js';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  return [
    'Usage: ai4os-module <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Run `ai4os-module <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

await runCommand(async ([name, ...rest]) => {
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${GENERATOR_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const close = closestChoice(name, Object.keys(COMMANDS));
    throw new UserError(`Unknown command "${name}".`, close ? `Did you mean "${close}"? See --help.` : 'See --help.');
  }
  const { main } = await command.load();
  return main(rest, process.cwd());
}, process.argv.slice(2));
