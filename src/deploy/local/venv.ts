/**
 * The module's Python environment: a venv (`.venv` in the module, git-ignored by the
 * template, or one given with --venv), with the module installed editable by pip.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { UserError } from '../../errors.js';
import { type ProcessGuard, exited } from './processes.js';

export function venvProgram(venv: string, name: string): string {
  return join(venv, process.platform === 'win32' ? 'Scripts' : 'bin', name);
}

/**
 * Streams a child's output to stderr, indented, as the progress of a step; pip's list of
 * requirements it already has is left out (dozens of lines that say nothing is to be done).
 */
function relay(stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => {
    if (!line.startsWith('Requirement already satisfied:')) process.stderr.write(`  ${line}\n`);
  });
}

async function step(guard: ProcessGuard, what: string, command: string, args: string[], cwd: string): Promise<void> {
  const child = guard.spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  relay(child.stdout);
  relay(child.stderr);
  let code: number;
  try {
    code = await exited(child, guard.signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError(`${what}: ${command} was not found.`, 'Install Python 3 (with its venv module) or name one with --python.');
    throw error;
  }
  if (code !== 0) throw new UserError(`${what} failed (exit ${code}); its output is above.`, 'Fix what it says, then deploy again.', 1);
}

/** Creates the venv when it has no Python yet; returns its python. */
export async function ensureVenv(guard: ProcessGuard, venv: string, python: string, cwd: string): Promise<string> {
  const venvPython = venvProgram(venv, 'python');
  if (existsSync(venvPython)) return venvPython;
  process.stderr.write(`Creating a Python venv in ${venv}…\n`);
  await step(guard, 'Creating the venv', python, ['-m', 'venv', venv], cwd);
  return venvPython;
}

/**
 * Build isolation would fetch setuptools from the index for every install; a venv that has
 * a setuptools new enough for the module's pyproject (>= 77) builds with it instead.
 */
function hasModernSetuptools(venvPython: string): boolean {
  try {
    const version = execFileSync(venvPython, ['-c', 'import setuptools; print(setuptools.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return Number(version.split('.')[0]) >= 77;
  } catch {
    return false;
  }
}

export async function installModule(guard: ProcessGuard, venvPython: string, dir: string): Promise<void> {
  process.stderr.write(`Installing the module into the venv (pip install -e .)…\n`);
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off'];
  if (hasModernSetuptools(venvPython)) args.push('--no-build-isolation');
  await step(guard, 'pip install -e .', venvPython, [...args, '-e', dir], dir);
}
