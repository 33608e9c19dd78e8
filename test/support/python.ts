/**
 * The Python virtual environment with the real tools (DEEPaaS, ai4-metadata, Docker's
 * Dockerfile parser, flake8, bandit, pytest), created once from PyPI and cached in
 * .cache/python-venv between runs; rebuilt when test/support/requirements.txt changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REQUIREMENTS = join(ROOT, 'test/support/requirements.txt');
export const VENV_DIR = join(ROOT, '.cache/python-venv');
const STAMP = join(VENV_DIR, '.requirements-sha256');

/** Path of a program installed in the test venv, such as `python`, `deepaas-run` or `ai4-metadata`. */
export function venvBin(name: string): string {
  return join(VENV_DIR, 'bin', name);
}

export function ensurePythonVenv(log: (line: string) => void = () => {}): void {
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted) return;
  log(`Creating the test Python venv in ${VENV_DIR} (once; cached afterwards)…`);
  rmSync(VENV_DIR, { recursive: true, force: true });
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  execFileSync(python, ['-m', 'venv', VENV_DIR], { stdio: 'inherit' });
  execFileSync(venvBin('python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], {
    stdio: 'inherit',
  });
  writeFileSync(STAMP, wanted);
}
