/**
 * The entry point of both bins, and the only place that turns results and errors into
 * output and an exit code: it parses the command line with the command's table entry,
 * answers --help, runs the handler, and reports what it throws.
 */
import module from 'node:module';
import { closestChoice } from '../closest.js';
import { BUG_REPORT_HINT, UserError } from '../errors.js';
import { GENERATOR_VERSION } from '../paths.js';
import { COMMANDS, findCommand } from './commands.js';
import { parseLine, resolveDirectories } from './parse.js';
import type { Command } from './spec.js';

export const PROGRAM = 'ai4os-module';

/** Exit code of a command line that is wrong (an unknown flag, a missing value ...), for every command. */
export const USAGE_EXIT = 2;

interface ReportStyle {
  json: boolean;
  bugExitCode: number;
}

/** `ai4os-module <command> ...`. */
export async function runProgram(argv: string[]): Promise<void> {
  await withReporting(async (style) => {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
      process.stdout.write((await import('./help.js')).overviewHelp());
      return name === undefined ? USAGE_EXIT : 0;
    }
    if (name === '--version' || name === '-v') {
      process.stdout.write(`${GENERATOR_VERSION}\n`);
      return 0;
    }
    if (name.startsWith('-')) {
      throw usageError([`Unknown option ${name}; it goes after the command.`], `${PROGRAM} --help`);
    }
    return runCommand(commandNamed(name), rest, `${PROGRAM} ${name}`, style);
  });
}

/** A bin that is one command (`create-ai4os-module` is `ai4os-module new`). */
export async function runSingleCommand(name: string, argv: string[], invokedAs: string): Promise<void> {
  await withReporting((style) => runCommand(commandNamed(name), argv, invokedAs, style));
}

/** The command of that name, or a usage error with the closest name. */
export function commandNamed(name: string): Command {
  const command = findCommand(name);
  if (command) return command;
  const close = closestChoice(
    name,
    COMMANDS.map((c) => c.name),
  );
  throw usageError([`Unknown command "${name}".${close ? ` Did you mean "${close}"?` : ''}`], `${PROGRAM} --help`);
}

async function runCommand(command: Command, argv: string[], invokedAs: string, style: ReportStyle): Promise<number> {
  const cwd = process.cwd();
  style.bugExitCode = command.bugExitCode ?? 1;
  const more = command.moreFlags ? await command.moreFlags.load() : {};
  const parsed = parseLine(command, argv, more);
  if (parsed.help) {
    process.stdout.write((await import('./help.js')).commandHelp(command, invokedAs, more));
    return 0;
  }
  style.json = command.jsonErrors?.(parsed.flags) === true;
  if (parsed.problems.length > 0) throw usageError(parsed.problems, `${invokedAs} --help`);
  resolveDirectories(command.positionals, parsed.positionals, cwd);
  const { main } = await command.load();
  return main({ flags: parsed.flags, positionals: parsed.positionals, more: parsed.more, cwd, invokedAs } as Parameters<typeof main>[0]);
}

function usageError(problems: string[], help: string): UserError {
  return new UserError(problems.join('\n'), `See \`${help}\`.`, USAGE_EXIT);
}

async function withReporting(main: (style: ReportStyle) => Promise<number>): Promise<void> {
  // Node 22.1+ can keep V8's compiled code for the chunks each command imports (in the OS
  // temp directory, keyed by content), which saves most of their compile time on later runs.
  // Node 20 has no such cache: there this does nothing.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Output piped into `head` or a pager that quits early: the rest is not wanted (as with git).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const style: ReportStyle = { json: false, bugExitCode: 1 };
  try {
    process.exitCode = await main(style);
  } catch (error) {
    process.exitCode = report(error, style);
  }
}

function report(error: unknown, style: ReportStyle): number {
  if (error instanceof UserError) {
    if (style.json) {
      const body = {
        status: 'error',
        exitCode: error.exitCode,
        error: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
      };
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      process.stderr.write(`${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    }
    return error.exitCode;
  }
  // Ctrl+C at a prompt: the user stopped, nothing was written.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    process.stderr.write('Cancelled; nothing was written.\n');
    return 130;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (style.json) {
    process.stdout.write(
      `${JSON.stringify({ status: 'error', exitCode: style.bugExitCode, error: { message: text, hint: BUG_REPORT_HINT } }, null, 2)}\n`,
    );
  }
  process.stderr.write(`${text}\n\n${BUG_REPORT_HINT}\n`);
  return style.bugExitCode;
}
