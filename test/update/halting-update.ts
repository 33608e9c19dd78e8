/**
 * A test-only entry point: `ai4os-module update [--set KEY=VALUE]...` in the current
 * directory, with a hook at one named step of src/update/checkpoint.ts, which the real CLI
 * never passes:
 *   node --import tsx test/update/halting-update.ts kill STEP [--set ...]   SIGKILL there, as a crash would
 *   node --import tsx test/update/halting-update.ts pause STEP [--set ...]  print "paused at STEP", go on at a line on stdin
 */
import type { Step } from '../../src/update/checkpoint.js';
import { UserError } from '../../src/errors.js';
import { parseSetFlags } from '../../src/update/set-flags.js';
import { update } from '../../src/update/update.js';

const [mode, halt, ...rest] = process.argv.slice(2);
const sets = rest.flatMap((arg, i) => (rest[i - 1] === '--set' ? [arg] : []));

async function onStep(step: Step): Promise<void> {
  if (step !== halt) return;
  if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
  process.stdout.write(`paused at ${step}\n`);
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
}

try {
  const outcome = await update({
    cwd: process.cwd(),
    set: parseSetFlags(sets),
    onStep,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  process.exitCode = outcome.status === 'conflicts' ? 1 : 0;
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  process.stderr.write(`${error.message}\n${error.hint ?? ''}\n`);
  process.exitCode = error.exitCode;
}
