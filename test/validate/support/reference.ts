/**
 * Verdicts of the reference, `ai4-metadata validate` 2.4.2 from the test venv, per file.
 * It accepts many files in one run and reports each valid (stdout) or invalid (stderr) one,
 * but stops at the first file it cannot load or whose schema is bad (exit 2, 3 or 4): that
 * file gets the exit code and the rest go to a new run.
 */
import { spawn } from 'node:child_process';
import { venvBin } from '../../support/python.js';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A queue that runs at most `size` tasks at once (two cores). */
export function pool(size: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= size) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

// Panels wide enough for a file name on one line (rich pads every line to the width), no colour, UTF-8 whatever the machine's locale: output that can be parsed.
const REFERENCE_ENV = { TERMINAL_WIDTH: '400', NO_COLOR: '1', LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' };

export function runReference(args: string[], cwd: string): Promise<ProcessResult> {
  return run(venvBin('ai4-metadata'), ['validate', ...args], cwd, REFERENCE_ENV);
}

/**
 * The reference's exit code for each file (names relative to `cwd`, plain ASCII), using as
 * few runs as its stop-at-fatal behaviour allows. The files are split into `chains` lists
 * that run in parallel (through `limit`); each continues after a fatal file with the files
 * after it.
 */
export async function referenceVerdicts(
  files: string[],
  cwd: string,
  versionArgs: string[],
  limit: ReturnType<typeof pool>,
  chains = 2,
): Promise<Map<string, number>> {
  const verdicts = new Map<string, number>();
  const chunks: string[][] = [];
  const chunkSize = Math.max(1, Math.ceil(files.length / chains));
  for (let i = 0; i < files.length; i += chunkSize) chunks.push(files.slice(i, i + chunkSize));
  await Promise.all(
    chunks.map(async (chunk) => {
      let remaining = chunk;
      while (remaining.length > 0) {
        const batch = remaining;
        const result = await limit(() => runReference([...versionArgs, ...batch], cwd));
        for (const m of result.stdout.matchAll(/'([^'\n]+)' is valid for version/g)) verdicts.set(m[1]!, 0);
        for (const m of result.stderr.matchAll(/Error validating instance '([^'\n]+)'/g)) verdicts.set(m[1]!, 1);
        const firstUnjudged = batch.findIndex((file) => !verdicts.has(file));
        if (firstUnjudged === -1) break;
        if (result.code < 2) {
          throw new Error(
            `ai4-metadata exited ${result.code} without judging ${batch[firstUnjudged]}:\n${result.stdout}\n${result.stderr}`,
          );
        }
        verdicts.set(batch[firstUnjudged]!, result.code);
        remaining = batch.slice(firstUnjudged + 1);
      }
    }),
  );
  return verdicts;
}
