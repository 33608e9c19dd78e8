/**
 * Child processes that never outlive an interrupted deploy: each runs as the leader of its own
 * process group, so stopping it stops what it started too (pip's build backend, DEEPaaS's
 * workers), and SIGINT/SIGTERM/SIGHUP during a deploy stop every group still running.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether pid runs `program` (on Linux, from /proc; elsewhere only whether it is alive). */
export function runs(pid: number, program: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform === 'linux') return false;
    return groupAlive(pid);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** SIGTERM to the group, SIGKILL to what is left after graceSeconds. Synchronous: it runs in signal handlers too. */
export function stopGroup(pgid: number, graceSeconds = 10): void {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pgid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let waited = 0; waited < graceSeconds * 1000 && groupAlive(pgid); waited += 50) Atomics.wait(sleeper, 0, 0, 50);
  if (groupAlive(pgid)) signal('SIGKILL');
  for (let waited = 0; waited < 2000 && groupAlive(pgid); waited += 50) Atomics.wait(sleeper, 0, 0, 50);
}

/**
 * The groups a deploy started and has not handed over yet. While a guard is open, a signal
 * stops them all and aborts `signal`, so the step awaiting fails with exit code 130.
 */
export class ProcessGuard {
  private readonly groups = new Set<number>();
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private readonly onSignal = (name: NodeJS.Signals) => {
    for (const pgid of this.groups) stopGroup(pgid, 5);
    this.groups.clear();
    this.controller.abort(new UserError(`Interrupted (${name}); nothing was left running.`, undefined, 130));
  };

  constructor() {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, this.onSignal);
  }

  /** Spawn `command` as the leader of a new process group, stopped on interrupt. */
  spawn(command: string, args: string[], options: SpawnOptions): ChildProcess {
    this.signal.throwIfAborted();
    const child = spawn(command, args, { ...options, detached: true });
    if (child.pid !== undefined) {
      const pgid = child.pid;
      this.groups.add(pgid);
      child.on('exit', () => {
        if (!groupAlive(pgid)) this.groups.delete(pgid);
      });
    }
    return child;
  }

  /** The group keeps running after the deploy (the server it started). */
  release(child: ChildProcess): void {
    if (child.pid !== undefined) this.groups.delete(child.pid);
    child.unref();
  }

  /** Stop every group still held (a failed step) and stop listening for signals. */
  close(): void {
    for (const pgid of this.groups) stopGroup(pgid, 5);
    this.groups.clear();
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(name, this.onSignal);
  }
}

/** Resolves with the exit code; rejects with the interrupt's error when the guard is aborted. */
export function exited(child: ChildProcess, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      resolve(code ?? 1);
    });
  });
}

/** Wait ms, or reject with the interrupt's error. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
