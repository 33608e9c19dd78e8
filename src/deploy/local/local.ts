/**
 * `deploy --target local`: the module served by DEEPaaS on this machine, from a venv (or
 * with --docker from its image), recorded so --status, --logs, --stop and --list find it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { ModuleFacts } from '../module.js';
import { buildImage, containerLogTail, containerRunning, findEngine, removeContainer, runContainer } from './docker.js';
import { ProcessGuard, groupAlive, pause, runs, stopGroup } from './processes.js';
import { type LocalRecord, allRecords, readRecord, removeRecord, stateDir, writeRecord } from './record.js';
import { answers, apiUrl, fileLog, freePort, startDeepaas, swaggerUrl, waitUntilAnswering } from './serve.js';
import { ensureVenv, installModule, venvProgram } from './venv.js';

export interface LocalOptions {
  venv?: string;
  python: string;
  port?: number;
  restart: boolean;
  docker: boolean;
  install: boolean;
  timeoutSeconds: number;
  json: boolean;
}

function isRunning(record: LocalRecord): boolean {
  if (record.container) return containerRunning(record.container.engine, record.container.id);
  return record.pid !== undefined && runs(record.pid, 'deepaas');
}

function stopRecorded(record: LocalRecord): void {
  if (record.container) removeContainer(record.container.engine, record.container.id);
  else if (record.pid !== undefined && groupAlive(record.pid)) stopGroup(record.pid);
  removeRecord(record.dir);
}

/** The running deployment of the module, or undefined (a record of one that ended is dropped). */
function current(dir: string): LocalRecord | undefined {
  const record = readRecord(dir);
  if (!record) return undefined;
  if (isRunning(record)) return record;
  removeRecord(dir);
  return undefined;
}

function describe(record: LocalRecord): string {
  return [
    `  API:        ${apiUrl(record.port)}`,
    `  Swagger UI: ${swaggerUrl(record.port)}`,
    `  ${record.container ? `container:  ${record.container.id.slice(0, 12)} (${record.container.engine})` : `pid:        ${record.pid}`}`,
    `  log:        ${record.container ? `${record.container.engine} logs ${record.container.id.slice(0, 12)}` : record.log}`,
  ].join('\n');
}

export async function deployLocal(module: ModuleFacts, options: LocalOptions): Promise<number> {
  const running = current(module.dir);
  if (running && !options.restart) {
    throw new UserError(
      `${module.repoName} is already deployed here (${running.container ? 'container' : `pid ${running.pid}`}, ${apiUrl(running.port)}).`,
      'Use --restart to restart it, or --stop to stop it.',
      1,
    );
  }
  if (running) {
    process.stderr.write(`Stopping the running deployment of ${module.repoName}…\n`);
    stopRecorded(running);
  }
  const logDir = stateDir(module.dir);
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'deepaas.log');
  const guard = new ProcessGuard();
  try {
    const port = options.port ?? (await freePort());
    const base = { dir: module.dir, repoName: module.repoName, port, log, started: new Date().toISOString() };
    let record: LocalRecord;
    if (options.docker) {
      const engine = findEngine();
      const image = `${module.dockerImage}:local`;
      await buildImage(guard, engine, image, module.dir);
      const id = runContainer(engine, image, `ai4os-local-${module.repoName}-${port}`, port);
      record = { ...base, log: '', container: { engine, id, image } };
      writeRecord(record);
      process.stderr.write(`Waiting for DEEPaaS in container ${id.slice(0, 12)} to answer…\n`);
      try {
        const log = { where: `${engine} logs ${id.slice(0, 12)}`, tail: () => containerLogTail(engine, id) };
        await waitUntilAnswering(port, log, () => !containerRunning(engine, id), options.timeoutSeconds, guard.signal);
      } catch (error) {
        stopRecorded(record);
        throw error;
      }
    } else {
      const venv = options.venv ?? join(module.dir, '.venv');
      const venvPython = await ensureVenv(guard, venv, options.python, module.dir);
      if (options.install) await installModule(guard, venvPython, module.dir);
      process.stderr.write(`Starting DEEPaaS on 127.0.0.1:${port}…\n`);
      const server = startDeepaas(guard, venvProgram(venv, 'deepaas-run'), module.modelName, port, log, module.dir);
      record = { ...base, pid: server.child.pid };
      writeRecord(record);
      try {
        await waitUntilAnswering(port, fileLog(log), server.ended, options.timeoutSeconds, guard.signal);
      } catch (error) {
        guard.close();
        removeRecord(module.dir);
        throw error;
      }
      guard.release(server.child);
    }
    if (options.json)
      process.stdout.write(`${JSON.stringify({ status: 'running', api: apiUrl(port), swagger: swaggerUrl(port), ...record })}\n`);
    else process.stdout.write(`${module.title} is served by DEEPaaS:\n${describe(record)}\nStop it with: ai4os-module deploy --stop\n`);
    return 0;
  } catch (error) {
    // An interrupt already stopped the groups; a failed step may have left its record.
    if (guard.signal.aborted) removeRecord(module.dir);
    throw error;
  } finally {
    guard.close();
  }
}

