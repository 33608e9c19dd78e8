/** The module's image built from its Dockerfile and run by Docker or Podman, whichever is on PATH. */
import { execFileSync } from 'node:child_process';
import { UserError } from '../../errors.js';
import { onPath } from '../../find-program.js';
import { type ProcessGuard, exited } from './processes.js';

export function findEngine(): string {
  const engine = onPath('docker') ?? onPath('podman');
  if (engine) return engine;
  throw new UserError(
    '--docker needs Docker or Podman, and neither `docker` nor `podman` is on PATH.',
    'Install one of them, or deploy without --docker (the module then runs in a Python venv).',
  );
}

async function run(guard: ProcessGuard, engine: string, args: string[], cwd: string): Promise<void> {
  const child = guard.spawn(engine, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await exited(child, guard.signal);
  if (code !== 0) throw new UserError(`${engine} ${args[0]} failed (exit ${code}); its output is above.`, undefined, 1);
}

export async function buildImage(guard: ProcessGuard, engine: string, image: string, dir: string): Promise<void> {
  process.stderr.write(`Building ${image} from the Dockerfile…\n`);
  await run(guard, engine, ['build', '-t', image, dir], dir);
}

/** Runs the image with DEEPaaS's port on 127.0.0.1:port; returns the container id. */
export function runContainer(engine: string, image: string, name: string, port: number): string {
  try {
    return execFileSync(engine, ['run', '-d', '--name', name, '-p', `127.0.0.1:${port}:5000`, image], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    throw new UserError(`${engine} run failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`, undefined, 1);
  }
}

export function containerRunning(engine: string, id: string): boolean {
  try {
    return (
      execFileSync(engine, ['inspect', '-f', '{{.State.Running}}', id], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() === 'true'
    );
  } catch {
    return false;
  }
}

export function removeContainer(engine: string, id: string): void {
  try {
    execFileSync(engine, ['rm', '-f', id], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** The end of a container's log, indented. */
export function containerLogTail(engine: string, id: string): string {
  try {
    const text = execFileSync(engine, ['logs', '--tail', '20', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return text
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
  } catch {
    return '  (no log)';
  }
}
