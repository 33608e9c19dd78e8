/**
 * `ai4os-module data ls|pull|push [PATH]`: the module's data/ and a folder of the user's
 * platform storage (by default `<repo>/data`, which a deployment with storage sees at
 * /storage/<repo>/data, where config.py reads it) copied one way or the other with rclone.
 * A pull lands in a hidden folder of data/ first and is moved into place only when rclone
 * has finished without error, so a failed pull leaves no file behind, whole or partial.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { DATA_FLAGS } from '../cli/commands.js';
import type { CommandArgs } from '../cli/spec.js';
import { UserError } from '../errors.js';
import { readModule } from '../deploy/module.js';
import { storageCredentials } from './credentials.js';
import { REMOTE, type RemoteEntry, Storage, findRclone } from './rclone.js';

const STAGING_PREFIX = '.ai4os-pull-';

/** A path inside data/ and inside the storage folder: relative, without `..`. */
function relativePath(flag: string, value: string | undefined): string {
  if (value === undefined || value === '' || value === '.') return '';
  const normal = posix.normalize(value.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (value.startsWith('/') || normal === '..' || normal.startsWith('../') || /[\0\n]/.test(value))
    throw new UserError(`${flag} ${value}: must be a path inside the folder, such as images or train/labels.csv.`);
  return normal === '.' ? '' : normal;
}

/** `base/path` in the storage (rclone paths use slashes), `base` alone for the whole folder. */
function storagePath(base: string, path: string): string {
  return [base, path].filter(Boolean).join('/');
}

interface Counted {
  files: number;
  bytes: number;
}

/** Files and bytes under `path`, without staged pulls (and, at the top, the names in `skip`). */
function count(path: string, skip: readonly string[] = []): Counted {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return { files: 1, bytes: stat.size };
  return readdirSync(path)
    .filter((name) => !name.startsWith(STAGING_PREFIX) && !skip.includes(name))
    .map((name) => count(join(path, name)))
    .reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 });
}

