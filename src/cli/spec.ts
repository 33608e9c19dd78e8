/**
 * The shape of a command in the table (commands.ts): what it is called, what it takes and
 * which module handles it. Parsing (parse.ts), --help (help.ts) and shell completion
 * (completion.ts) all read these declarations; a handler receives the values typed from them.
 */

export interface FlagSpec {
  type: 'boolean' | 'string';
  /** One-letter alias: `-q` for `--quiet`. */
  short?: string;
  /** May be given more than once; the values are collected in order. */
  multiple?: boolean;
  default?: string;
  /** The value as --help shows it: `FILE`, `N`, `KEY=VALUE`. */
  value?: string;
  help: string;
  /** The only values allowed: checked (with did-you-mean), shown in --help, completed. */
  choices?: readonly string[];
  /** Values offered by completion and --help but not enforced here (answers check their own, case-insensitively). */
  suggestions?: readonly string[];
  /** What completion offers for the value when there are no choices. */
  complete?: 'file' | 'directory';
}

export type Flags = Readonly<Record<string, FlagSpec>>;

export interface PositionalSpec {
  /** As usage shows it: `DIRECTORY`. */
  name: string;
  /** Key of the value the handler receives. */
  key: string;
  required?: boolean;
  /** Takes every remaining argument (then the value is a list). */
  variadic?: boolean;
  /** The only values allowed. */
  choices?: readonly string[];
  /**
   * `directory`: an existing directory, resolved against the working directory before the
   * handler runs (missing or a file: a usage error). `file`/`path`: completion only.
   * `command`: a command of the table (completion only).
   */
  kind?: 'directory' | 'file' | 'path' | 'command';
}

type FlagValue<F extends FlagSpec> = F extends { type: 'boolean' }
  ? boolean
  : F extends { multiple: true }
    ? F extends { choices: readonly (infer C)[] }
      ? C[]
      : string[]
    : F extends { choices: readonly (infer C)[] }
      ? F extends { default: string }
        ? C
        : C | undefined
      : F extends { default: string }
        ? string
        : string | undefined;

/** The parsed flags: booleans are false when absent, repeatable flags an empty list. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]: FlagValue<F[K]> };

/** The positionals by key: a `directory` is always there, absolute (the working directory by default). */
export type PositionalValues<P extends readonly PositionalSpec[]> = {
  [E in P[number] as E['key']]: E extends { variadic: true }
    ? string[]
    : E extends { required: true } | { kind: 'directory' }
      ? string
      : string | undefined;
};

/** What a handler is called with; it resolves to the exit code, and throws UserError for what the user can fix. */
export interface CommandArgs<F extends Flags = Flags, P extends readonly PositionalSpec[] = readonly PositionalSpec[]> {
  flags: FlagValues<F>;
  positionals: PositionalValues<P>;
  /** Values of the command's `moreFlags`, by flag name (absent when not given). */
  more: Record<string, string | string[] | boolean>;
  cwd: string;
  /** How the user called the command, for messages: `ai4os-module new`, `npm create ai4os-module --`. */
  invokedAs: string;
}

export type Handler<F extends Flags, P extends readonly PositionalSpec[]> = (args: CommandArgs<F, P>) => Promise<number>;

export interface CommandSpec<F extends Flags, P extends readonly PositionalSpec[]> {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** What --help says under the usage line. */
  description: string;
  positionals: P;
  flags: F;
  /** Flags made from data loaded only when needed (those of `new`, one per question), with their heading in --help. */
  moreFlags?: { heading: string; load: () => Promise<Flags> };
  /** What --help says after the options (exit codes). */
  footer?: string;
  /** Exit code of an unexpected error (a bug): 1 unless the command documents another. */
  bugExitCode?: number;
  /** When true, errors are printed as a JSON object on stdout (for `--format json`). */
  jsonErrors?: (flags: FlagValues<F>) => boolean;
  /** The handler, imported only when the command runs. */
  load: () => Promise<{ main: Handler<F, P> }>;
}

/** A command as the parser, help and completion see it, its value types erased. */
export interface Command {
  name: string;
  summary: string;
  description: string;
  positionals: readonly PositionalSpec[];
  flags: Flags;
  moreFlags?: { heading: string; load: () => Promise<Flags> };
  footer?: string;
  bugExitCode?: number;
  jsonErrors?: (flags: Record<string, unknown>) => boolean;
  load: () => Promise<{ main: (args: CommandArgs) => Promise<number> }>;
}

/** A table entry: checks that the handler takes the values its flags and positionals give. */
export function defineCommand<const F extends Flags, const P extends readonly PositionalSpec[]>(spec: CommandSpec<F, P>): Command {
  return spec as unknown as Command;
}
