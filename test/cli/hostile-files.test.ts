/**
 * Files that are not what they seem (issue 10 items 10, 14, 17): a FIFO, /dev/zero, a symlink
 * to it, an unreadable Dockerfile, a missing answers file. Every command refuses at once,
 * naming the file and the rule. Each run has a hard process timeout, so a reader that blocks
 * on a FIFO or reads a device for ever fails the test instead of hanging the suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINS, binsForAnyUser, tempDir } from '../support/cli.js';

/** Far above what a refusal takes: only a reader that blocks or reads for ever gets here. */
const HARD_TIMEOUT_MS = 120_000;

function run(bin: keyof typeof BINS, args: string[], cwd: string, as?: { uid: number }) {
  const command = [process.execPath, (as ? binsForAnyUser() : BINS)[bin], ...args];
  const [file, ...argv] = as ? ['setpriv', `--reuid=${as.uid}`, `--regid=${as.uid}`, '--clear-groups', ...command] : command;
  const result = spawnSync(file!, argv, {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: HARD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(result.signal, 'killed by the hard timeout: the command hung').toBeNull();
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function moduleDir(): string {
  const cwd = tempDir('ai4os-hostile-');
  const created = run('create', ['my-model', '--yes', '--author', 'Jane Doe <jane@uni.eu>', '--no-git'], cwd);
  expect(created.status, created.out).toBe(0);
  return join(cwd, 'my-model');
}

describe('files that are not regular files', () => {
  it('validate refuses a FIFO at once (given as a file, and as the metadata file of a module)', () => {
    const dir = tempDir('ai4os-fifo-');
    execFileSync('mkfifo', [join(dir, 'pipe.yml')]);
    const file = run('cli', ['validate', 'pipe.yml'], dir);
    expect(file.status).toBe(4);
    expect(file.out).toContain("'pipe.yml' is a FIFO (named pipe): only regular files are read.");

    const module = moduleDir();
    rmSync(join(module, 'ai4-metadata.yml'));
    execFileSync('mkfifo', [join(module, 'ai4-metadata.yml')]);
    const inModule = run('cli', ['validate', '.'], module);
    expect(inModule.status).toBe(4);
    expect(inModule.out).toContain("'ai4-metadata.yml' is a FIFO (named pipe): only regular files are read.");
  });

  it('validate refuses a FIFO as --schema', () => {
    const module = moduleDir();
    execFileSync('mkfifo', [join(module, 'schema.json')]);
    const result = run('cli', ['validate', '--schema', 'schema.json'], module);
    expect(result.status).toBe(4);
    expect(result.out).toMatch(/Cannot read the schema file: '.*schema\.json' is a FIFO \(named pipe\): only regular files are read\./);
  });

  it('validate refuses /dev/zero as ai4-metadata.yml', () => {
    const module = moduleDir();
    rmSync(join(module, 'ai4-metadata.yml'));
    symlinkSync('/dev/zero', join(module, 'ai4-metadata.yml'));
    const result = run('cli', ['validate'], module);
    expect(result.status).toBe(4);
    expect(result.out).toContain("'ai4-metadata.yml' is a character device: only regular files are read.");
  });

  it('create refuses --answers /dev/zero, and says a missing answers file does not exist', () => {
    const cwd = tempDir('ai4os-answers-');
    const zero = run('create', ['my-model', '--yes', '--answers', '/dev/zero'], cwd);
    expect(zero.status).toBe(2);
    expect(zero.out).toContain('The answers file /dev/zero is a character device: only regular files are read.');
    const missing = run('create', ['my-model', '--yes', '--answers', 'answers.yml'], cwd);
    expect(missing.status).toBe(2);
    expect(missing.out).toContain('The answers file answers.yml does not exist.');
    expect(missing.out).not.toMatch(/ENOENT|This is a bug/);
  });

  it('migrate refuses /dev/zero', () => {
    const result = run('cli', ['migrate', '/dev/zero'], tempDir());
    expect(result.status).toBe(2);
    expect(result.out).toContain("'/dev/zero' is a character device: only regular files are read.");
  });

  it('check refuses a .yo-rc.json that links to /dev/zero', () => {
    const module = moduleDir();
    rmSync(join(module, '.yo-rc.json'));
    symlinkSync('/dev/zero', join(module, '.yo-rc.json'));
    const result = run('cli', ['check'], module);
    expect(result.status).toBe(2);
    expect(result.out).toContain('.yo-rc.json is a character device: only regular files are read.');
  });
});

describe('a Dockerfile that is there but cannot be read', () => {
  it('is reported as unreadable, not as missing (a directory named Dockerfile)', () => {
    const module = moduleDir();
    rmSync(join(module, 'Dockerfile'));
    mkdirSync(join(module, 'Dockerfile'));
    const result = run('cli', ['validate', '.'], module);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/Dockerfile.*Dockerfile is a directory: only regular files are read/);
    expect(result.out).not.toContain('There is no Dockerfile');
  });

  it('is reported as unreadable, not as missing (no read permission, run as an unprivileged user)', () => {
    const module = moduleDir();
    // Tests run as root, whom permissions do not stop: run the check as nobody.
    const asRoot = process.getuid?.() === 0;
    for (let dir = module; dir !== '/' && asRoot; dir = join(dir, '..')) if (dir.startsWith('/tmp/')) chmodSync(dir, 0o755);
    chmodSync(join(module, 'Dockerfile'), 0o000);
    const result = run('cli', ['validate', '.'], module, asRoot ? { uid: 65534 } : undefined);
    expect(result.status).toBe(1);
    expect(result.out).toContain('Dockerfile cannot be read: permission denied.');
    expect(result.out).not.toContain('There is no Dockerfile');
  });
});
