/**
 * Once per test run: build the bins (tests spawn dist/), make the Python venv and fetch the
 * oldest Node versions the package supports.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureNodeBinaries } from './node-versions.js';
import { ensurePythonVenv } from './python.js';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensurePythonVenv(log);
  ensureNodeBinaries(log);
}
