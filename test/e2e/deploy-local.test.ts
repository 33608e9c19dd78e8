/**
 * `deploy --target local` for real: a module made by the built bin, installed into a venv by
 * pip and served by the real DEEPaaS on the URL deploy prints; --status, --logs, --stop find
 * it, and nothing is left running after a stop or a Ctrl-C during the start.
 * Needs the test venv (DEEPaaS); the last test builds a fresh venv from the package index.
 */
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { CLI, cli, createModule } from '../deploy/support/run.js';
import { VENV_DIR, venvBin } from '../support/python.js';

/** Pids of the processes whose command line holds `needle` (the module's unique package name). */
function processesWith(needle: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const suffix = `${process.pid}`;

describe('deploy --target local, into the test venv', () => {
  const cwd = tempDir('ai4os-deploy-local-');
  const env = { XDG_STATE_HOME: join(cwd, 'state') };
  const name = `deploy-local-${suffix}`;
  const pkg = name.replace(/-/g, '_');
  let dir: string;
  const deploy = (...args: string[]) => cli(['deploy', ...args], dir, env);

  beforeAll(() => {
    dir = createModule(cwd, name);
  });
  afterAll(async () => {
    await deploy('--stop');
    execFileSync(venvBin('pip'), ['uninstall', '--quiet', '--yes', name], { stdio: 'ignore' });
  });

  it('installs and serves the module, and --status, --logs, --restart, --stop find it', async () => {
    const first = await deploy('--venv', VENV_DIR, '--json');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('pip install -e .');
    expect(first.stderr).toContain('Successfully installed');
    const started = JSON.parse(first.stdout) as { api: string; swagger: string; pid: number; port: number; log: string };
    expect(started.api).toBe(`http://127.0.0.1:${started.port}/v2/`);

    const models = (await (await fetch(`${started.api}models/`)).json()) as { models: { id: string }[] };
    expect(models.models.map((m) => m.id)).toEqual([pkg]);
    expect((await fetch(started.swagger)).status).toBe(200);
    expect(processesWith(pkg)).toEqual([started.pid]);

    const status = await deploy('--status');
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`API:        ${started.api}`);
    expect(status.stdout).toContain(`Swagger UI: ${started.swagger}`);

    const logs = await deploy('--logs');
    expect(logs.status).toBe(0);
    expect(logs.stdout).toContain(`Serving loaded V2 models: ['${pkg}']`);
    expect(logs.stdout).toContain('GET /v2/models/');

    const again = await deploy('--venv', VENV_DIR, '--skip-install');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`${name} is already deployed here (pid ${started.pid}, ${started.api})`);
    expect(again.stderr).toContain('--restart');

    const restarted = await deploy('--venv', VENV_DIR, '--skip-install', '--restart', '--json');
    expect(restarted.status, restarted.stderr).toBe(0);
    const second = JSON.parse(restarted.stdout) as { api: string; pid: number };
    expect(second.pid).not.toBe(started.pid);
    expect((await fetch(`${second.api}models/`)).status).toBe(200);
    expect(processesWith(pkg)).toEqual([second.pid]);

    // --logs --follow prints what is appended, and ends when the server stops.
    const follow = spawn(process.execPath, [CLI, 'deploy', '--logs', '--follow'], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let followed = '';
    follow.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString()));
    const followEnd = new Promise<number | null>((resolve) => follow.on('close', resolve));
    while (!followed.includes('Running on')) await new Promise((r) => setTimeout(r, 100));
    expect(followed).not.toContain('GET /swagger.json');
    await (await fetch(`http://127.0.0.1:${JSON.parse(restarted.stdout).port}/swagger.json`)).arrayBuffer();
    while (!followed.includes('GET /swagger.json')) await new Promise((r) => setTimeout(r, 100));

    const listed = await cli(['deploy', '--list', '--json'], cwd, env);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ repoName: name, api: second.api }]);

    const stopped = await deploy('--stop');
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toBe(`Stopped ${name}.\n`);
    expect(processesWith(pkg)).toEqual([]);
    expect(await followEnd).toBe(0);
    await expect(fetch(`${second.api}models/`)).rejects.toThrow();
    const after = await deploy('--status');
    expect(after.status).toBe(3);
    expect(after.stdout).toBe(`${name} is not deployed here.\n`);
  }, 300_000);

  it('leaves no process behind when interrupted (SIGINT) while DEEPaaS starts', async () => {
    // A model whose loading takes long: DEEPaaS warms it before it listens.
    const api = join(dir, pkg, 'api.py');
    const original = readFileSync(api, 'utf8');
    writeFileSync(api, original.replace('def warm():\n', 'def warm():\n    import time\n\n    time.sleep(600)\n'));
    try {
      const child = spawn(process.execPath, [CLI, 'deploy', '--venv', VENV_DIR, '--skip-install'], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Interrupt once DEEPaaS runs (its warm() sleeps, so it cannot be ready yet).
      while (processesWith(pkg).length === 0) await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGINT');
      expect(await code).toBe(130);
      expect(stderr).toContain('Interrupted (SIGINT); nothing was left running.');
      expect(processesWith(pkg)).toEqual([]);
      expect((await deploy('--status')).status).toBe(3);
    } finally {
      writeFileSync(api, original);
    }
  }, 120_000);

  it('says why when DEEPaaS stops before its API answers, with the end of its log', async () => {
    const api = join(dir, pkg, 'api.py');
    const original = readFileSync(api, 'utf8');
    // A model that fails to load: DEEPaaS cannot import it and exits.
    writeFileSync(api, `raise RuntimeError("the model weights are missing")\n${original}`);
    try {
      const run = await deploy('--venv', VENV_DIR, '--skip-install');
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('DEEPaaS stopped before its API answered. The end of its log');
      expect(run.stderr).toContain(`Model '${pkg}' not found in namespace 'deepaas.v2.model'`);
      expect(processesWith(pkg)).toEqual([]);
      expect((await deploy('--status')).status).toBe(3);
    } finally {
      writeFileSync(api, original);
    }
  }, 120_000);

  it('leaves no process behind when interrupted (SIGINT) during pip install', async () => {
    // A requirement pip must look up in an index that never answers: the install hangs there.
    const held = new Set<Socket>();
    const index = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => index.listen(0, '127.0.0.1', resolve));
    const requirements = join(dir, 'requirements.txt');
    const original = readFileSync(requirements, 'utf8');
    writeFileSync(requirements, `${original}ai4os-deploy-test-missing-dependency\n`);
    try {
      const url = `http://127.0.0.1:${(index.address() as AddressInfo).port}/simple/`;
      const child = spawn(process.execPath, [CLI, 'deploy', '--venv', VENV_DIR], {
        cwd: dir,
        env: { ...process.env, ...env, PIP_INDEX_URL: url, PIP_FIND_LINKS: '', PIP_NO_INDEX: '', PIP_CONFIG_FILE: '/dev/null' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = new Promise<number | null>((resolve) => child.on('close', resolve));
      const pip = () => processesWith('install').filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir));
      while (held.size === 0) await new Promise((r) => setTimeout(r, 100));
      expect(pip().length).toBeGreaterThan(0);
      child.kill('SIGINT');
      expect(await code).toBe(130);
      expect(stderr).toContain('Interrupted (SIGINT); nothing was left running.');
      expect(pip()).toEqual([]);
      expect(processesWith(pkg)).toEqual([]);
    } finally {
      writeFileSync(requirements, original);
      for (const socket of held) socket.destroy();
      index.close();
    }
  }, 120_000);

  it('--docker says so when neither docker nor podman is on PATH', async () => {
    const run = await cli(['deploy', '--docker'], dir, { ...env, PATH: join(cwd, 'state') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--docker needs Docker or Podman, and neither `docker` nor `podman` is on PATH.');
    expect(processesWith(pkg)).toEqual([]);
  });
});

describe('deploy --target local, the real flow', () => {
  it('creates the git-ignored .venv, installs the module and DEEPaaS from the index, serves it', async () => {
    const cwd = tempDir('ai4os-deploy-fresh-');
    const env = { XDG_STATE_HOME: join(cwd, 'state') };
    const name = `deploy-fresh-${suffix}`;
    const dir = createModule(cwd, name);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    try {
      const run = await cli(['deploy', '--json'], dir, env);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(`Creating a Python venv in ${join(dir, '.venv')}`);
      const { api } = JSON.parse(run.stdout) as { api: string };
      const models = (await (await fetch(`${api}models/`)).json()) as { models: { id: string }[] };
      expect(models.models.map((m) => m.id)).toEqual([name.replace(/-/g, '_')]);
      execFileSync('git', ['check-ignore', '-q', '.venv'], { cwd: dir });
      expect(execFileSync('git', ['status', '--porcelain', '--ignored=no'], { cwd: dir, encoding: 'utf8' })).not.toContain('.venv');
    } finally {
      expect((await cli(['deploy', '--stop'], dir, env)).status).toBe(0);
      expect(processesWith(name.replace(/-/g, '_'))).toEqual([]);
    }
  }, 900_000);
});
