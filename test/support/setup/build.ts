/**
 * Global setup of the integration and oracle projects: build the bins into dist/, which their
 * tests spawn. Once per vitest run, also when both projects run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILT = 'AI4OS_TEST_DIST_BUILT';

export default function setup(): void {
  // Global setups run in vitest's main process: the mark survives from one project's to the next.
  if (process.env[BUILT]) return;
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  process.env[BUILT] = '1';
}
