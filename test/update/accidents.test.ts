/**
 * `update` where the machine or the repository is not as expected: files git does not track
 * at paths it would write, a detached HEAD, signed commits and hooks, a full disk, a stale
 * index.lock. Each ends with a message saying what to do and the module as it was, or with
 * the update done as the owner's git would do it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeSync,
  closeSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { update } from '../../src/update/update.js';
import { commitAll, edit, git, module090, read, removeCreatedModules, removeDir, runCli, snapshot, tempDir } from './support.js';

const dirs: string[] = [];
const mounts: string[] = [];
afterAll(() => {
  for (const mount of mounts) spawnSync('umount', [mount]);
  dirs.forEach(removeDir);
  removeCreatedModules();
});

const quiet = { print: () => {} };

describe('files git does not track, at paths the update writes', () => {
  it('an ignored file (.git/info/exclude) is reported, never overwritten', async () => {
    const dir = await module090();
    writeFileSync(join(dir, '.git/info/exclude'), '# mine\nsecret/\n');
    mkdirSync(join(dir, 'secret'));
    writeFileSync(join(dir, 'secret/api.py'), 'TOKEN = "s3cret"\n');
    const before = snapshot(dir);
    const result = runCli(['update', '--set', 'package-name=secret'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^The update would write where files exist that git does not track \(it would overwrite them\):\n {2}secret\/api\.py: ignored by \.git\/info\/exclude:2 \(secret\/\)\n/,
    );
    expect(result.stderr).toContain('Nothing was changed.');
    expect(read(dir, 'secret/api.py')).toBe('TOKEN = "s3cret"\n');
    expect(snapshot(dir)).toBe(before);
  });

  it('an ignored file (.gitignore) is reported, and the dry run says the update would stop', async () => {
    const dir = await module090();
    edit(dir, '.gitignore', (t) => `${t}.dockerignore\n`);
    commitAll(dir, 'Ignore .dockerignore');
    writeFileSync(join(dir, '.dockerignore'), 'mine, untracked\n');
    const lines = read(dir, '.gitignore').split('\n').length - 1;
    const dry = runCli(['update', '--dry-run'], dir);
    expect(dry.stdout).toContain(
      `The update would stop: it would write where files exist that git does not track (it would overwrite them):\n  .dockerignore: ignored by .gitignore:${lines} (.dockerignore)`,
    );
    const before = snapshot(dir);
    const result = runCli(['update'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`.dockerignore: ignored by .gitignore:${lines} (.dockerignore)`);
    expect(read(dir, '.dockerignore')).toBe('mine, untracked\n');
    expect(snapshot(dir)).toBe(before);
  });

  it('an ignored symlink where the update makes a folder is reported; nothing is written through it', async () => {
    const dir = await module090();
    const outside = tempDir();
    dirs.push(outside);
    writeFileSync(join(dir, '.git/info/exclude'), 'secret\n');
    symlinkSync(outside, join(dir, 'secret'));
    const result = runCli(['update', '--set', 'package-name=secret'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  secret: ignored by .git/info/exclude:1 (secret)\n');
    expect(execFileSync('ls', ['-A', outside], { encoding: 'utf8' })).toBe('');
  });
});

describe('HEAD, signatures and hooks', () => {
  it('refuses a detached HEAD', async () => {
    const dir = await module090();
    git(dir, 'checkout', '-q', '--detach');
    const before = snapshot(dir);
    const result = runCli(['update'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^HEAD is detached \(not on a branch\).*\nSwitch to the branch to update \(git switch main\)/);
    expect(snapshot(dir)).toBe(before);
  });

  it('signs its commits when the owner signs every commit (ssh signing)', async () => {
    const dir = await module090();
    const key = join(tempDir(), 'key');
    dirs.push(join(key, '..'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'owner', '-f', key]);
    git(dir, 'config', 'gpg.format', 'ssh');
    git(dir, 'config', 'user.signingkey', key);
    git(dir, 'config', 'commit.gpgsign', 'true');
    const signers = join(key, '..', 'allowed_signers');
    writeFileSync(signers, `owner@example.org ${readFileSync(`${key}.pub`, 'utf8')}`);
    expect((await update({ cwd: dir, ...quiet })).status).toBe('updated');
    for (const commit of ['HEAD', 'HEAD^2']) {
      expect(git(dir, 'cat-file', 'commit', commit)).toContain('-----BEGIN SSH SIGNATURE-----');
      git(dir, '-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', commit);
    }
  });

  it.skipIf(spawnSync('gpg', ['--version']).status !== 0)('signs its commits with gpg, the key from user.signingkey', async () => {
    const dir = await module090();
    const home = tempDir('ai4os-gnupg-');
    dirs.push(home);
    const env = { ...process.env, GNUPGHOME: home };
    try {
      const gpg = (...args: string[]) =>
        execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env, encoding: 'utf8' });
      gpg('--quick-gen-key', 'Owner <owner@example.org>', 'ed25519', 'sign', 'never');
      const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg('--with-colons', '--list-secret-keys'))![1]!;
      git(dir, 'config', 'user.signingkey', fingerprint);
      git(dir, 'config', 'commit.gpgsign', 'true');
      const result = runCli(['update'], dir, { GNUPGHOME: home });
      expect(result.code).toBe(0);
      for (const commit of ['HEAD', 'HEAD^2']) {
        expect(execFileSync('git', ['log', '-1', '--format=%G? %GF', commit], { cwd: dir, env, encoding: 'utf8' }).trim()).toBe(
          `G ${fingerprint}`,
        );
      }
    } finally {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env });
    }
  });

  it('says so when signing fails, and changes nothing', async () => {
    const dir = await module090();
    git(dir, 'config', 'gpg.format', 'ssh');
    git(dir, 'config', 'user.signingkey', join(dir, 'no-such-key'));
    git(dir, 'config', 'commit.gpgsign', 'true');
    const before = snapshot(dir);
    const result = runCli(['update'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^commit\.gpgsign is set, but git could not sign the update's commit:/);
    expect(result.stderr).toContain('Check that `git commit -S` works in this repository');
    expect(snapshot(dir)).toBe(before);
  });

  it('does not run commit hooks, and says so', async () => {
    const dir = await module090();
    const hook = join(dir, '.git/hooks/pre-commit');
    writeFileSync(hook, `#!/bin/sh\ntouch "${join(dir, '.git/hook-ran')}"\n`);
    chmodSync(hook, 0o755);
    const result = runCli(['update'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Git hooks not run: pre-commit (update commits with git plumbing, as a merge of the template).');
    expect(existsSync(join(dir, '.git/hook-ran'))).toBe(false);
    // No hooks, no such line.
    const plain = await module090();
    expect(runCli(['update'], plain).stdout).not.toContain('Git hooks');
  });
});

describe('a stale .git/index.lock', () => {
  it('found before the update starts: says what to do, changes nothing', async () => {
    const dir = await module090();
    writeFileSync(join(dir, '.git/index.lock'), '');
    const before = snapshot(dir);
    const result = runCli(['update'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `Another git process is using this repository: ${join(dir, '.git/index.lock')} exists.\n` +
        `Wait for it to finish. If no git command is running (git crashed, or an editor's git stopped), remove the file (rm ${join(dir, '.git/index.lock')}) and run again. Nothing was changed.\n`,
    );
    expect(snapshot(dir)).toBe(before);
    rmSync(join(dir, '.git/index.lock'));
    expect(runCli(['update'], dir).code).toBe(0);
  });

  it('appearing while the update runs: the same', async () => {
    const dir = await module090();
    const before = snapshot(dir);
    const run = update({
      cwd: dir,
      ...quiet,
      onStep: (step) => void (step === 'result' && writeFileSync(join(dir, '.git/index.lock'), '')),
    });
    await expect(run).rejects.toThrow(/^Another git process is using this repository/);
    rmSync(join(dir, '.git/index.lock'));
    expect(snapshot(dir)).toBe(before);
  });
});

/** A small tmpfs (needs root); undefined where mounting is not allowed. */
function smallDisk(): string | undefined {
  const dir = tempDir('ai4os-full-disk-');
  dirs.push(dir);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir]).status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}