export async function statusLocal(module: ModuleFacts, json: boolean): Promise<number> {
  const record = current(module.dir);
  if (!record) {
    if (json) process.stdout.write(`${JSON.stringify({ status: 'stopped', dir: module.dir })}\n`);
    else process.stdout.write(`${module.repoName} is not deployed here.\n`);
    return 3;
  }
  const answering = await answers(record.port);
  if (json)
    process.stdout.write(
      `${JSON.stringify({ status: answering ? 'running' : 'starting', api: apiUrl(record.port), swagger: swaggerUrl(record.port), ...record })}\n`,
    );
  else
    process.stdout.write(
      `${module.repoName} is running${answering ? '' : ' (its API does not answer yet)'}, since ${record.started}:\n${describe(record)}\n`,
    );
  return 0;
}

export function stopLocal(module: ModuleFacts, json: boolean): number {
  const record = current(module.dir);
  if (record) stopRecorded(record);
  if (json) process.stdout.write(`${JSON.stringify({ status: 'stopped', dir: module.dir, was: record ? 'running' : 'not running' })}\n`);
  else process.stdout.write(record ? `Stopped ${module.repoName}.\n` : `${module.repoName} was not deployed here; nothing to stop.\n`);
  return 0;
}

export function listLocal(json: boolean): number {
  const records = allRecords().filter(isRunning);
  if (json) process.stdout.write(`${JSON.stringify(records.map((r) => ({ ...r, api: apiUrl(r.port) })))}\n`);
  else if (records.length === 0) process.stdout.write('No module is deployed on this machine.\n');
  else for (const r of records) process.stdout.write(`${r.repoName}  ${apiUrl(r.port)}  ${r.dir}\n`);
  return 0;
}

/** Prints the log; with follow, keeps printing what is appended until the server ends or Ctrl-C. */
export async function logsLocal(module: ModuleFacts, follow: boolean): Promise<number> {
  const record = readRecord(module.dir);
  if (!record)
    throw new UserError(`${module.repoName} is not deployed here, so it has no log.`, 'Deploy it with `ai4os-module deploy`.', 3);
  if (record.container) {
    const child = spawn(record.container.engine, ['logs', ...(follow ? ['--follow'] : []), record.container.id], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 0)));
  }
  let fd: number;
  try {
    fd = openSync(record.log, 'r');
  } catch {
    throw new UserError(
      `The log of ${module.repoName} (${record.log}) is gone.`,
      'Restart it with `ai4os-module deploy --restart` to get a new one.',
      1,
    );
  }
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  try {
    let offset = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      while (offset < fstatSync(fd).size) {
        const n = readSync(fd, buffer, 0, buffer.length, offset);
        if (n === 0) break;
        process.stdout.write(buffer.subarray(0, n));
        offset += n;
      }
      if (!follow || stop.signal.aborted || !isRunning(record)) return 0;
      await pause(300, stop.signal).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    closeSync(fd);
  }
}
