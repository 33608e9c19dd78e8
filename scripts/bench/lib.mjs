// Timing helpers shared by the benchmarks: whole processes, wall time, median of N runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tempDir(prefix = 'ai4os-bench-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Wall time of one process, in seconds; throws if it fails. */
export function timeProcess(command, args, { cwd = ROOT, env } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

/** Median wall time over `runs` runs; `before(i)` prepares run i and returns extra options. */
export function median(runs, command, args, before = () => ({})) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeProcess(command, typeof args === 'function' ? args(i) : args, before(i)));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const NODE_BASELINE = () => median(15, process.execPath, ['-e', '0']);

/** One line of the report: a measure, its figure, and its target. */
export function report(measure, seconds, target, note = '') {
  const figure = typeof seconds === 'number' ? `${seconds.toFixed(3)} s` : seconds;
  console.log(`  ${measure.padEnd(58)} ${figure.padStart(10)}   target ${target}${note ? `   ${note}` : ''}`);
}