/** Write zeros until the file system says ENOSPC. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [65536, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const disk = process.getuid?.() === 0 ? smallDisk() : undefined;

describe.skipIf(!disk)('a full disk (a small tmpfs)', () => {
  it('full from the start: says so, changes nothing', async () => {
    const dir = await module090(join(disk!, 'before'));
    const before = snapshot(dir);
    fill(join(disk!, 'filler'));
    const result = runCli(['update'], dir);
    rmSync(join(disk!, 'filler'));
    expect(result.stderr).toMatch(/^The disk is full \(or over quota\): no space left to write the update/);
    expect(result.stderr).not.toContain('This is a bug');
    expect(result.code).toBe(2);
    expect(snapshot(dir)).toBe(before);
    expect(runCli(['update'], dir).code).toBe(0);
  });

  it('full while the files are written: puts them back, says so', async () => {
    const dir = await module090(join(disk!, 'during'));
    const before = snapshot(dir);
    const run = update({ cwd: dir, ...quiet, onStep: (step) => void (step === 'commit' && fill(join(disk!, 'filler'))) });
    await expect(run).rejects.toThrow(/^The disk is full/);
    rmSync(join(disk!, 'filler'));
    expect(snapshot(dir)).toBe(before);
    expect(existsSync(join(dir, '.git/ai4os-module.lock'))).toBe(false);
    expect((await update({ cwd: dir, ...quiet })).status).toBe('updated');
  });
});
