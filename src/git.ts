/**
 * Running git: the one spawn wrapper this tool uses. Each call has explicit input, so the
 * merge, the index and the objects are git's own; a spawn costs a few milliseconds, and
 * stdin, NUL-separated output and a private index or object directory per call come free.
 */
import { UserError } from './errors.js';

export interface RunOptions {
  input?: string | Buffer;
  /** Extra environment (e.g. GIT_INDEX_FILE for a temporary index). */
  env?: Record<string, string>;
  /** Exit codes that are results, not failures (merge-file returns the number of conflicts). */
  okCodes?: number[];
  /** Each chunk of stderr as it comes (push progress), besides keeping it for the error. */
  onStderr?: (chunk: Buffer) => void;
}

export interface RunResult {
  stdout: Buffer;
  code: number;
}

export class GitFailure extends Error {
  override readonly name = 'GitFailure';
  constructor(
    readonly args: string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${code}): ${stderr.trim()}`);
  }
}

/** A repository and the environment every git call in it runs with. */
export class Repo {
  constructor(
    /** Top of the working tree. */
    readonly dir: string,
    /** Absolute path of the git directory. */
    readonly gitDir: string,
    /** Set for a dry run: new objects go to a throw-away directory (see `sandboxObjects`). */
    private readonly baseEnv: Record<string, string> = {},
  ) {}

  /** The same repository with more environment for every call. */
  with(env: Record<string, string>): Repo {
    return new Repo(this.dir, this.gitDir, { ...this.baseEnv, ...env });
  }

  async run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    // Loaded on first use (about 2 ms): a creation without git starts no process.
    const { spawn } = await import('node:child_process');
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: this.dir,
        env: { ...process.env, ...this.baseEnv, ...options.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        err.push(chunk);
        options.onStderr?.(chunk);
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT'
            ? new UserError('git is not installed or not on PATH.', 'Install git (https://git-scm.com) and run again.')
            : error,
        );
      });
      child.on('close', (code) => {
        const exit = code ?? 128;
        if (exit === 0 || options.okCodes?.includes(exit)) resolve({ stdout: Buffer.concat(out), code: exit });
        else reject(new GitFailure(args, exit, Buffer.concat(err).toString('utf8')));
      });
      // A command that exits before reading all its input (EPIPE) reports through 'close'.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input ?? '');
    });
  }

  /** stdout as text, without the final newline. */
  async text(args: string[], options?: RunOptions): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8').replace(/\n$/, '');
  }

  /** Whether the command succeeds (exit 0). */
  async succeeds(args: string[]): Promise<boolean> {
    try {
      await this.run(args);
      return true;
    } catch (error) {
      if (error instanceof GitFailure) return false;
      throw error;
    }
  }
}

/** The repository whose working tree is `cwd`, or a UserError saying how to make one. */
export async function openRepo(cwd: string, command: string): Promise<Repo> {
  const probe = new Repo(cwd, '');
  let lines: string[];
  try {
    lines = (await probe.text(['rev-parse', '--show-toplevel', '--absolute-git-dir'])).split('\n');
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    throw new UserError(
      `${cwd} is not in a git repository; ${command} works with the module's git history.`,
      'Put the module under git first: git init -b main && git add -A && git commit -m "My module"',
    );
  }
  const [dir, gitDir] = lines as [string, string];
  return new Repo(dir, gitDir);
}
