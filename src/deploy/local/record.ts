/**
 * Where a local deployment is recorded: outside the module (nothing new in its tree), in the
 * user's state directory, one directory per module keyed by its real path. The record says
 * what runs (a process group or a container), on which port, and where its log is.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

export interface LocalRecord {
  /** Real path of the module. */
  dir: string;
  repoName: string;
  port: number;
  log: string;
  started: string;
  /** A deepaas-run process, leader of its own process group. */
  pid?: number;
  /** Or a container run by docker/podman. */
  container?: { engine: string; id: string; image: string };
}

function stateRoot(): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'ai4os-module', 'local');
}

export function stateDir(moduleDir: string): string {
  const key = createHash('sha256').update(moduleDir).digest('hex').slice(0, 12);
  return join(stateRoot(), `${basename(moduleDir)}-${key}`);
}

const RECORD = 'deployment.json';

export function readRecord(moduleDir: string): LocalRecord | undefined {
  return readRecordIn(stateDir(moduleDir));
}

function readRecordIn(dir: string): LocalRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, RECORD), 'utf8')) as LocalRecord;
  } catch {
    return undefined;
  }
}

export function writeRecord(record: LocalRecord): void {
  const dir = stateDir(record.dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

export function removeRecord(moduleDir: string): void {
  rmSync(join(stateDir(moduleDir), RECORD), { force: true });
}

export function allRecords(): LocalRecord[] {
  let names: string[];
  try {
    names = readdirSync(stateRoot());
  } catch {
    return [];
  }
  return names.map((name) => readRecordIn(join(stateRoot(), name))).filter((r): r is LocalRecord => r !== undefined);
}
