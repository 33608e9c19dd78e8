// `npm test` and `npm run test:<layer>`: runs vitest with the given arguments (for example
// `--project unit`), then prints the plain closing line CI reads, "N passed, N failed, N skipped",
// from vitest's JSON report, whether the tests passed or not. Exits non-zero when vitest did,
// when a test failed, or when no test ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const REPORT = '.cache/vitest-report.json';
const vitest = createRequire(import.meta.url).resolve('vitest/vitest.mjs');

mkdirSync('.cache', { recursive: true });
rmSync(REPORT, { force: true });
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);

if (!existsSync(REPORT)) {
  // vitest stopped before any test ran (bad arguments, a global setup that failed).
  console.log(`0 passed, 0 failed, 0 skipped (vitest exited ${run.status ?? run.signal} before running tests)`);
  process.exitCode = 1;
} else {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  process.exitCode = run.status !== 0 || report.numFailedTests > 0 || report.numTotalTests === 0 ? 1 : 0;
}
