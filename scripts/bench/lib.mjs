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

/** Wall time of one process, in seconds; throws if it exits other than with `status`. */
export function timeProcess(command, args, { cwd = ROOT, env, status = 0 } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== status) throw new Error(`${command} ${args.join(' ')} exited ${result.status}, not ${status}: ${result.stderr}`);
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

/**
 * A Node program's median wall time, and its median time above Node's own start: each run
 * follows a `node -e 0` by the same binary. This machine's speed drifts by ±20% over
 * minutes; the second figure drifts much less.
 */
export function timedNode(runs, node, args, before = () => ({})) {
  const totals = [];
  const overNode = [];
  for (let i = 0; i < runs; i++) {
    const start = timeProcess(node, ['-e', '0']);
    const total = timeProcess(node, typeof args === 'function' ? args(i) : args, before(i));
    totals.push(total);
    overNode.push(total - start);
  }
  const mid = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { seconds: mid(totals), overNode: mid(overNode) };
}

/** One line of the report: a measure, its figure (seconds, text or a timedNode result), and its target. */
export function report(measure, figure, target, note = '') {
  const { seconds, overNode } = typeof figure === 'object' ? figure : { seconds: figure };
  const text = typeof seconds === 'number' ? `${seconds.toFixed(3)} s` : seconds;
  const notes = [overNode === undefined ? '' : `node start + ${overNode.toFixed(3)} s`, note].filter(Boolean).join('; ');
  console.log(`  ${measure.padEnd(58)} ${text.padStart(10)}   target ${target.padEnd(22)}${notes ? ` ${notes}` : ''}`);
}

/**
 * Medians of several commands run in turn, round after round, so a drift of the machine's
 * speed (shared, busy) touches each alike; `cases` maps a name to [command, args(i), before(i)].
 */
export function interleaved(runs, cases, env = process.env) {
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, [command, args, before = () => ({})]] of Object.entries(cases)) {
      times[name].push(timeProcess(command, typeof args === 'function' ? args(i) : args, { env, ...before(i) }));
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, values]) => [name, values.sort((a, b) => a - b)[Math.floor(values.length / 2)]]),
  );
}
