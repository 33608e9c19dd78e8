/**
 * A service's script run as OSCAR runs it for one request: the request's bytes in a file
 * named by `INPUT_FILE_PATH` (OSCAR's supervisor writes the decoded body to a file without
 * extension), an empty `TMP_OUTPUT_DIR` for the results, and nothing else of the caller's.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OscarRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The files the script left in TMP_OUTPUT_DIR, by name. */
  outputs: Record<string, string>;
}

export function runAsOscar(script: string, request: string | Buffer, path: string): Promise<OscarRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ai4os-oscar-run-'));
  mkdirSync(join(dir, 'input'));
  mkdirSync(join(dir, 'output'));
  writeFileSync(join(dir, 'script.sh'), script);
  writeFileSync(join(dir, 'input', 'event'), request);
  const env = { PATH: path, HOME: dir, INPUT_FILE_PATH: join(dir, 'input', 'event'), TMP_OUTPUT_DIR: join(dir, 'output') };
  return new Promise((resolve) => {
    execFile('bash', [join(dir, 'script.sh')], { cwd: dir, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const outputs = Object.fromEntries(
        readdirSync(join(dir, 'output')).map((name) => [name, readFileSync(join(dir, 'output', name), 'utf8')]),
      );
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, outputs });
    });
  });
}
