/** --help of every command and the list of commands, written from the table (commands.ts); loaded only to show them. */
import { COMMANDS } from './commands.js';
import { BUILT_IN_FLAGS } from './parse.js';
import { PROGRAM } from './run.js';
import type { Command, Flags, FlagSpec } from './spec.js';

/** `ai4os-module --help` and `ai4os-module help`. */
export function overviewHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -v, --version  Show the version',
    '',
    `Run \`${PROGRAM} <command> --help\` (or \`${PROGRAM} help <command>\`) for the options of a command.`,
    '',
  ].join('\n');
}

/** `<command> --help`; `invokedAs` is how the command was called (`ai4os-module new`, `npm create ai4os-module --`). */
export function commandHelp(command: Command, invokedAs: string, more: Flags = {}): string {
  const positionals = command.positionals.map((p) => {
    const name = p.variadic ? `${p.name} ...` : p.name;
    return p.required ? name : `[${name}]`;
  });
  const usage = [invokedAs, ...positionals, Object.keys(command.flags).length + Object.keys(more).length > 0 ? '[options]' : ''].filter(
    Boolean,
  );
  const sections = [
    `Usage: ${usage.join(' ')}`,
    '',
    command.description,
    '',
    'Options:',
    ...flagLines({ ...command.flags, ...BUILT_IN_FLAGS }),
  ];
  if (command.moreFlags && Object.keys(more).length > 0) sections.push('', `${command.moreFlags.heading}:`, ...flagLines(more));
  if (command.footer) sections.push('', command.footer);
  return `${sections.join('\n')}\n`;
}

function flagLines(flags: Flags): string[] {
  const entries = Object.entries(flags).map(([name, spec]) => [flagUsage(name, spec), flagHelp(spec)] as const);
  const width = Math.max(...entries.map(([usage]) => usage.length)) + 3;
  return entries.map(([usage, help]) => `  ${usage.padEnd(width)}${help}`);
}

function flagUsage(name: string, spec: FlagSpec): string {
  const long = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

function flagHelp(spec: FlagSpec): string {
  const values = spec.choices ?? spec.suggestions;
  const notes = [values?.join(', '), spec.default !== undefined && `default ${spec.default}`].filter(Boolean);
  return notes.length > 0 ? `${spec.help} (${notes.join('; ')})` : spec.help;
}
