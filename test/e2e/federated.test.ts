/**
 * Federated training for real, with Flower from PyPI (flwr 1.x, the API the platform's
 * server speaks): a module created with --federated passes its own tests of the client,
 * flake8 and bandit; then a Flower server on 127.0.0.1 (test/support/flower_server.py, the
 * platform's server as far as FedAvg goes, with the metric deploy --federated-server sends)
 * and two clients of the module (`python -m <pkg>.federated --server HOST:PORT --insecure`,
 * each with its own data and models directory) run two rounds to the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_METRIC } from '../../src/deploy/ai4os/federated-options.js';
import { BINS, tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { runAsync } from '../support/spawn.js';

const SERVER = fileURLToPath(new URL('../support/flower_server.py', import.meta.url));
const PKG = 'federated_birds';
const PREFIX = PKG.toUpperCase();

interface Ran {
  status: number | null;
  output: string;
}

function started(args: string[], cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(venvBin('python'), args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const done = new Promise<Ran>((resolve) => child.on('close', (status) => resolve({ status, output })));
  return { child, done };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Until the port accepts a connection; gives up only when the server has exited (the test's timeout ends a hang). */
async function listening(port: number, server: ChildProcess): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the Flower server exited before listening on ${port}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a module created with --federated, and Flower from PyPI', () => {
  let cwd: string;
  let dir: string;
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    cwd = tempDir('ai4os-e2e-federated-');
    const bin = BINS.create;
    await runAsync(process.execPath, [bin, 'federated-birds', '--yes', '--no-git', '--author', 'A <a@b.eu>', '--federated'], { cwd });
    dir = join(cwd, 'federated-birds');
    await runAsync(venvBin('pip'), ['install', '--quiet', '--no-deps', '--no-build-isolation', '-e', dir], { cwd: dir });
  });

  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    if (dir) await runAsync(venvBin('pip'), ['uninstall', '--quiet', '--yes', 'federated-birds'], { cwd: dir });
  });

  it("passes its own tests of the client, without a server, and the hub's flake8 and bandit", async () => {
    const tests = await runAsync(venvBin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_federated.py'], {
      cwd: dir,
    });
    expect(tests).toMatch(/^7 passed/m);
    await runAsync(venvBin('flake8'), ['--statistics', PKG, 'tests'], { cwd: dir });
    await runAsync(venvBin('bandit'), ['-q', '-r', PKG, '-x', 'tests'], { cwd: dir });
  });

  it('trains with two clients for two rounds on a Flower server on 127.0.0.1: both end, each holding a changed model', async () => {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const server = started([SERVER, address], cwd, {
      FEDERATED_ROUNDS: '2',
      FEDERATED_METRIC: CLIENT_METRIC,
      FEDERATED_MIN_FIT_CLIENTS: '2',
      FEDERATED_MIN_AVAILABLE_CLIENTS: '2',
    });
    processes.push(server.child);
    await listening(port, server.child).catch(async (error) => {
      throw new Error(`${error.message}\n${(await server.done).output}`);
    });

    const clients = [1, 2].map((seed) => {
      const models = join(cwd, `client-${seed}`, 'models');
      mkdirSync(models, { recursive: true });
      const client = started(['-m', `${PKG}.federated`, '--server', address, '--insecure'], dir, {
        [`${PREFIX}_MODELS_PATH`]: models,
        [`${PREFIX}_FEDERATED_SEED`]: String(seed),
        [`${PREFIX}_FEDERATED_EPOCHS`]: '5',
      });
      processes.push(client.child);
      return { models, done: client.done };
    });

    // The clients end when the server ends the training, or when they fail: then the server would wait for ever.
    for (const { status, output } of await Promise.all(clients.map((c) => c.done))) {
      if (status !== 0) server.child.kill('SIGKILL');
      expect(status, output).toBe(0);
    }
    const { status, output } = await server.done;
    expect(status, output).toBe(0);
    const history = JSON.parse(/^HISTORY (.*)$/m.exec(output)?.[1] ?? 'null');
    expect(history, output).not.toBeNull();
    expect(history.losses.map(([round]: [number]) => round)).toEqual([1, 2]);
    expect(history.metrics[CLIENT_METRIC].map(([round]: [number]) => round)).toEqual([1, 2]);
    // The global model improves: round 2's loss is below round 1's.
    expect(history.losses[1][1]).toBeLessThan(history.losses[0][1]);

    for (const { models } of clients) {
      // Before training the module's weight is 1.0; y = 2x is what the data says.
      const { weight } = JSON.parse(readFileSync(join(models, 'model.json'), 'utf8'));
      expect(weight).not.toBe(1.0);
      expect(Math.abs(weight - 2)).toBeLessThan(Math.abs(1 - 2));
    }
  });
});
