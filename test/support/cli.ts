/** Runs the built bins as a user would, in a directory of their own. */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist');

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

let forAnyUser: typeof BINS | undefined;

/**
 * The bins of a copy of the package that any user may read, for tests that run a bin as an
 * unprivileged user: the checkout itself may sit in a directory only its owner can enter.
 */
export function binsForAnyUser(): typeof BINS {
  if (forAnyUser) return forAnyUser;
  const copy = tempDir('ai4os-package-');
  for (const part of ['package.json', 'dist', 'templates', 'schemata']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  const open = (path: string) => {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) open(join(path, entry.name));
      else chmodSync(join(path, entry.name), 0o644);
    }
  };
  open(copy);
  forAnyUser = { create: join(copy, 'dist', 'create.cjs'), cli: join(copy, 'dist', 'cli.js') };
  return forAnyUser;
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
