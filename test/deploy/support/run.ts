/** The built bin run without blocking the test process (its loopback fakes answer from it). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runBin } from '../../support/cli.js';

export const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A module made by the built create bin, as a user makes one. */
export function createModule(cwd: string, name: string, flags: string[] = []): string {
  const created = runBin('create', [name, '--yes', '--no-git', '--author', 'A <a@b.eu>', ...flags], { cwd });
  expect(created.status, created.stderr).toBe(0);
  return join(cwd, name);
}