function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(1)} ${units[unit]}`;
}

/** What moving the staged tree over data/ would overwrite that is not a plain file (checked before anything moves). */
function conflicts(from: string, to: string, shown: string): string[] {
  const there = lstatSync(to, { throwIfNoEntry: false });
  if (!there) return [];
  const folder = lstatSync(from).isDirectory();
  if (there.isSymbolicLink()) return [`${shown} is a symbolic link`];
  if (folder !== there.isDirectory())
    return [`${shown} is a ${there.isDirectory() ? 'folder' : 'file'} here and a ${folder ? 'folder' : 'file'} in the storage`];
  if (!folder) return [];
  return readdirSync(from).flatMap((name) => conflicts(join(from, name), join(to, name), `${shown}/${name}`));
}

/** Each staged file renamed over its place in data/ (atomic per file; a new folder moves whole). */
function moveInto(from: string, to: string): void {
  const there = lstatSync(to, { throwIfNoEntry: false });
  if (there?.isDirectory()) {
    for (const name of readdirSync(from)) moveInto(join(from, name), join(to, name));
    return;
  }
  renameSync(from, to);
}

async function pull(storage: Storage, remotePath: string, dataDir: string, path: string): Promise<number> {
  const entry = await storage.stat(remotePath);
  if (!entry)
    throw new UserError(
      `Your storage has nothing at ${remotePath} (${storage.url}).`,
      `\`ai4os-module data ls\` shows what is there; \`ai4os-module data push ${path}\` puts data/${path} there.`,
      1,
    );
  mkdirSync(dataDir, { recursive: true });
  const staging = mkdtempSync(join(dataDir, STAGING_PREFIX));
  const onSignal = () => undefined; // rclone, in the same process group, stops on the same Ctrl+C; cleaning up follows.
  process.on('SIGINT', onSignal);
  try {
    // The staged copy is at the same relative place, so one rename or one merge puts it where it belongs.
    const staged = path ? join(staging, path) : staging;
    if (path) mkdirSync(join(staged, '..'), { recursive: true });
    await storage.copy(`${REMOTE}:${remotePath}`, staged, { file: !entry.IsDir });
    const target = path ? join(dataDir, path) : dataDir;
    const problems = conflicts(staged, target, `data/${path}`.replace(/\/$/, ''));
    if (problems.length > 0)
      throw new UserError(
        `Cannot pull ${remotePath} into data/ (nothing was changed):\n${problems.map((p) => `  ${p}`).join('\n')}`,
        'Move those away and pull again.',
      );
    const { files, bytes } = count(staged);
    if (path) mkdirSync(join(target, '..'), { recursive: true });
    moveInto(staged, target);
    process.stderr.write(`Pulled ${files} file${files === 1 ? '' : 's'} (${size(bytes)}) from ${remotePath} into data/${path}.\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    rmSync(staging, { recursive: true, force: true });
  }
}

async function push(storage: Storage, remotePath: string, dataDir: string, path: string): Promise<number> {
  const local = path ? join(dataDir, path) : dataDir;
  const stat = lstatSync(local, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink())
    throw new UserError(`data/${path} ${stat ? 'is a symbolic link' : 'does not exist'}.`, 'Give a file or folder inside data/.');
  // Fails on a wrong password before anything is sent, and names it.
  await storage.stat(remotePath);
  // data/.gitkeep only keeps the empty folder in git.
  const skip = path ? [] : ['.gitkeep'];
  const excludes = [...skip.map((name) => `/${name}`), `${STAGING_PREFIX}*/**`];
  await storage.copy(local, `${REMOTE}:${remotePath}`, { file: !stat.isDirectory(), excludes });
  const { files, bytes } = count(local, skip);
  process.stderr.write(
    `Pushed ${files} file${files === 1 ? '' : 's'} (${size(bytes)}) from data/${path} to ${remotePath} (${storage.url}).\n`,
  );
  return 0;
}

async function list(storage: Storage, remotePath: string, json: boolean): Promise<number> {
  const entry = await storage.stat(remotePath);
  if (!entry)
    throw new UserError(
      `Your storage has nothing at ${remotePath} (${storage.url}).`,
      '`ai4os-module data push` puts the module’s data/ there.',
      1,
    );
  const entries: RemoteEntry[] = entry.IsDir ? await storage.list(remotePath) : [entry];
  entries.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  if (json) {
    const shown = entries.map((e) => ({ name: e.Name, folder: e.IsDir, size: e.IsDir ? null : e.Size, modified: e.ModTime }));
    process.stdout.write(`${JSON.stringify(shown)}\n`);
    return 0;
  }
  for (const e of entries) {
    const when = e.ModTime.slice(0, 16).replace('T', ' ');
    process.stdout.write(`${(e.IsDir ? '-' : String(e.Size)).padStart(12)}  ${when}  ${e.Name}${e.IsDir ? '/' : ''}\n`);
  }
  return 0;
}

export async function main({
  flags,
  positionals: { action, path: pathArg },
  cwd,
}: CommandArgs<
  typeof DATA_FLAGS,
  readonly [
    { name: 'ACTION'; key: 'action'; required: true; choices: readonly ['ls', 'pull', 'push'] },
    { name: 'PATH'; key: 'path'; kind: 'path' },
  ]
>): Promise<number> {
  const module = readModule(resolve(cwd, flags.module));
  const base = relativePath('--remote', flags.remote ?? `${module.repoName}/data`);
  const path = relativePath('PATH', pathArg);
  if (path.split('/').some((part) => part.startsWith(STAGING_PREFIX)))
    throw new UserError(`PATH ${path}: ${STAGING_PREFIX}* is where a pull stages its files.`);
  const bin = findRclone();
  const credentials = await storageCredentials({ user: flags['storage-user'], server: flags['storage-server'] });
  const storage = await Storage.connect(bin, credentials);
  const remotePath = storagePath(base, path);
  const dataDir = join(module.dir, 'data');
  if (action === 'ls') return list(storage, remotePath, flags.json);
  if (action === 'pull') return pull(storage, remotePath, dataDir, path);
  return push(storage, remotePath, dataDir, path);
}
