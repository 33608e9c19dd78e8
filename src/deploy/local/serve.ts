/** Starting DEEPaaS (or a container) and waiting until its API answers. */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { UserError } from '../../errors.js';
import { type ProcessGuard, exited, pause } from './processes.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const apiUrl = (port: number) => `http://127.0.0.1:${port}/v2/`;
export const swaggerUrl = (port: number) => `http://127.0.0.1:${port}/api`;

/** Whether DEEPaaS answers `GET /v2/models/` on the port. */
export async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl(port)}models/`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export function logTail(log: string, lines = 20): string {
  try {
    return readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `  ${l}`)
      .join('\n');
  } catch {
    return '  (no log)';
  }
}

/**
 * Polls until the API answers. `gone` says whether what serves it has ended (then the log
 * tells why); the deadline is --timeout, and the guard's signal an interrupt.
 */
export interface LogSource {
  /** Where the whole log is, for messages: a file, or the command that shows it. */
  where: string;
  tail: () => string;
}

export const fileLog = (path: string): LogSource => ({ where: path, tail: () => logTail(path) });

export async function waitUntilAnswering(
  port: number,
  log: LogSource,
  gone: () => Promise<boolean> | boolean,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    signal.throwIfAborted();
    if (await answers(port)) return;
    if (await gone()) {
      throw new UserError(
        `DEEPaaS stopped before its API answered. The end of its log (${log.where}):\n${log.tail()}`,
        'Fix what the log says (e.g. the model fails to load), then deploy again.',
        1,
      );
    }
    if (Date.now() > deadline) {
      throw new UserError(
        `DEEPaaS did not answer on port ${port} within ${timeoutSeconds} s; it was stopped. The end of its log (${log.where}):\n${log.tail()}`,
        'Give it longer with --timeout SECONDS.',
        1,
      );
    }
    await pause(250, signal);
  }
}

/** deepaas-run on 127.0.0.1:port, its output in `log`, in a process group of its own. */
export function startDeepaas(guard: ProcessGuard, deepaasRun: string, modelName: string, port: number, log: string, cwd: string) {
  const fd = openSync(log, 'w');
  try {
    const child = guard.spawn(deepaasRun, ['--listen-ip', '127.0.0.1', '--listen-port', String(port), '--model-name', modelName], {
      cwd,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    let ended = false;
    exited(child, new AbortController().signal).then(
      () => (ended = true),
      () => (ended = true),
    );
    return { child, ended: () => ended };
  } finally {
    closeSync(fd);
  }
}
