/** Once per test run: build the bins (tests spawn dist/) and make the Python venv. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensurePythonVenv } from './python.js';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  ensurePythonVenv((line) => process.stderr.write(`${line}\n`));
}
