/** Runs the built bins as a user would, in a directory of their own. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The platform API where nothing listens (creating a child looks its parent up in the
 * catalog): tests reach no service but their own loopback fakes.
 */
export const OFFLINE: NodeJS.ProcessEnv = { AI4OS_API: 'http://127.0.0.1:9' };

/** The built bins: `create-ai4os-module` and `ai4os-module`. */
export const BINS = { create: join(DIST, 'create.cjs'), cli: join(DIST, 'cli.js') } as const;

export function runBin(bin: keyof typeof BINS, args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): Run {
  const result = spawnSync(process.execPath, [BINS[bin], ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...OFFLINE, ...process.env, ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'ai4os-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A git environment without any user identity, as on a fresh CI machine. */
export const NO_GIT_IDENTITY: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};
