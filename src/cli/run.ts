/** The only place that turns results and errors into output and an exit code. */
import module from 'node:module';
import { BUG_REPORT_HINT, UserError } from '../errors.js';

/** A command: arguments after its name, the working directory; resolves to the exit code. */
export type CommandMain = (argv: string[], cwd: string) => Promise<number>;

export async function runCommand(main: CommandMain, argv: string[]): Promise<void> {
  // Node 22.1+ can keep V8's compiled code for the chunks each command imports (in the OS
  // temp directory, keyed by content), which saves most of their compile time on later runs.
  // Node 20 has no such cache: there this does nothing.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Output piped into `head` or a pager that quits early: the rest is not wanted (as with git).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    process.exitCode = await main(argv, process.cwd());
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  // Ctrl+C at a prompt: the user stopped, nothing was written.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    process.stderr.write('Cancelled; nothing was written.\n');
    return 130;
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n${BUG_REPORT_HINT}\n`);
  return 1;
}
