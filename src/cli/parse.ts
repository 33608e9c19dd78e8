/**
 * The one command-line parser: argv to the typed values a command's table entry declares.
 * Every command gets the same rules and the same words for what is wrong (each with a
 * did-you-mean where one is close): unknown flags, a missing value, a value given to a
 * boolean, a value outside the choices, too many or too few arguments. `--` ends the flags.
 * Parsing goes on past a problem, so every problem is known and the other values (such as
 * `--format json`, which decides how errors are printed) still are.
 */
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { closestChoice } from '../closest.js';
import { UserError } from '../errors.js';
import type { Command, Flags, FlagSpec, PositionalSpec } from './spec.js';

/** Every command takes these, besides its own flags. */
export const BUILT_IN_FLAGS = {
  help: { type: 'boolean', short: 'h', help: 'Show this help' },
} as const satisfies Flags;

export interface ParsedLine {
  flags: Record<string, unknown>;
  positionals: Record<string, unknown>;
  /** Values of the command's moreFlags. */
  more: Record<string, string | string[] | boolean>;
  help: boolean;
  /** What is wrong, one sentence each; empty when the line is fine. */
  problems: string[];
}

/** All flags a command takes, its own first, then the loaded ones, then --help. */
export function allFlags(command: Pick<Command, 'flags'>, more: Flags = {}): Flags {
  return { ...command.flags, ...more, ...BUILT_IN_FLAGS };
}

export function parseLine(command: Pick<Command, 'flags' | 'positionals'>, argv: readonly string[], more: Flags = {}): ParsedLine {
  const flags = allFlags(command, more);
  const byShort = new Map(Object.entries(flags).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  const values: Record<string, string | string[] | boolean> = {};
  const words: string[] = [];
  const problems: string[] = [];
  const unknown: string[] = [];

  const set = (name: string, value: string | true) => {
    const spec = flags[name]!;
    if (spec.multiple) values[name] = [...((values[name] as string[] | undefined) ?? []), value as string];
    else values[name] = value;
  };
  /** The value of a string flag: the rest of its word, or the next word unless that is a flag. */
  const takeValue = (shown: string, spec: FlagSpec, inline: string | undefined, i: number): [string | undefined, number] => {
    if (inline !== undefined) return [inline, i];
    const next = argv[i + 1];
    if (next !== undefined && !(next.startsWith('-') && next !== '-')) return [next, i + 1];
    const choices = spec.choices ? ` (${spec.choices.join(', ')})` : '';
    const dash = next === undefined ? '' : `; to give a value that starts with '-', write ${shown}=${spec.value ?? 'VALUE'}`;
    problems.push(`${shown} needs a value${choices}${dash}.`);
    return [undefined, i];
  };

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const inline = eq < 0 ? undefined : word.slice(eq + 1);
      const spec = Object.hasOwn(flags, name) ? flags[name] : undefined;
      if (!spec) {
        const close = closestChoice(name, Object.keys(flags));
        problems.push(`Unknown option --${name}.${close ? ` Did you mean --${close}?` : ''}`);
        unknown.push(word);
        continue;
      }
      if (spec.type === 'boolean') {
        if (inline !== undefined) problems.push(`--${name} takes no value (got ${word}).`);
        else set(name, true);
        continue;
      }
      const [value, next] = takeValue(`--${name}`, spec, inline, i);
      i = next;
      if (value !== undefined) set(name, value);
      continue;
    }
    if (word.startsWith('-') && word !== '-') {
      // One or more short flags: `-q`, `-yq`, `-o FILE`, `-oFILE`.
      for (let at = 1; at < word.length; at++) {
        const letter = word[at]!;
        const name = byShort.get(letter);
        if (!name) {
          problems.push(`Unknown option -${letter}${word.length > 2 ? ` (in ${word})` : ''}.`);
          unknown.push(word);
          break;
        }
        const spec = flags[name]!;
        if (spec.type === 'boolean') {
          set(name, true);
          continue;
        }
        const rest = word.slice(at + 1);
        const [value, next] = takeValue(`-${letter}`, spec, rest === '' ? undefined : rest.replace(/^=/, ''), i);
        i = next;
        if (value !== undefined) set(name, value);
        break;
      }
      continue;
    }
    words.push(word);
  }

  for (const [name, spec] of Object.entries(flags)) {
    const given = values[name];
    if (spec.choices && given !== undefined) {
      for (const value of [given].flat() as string[]) {
        const problem = notAChoice(value, spec.choices);
        if (problem) problems.push(`Invalid value for --${name}: ${problem}`);
      }
    }
  }

  const positionals: Record<string, unknown> = {};
  const rest = [...words];
  for (const spec of command.positionals) {
    const taken = spec.variadic ? rest.splice(0) : rest.splice(0, 1);
    for (const value of taken) {
      const problem = spec.choices && notAChoice(value, spec.choices);
      if (problem) problems.push(`Invalid ${spec.name}: ${problem}`);
    }
    if (spec.required && taken.length === 0) problems.push(`Missing ${spec.name}.`);
    positionals[spec.key] = spec.variadic ? taken : taken[0];
  }
  // A word after an unknown flag is often that flag's value: the unknown flag is the problem.
  if (rest.length > 0 && unknown.length === 0) {
    const expected = command.positionals.map((p) => p.name).join(' ') || 'no arguments';
    problems.push(`Unexpected argument${rest.length > 1 ? 's' : ''}: ${rest.join(' ')} (this command takes ${expected}).`);
  }

  const own: Record<string, unknown> = {};
  const moreValues: Record<string, string | string[] | boolean> = {};
  for (const [name, spec] of Object.entries(flags)) {
    if (name in BUILT_IN_FLAGS) continue;
    const value = values[name] ?? (spec.type === 'boolean' ? false : spec.multiple ? [] : spec.default);
    if (Object.hasOwn(command.flags, name)) own[name] = value;
    else if (values[name] !== undefined) moreValues[name] = values[name];
  }
  return { flags: own, positionals, more: moreValues, help: values.help === true, problems };
}

function notAChoice(value: string, choices: readonly string[]): string | undefined {
  if (choices.includes(value)) return undefined;
  const close = closestChoice(value, choices);
  return `'${value}' is not one of ${choices.join(', ')}.${close ? ` Did you mean ${close}?` : ''}`;
}

/**
 * Positionals of kind `directory`, resolved against `cwd`: an error that names the cause
 * when the path does not exist or is not a directory (before any handler sees it).
 */
export function resolveDirectories(positionals: readonly PositionalSpec[], values: Record<string, unknown>, cwd: string): void {
  for (const spec of positionals) {
    if (spec.kind !== 'directory') continue;
    const given = values[spec.key] as string | undefined;
    const path = resolve(cwd, given ?? '.');
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) {
      throw new UserError(
        `The directory ${given ?? path} does not exist.`,
        `Give the module's directory, or run the command in it.${nearbyName(path)}`,
      );
    }
    if (!stat.isDirectory()) {
      throw new UserError(
        `${given ?? path} is not a directory.`,
        "Give the module's directory (the one that holds .yo-rc.json or ai4-metadata.yml).",
      );
    }
    values[spec.key] = path;
  }
}

/** ` Did you mean my-model?` when a sibling is spelled almost the same. */
function nearbyName(path: string): string {
  const parent = resolve(path, '..');
  const name = path.slice(parent.length + 1);
  let siblings: string[] = [];
  try {
    siblings = readdirSync(parent);
  } catch {
    return '';
  }
  const close = closestChoice(name, siblings);
  return close ? ` Did you mean ${close}?` : '';
}
