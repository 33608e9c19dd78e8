/** The common shape of check, update and adopt: options, an optional DIRECTORY, --help. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandArgs<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];
  /** The module's directory: DIRECTORY, or the working directory. */
  dir: string;
}

/** The parsed arguments, or undefined when --help was asked for (and shown). */
export function commandArgs<O extends Options>(
  argv: string[],
  cwd: string,
  { command, help, options }: { command: string; help: string; options: O },
): CommandArgs<O> | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    throw new UserError((error as Error).message, `See ai4os-module ${command} --help.`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(help);
    return undefined;
  }
  if (parsed.positionals.length > 1) {
    throw new UserError(`Expected one directory, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  }
  return { values: parsed.values as CommandArgs<O>['values'], dir: resolve(cwd, parsed.positionals[0] ?? '.') };
}
