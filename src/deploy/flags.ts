/**
 * Flags declared once, as data: the parser configuration and the help text both come from
 * the same object, so a flag cannot be parsed without being documented (or the reverse).
 */
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';

export interface Flag {
  type: 'string' | 'boolean';
  help: string;
  /** Shown in the help; also the value when the flag is absent. */
  default?: string | boolean;
  /** The value's name in the help, e.g. DIR. */
  arg?: string;
  short?: string;
  multiple?: boolean;
}

export type Flags = Record<string, Flag>;

type Value<F extends Flag> = F['multiple'] extends true
  ? F['type'] extends 'string' ? string[] : boolean[]
  : F['type'] extends 'string' ? string : boolean;

export type Values<F extends Flags> = { [K in keyof F]: F[K] extends { default: string | boolean } ? Value<F[K]> : Value<F[K]> | undefined };

export function helpLines(flags: Flags): string[] {
  const heads = Object.entries(flags).map(([name, f]) => `${f.short ? `-${f.short}, ` : ''}--${name}${f.type === 'string' ? ` ${f.arg ?? 'VALUE'}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return Object.values(flags).map((f, i) => `  ${heads[i]!.padEnd(width)}${f.help}${f.default !== undefined && f.default !== false ? ` (default: ${String(f.default)})` : ''}`);
}

/** Parsed flags and positionals; a flag the command does not know is a UserError naming it. */
export function parseFlags<F extends Flags>(argv: string[], flags: F, command: string): { values: Values<F>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [name, { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError((error as Error).message, `See ai4os-module ${command} --help.`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(flags)) values[name] = (parsed.values as Record<string, unknown>)[name] ?? f.default;
  return { values: values as Values<F>, positionals: parsed.positionals };
}

/** A flag's value as a whole number within a range, or a UserError naming the flag. */
export function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name} ${value}: must be a whole number from ${min} to ${max}.`);
  return n;
}
