/**
 * `deploy --target ai4os --federated-server` against the loopback platform API
 * (support/fake-papi.ts): the federated server tool is created through the tools route with
 * its `flower` settings, and the address the module's Flower clients use is printed.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';
import { FakePapi } from './support/fake-papi.js';
import { cli } from './support/run.js';

const NAME = 'federated-birds';
let dir: string;
let plain: string;
let papi: FakePapi;
let env: NodeJS.ProcessEnv;

/** A module made by the built bin, as a user makes one (spawned without blocking the test worker). */
async function create(cwd: string, name: string, ...flags: string[]): Promise<string> {
  const created = await cli(['new', name, '--yes', '--no-git', '--author', 'A <a@b.eu>', ...flags], cwd, {});
  expect(created.status, created.stderr).toBe(0);
  return join(cwd, name);
}

beforeAll(async () => {
  const cwd = tempDir('ai4os-deploy-fedserver-');
  [dir, plain] = await Promise.all([create(cwd, NAME, '--federated'), create(cwd, 'plain-model')]);
});
beforeEach(async () => {
  papi = await new FakePapi().start();
  env = { AI4OS_API: papi.url, AI4OS_TOKEN: papi.token, OIDC_SOCK: '', OIDC_ACCOUNT: '' };
});
afterEach(() => papi.stop());

const deploy = (...args: string[]) => cli(['deploy', '--target', 'ai4os', '--federated-server', ...args], dir, env);

describe('deploy --target ai4os --federated-server', () => {
  it('starts the tool with its flower settings, waits until it runs and prints the address the clients use', async () => {
    const run = await deploy('--rounds', '10', '--strategy', 'FedProx', '--min-clients', '3', '--vo', 'vo.ai4life.eu', '--wait');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(papi.token);
    const [create] = papi.calls('POST /v1/deployments/tools');
    expect(create!.query.get('tool_name')).toBe('ai4os-federated-server');
    expect(create!.query.get('vo')).toBe('vo.ai4life.eu');
    expect(create!.headers.authorization).toBe(`Bearer ${papi.token}`);
    expect(create!.body).toEqual({
      general: {
        title: 'Federated server: Federated Birds',
        desc: 'Flower server for the clients of federated-birds (python -m federated_birds.federated)',
        docker_image: 'ai4oshub/ai4os-federated-server',
        docker_tag: 'latest',
        service: 'fedserver',
      },
      flower: {
        rounds: 10,
        metric: 'loss',
        min_fit_clients: 3,
        min_available_clients: 3,
        strategy: 'FedProx strategy (FedProx)',
      },
    });
    expect(papi.calls('POST /v1/deployments/modules')).toHaveLength(0);
    expect(papi.calls('GET /v1/catalog/tools/ai4os-federated-server/config')[0]!.query.get('vo')).toBe('vo.ai4life.eu');
    const [id] = papi.deployments.keys();
    const address = `fedserver-${id}.ifca-deployments.cloud.ai4eosc.eu:443`;
    expect(run.stdout).toContain(`Federated server ${id} in vo.ai4life.eu: running\nAddress for the clients: ${address}\n`);
    expect(run.stdout).toContain(`  python -m federated_birds.federated --server ${address}\n`);
    expect(run.stdout).toContain('FEDERATED_BIRDS_FEDERATED_TOKEN');

    const status = await deploy('--vo', 'vo.ai4life.eu', '--status', id!, '--json');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ job_ID: id, status: 'running', tool_name: 'ai4os-federated-server', address });
    const list = await deploy('--vo', 'vo.ai4life.eu', '--list');
    expect(list.stdout).toBe(`${id}  running   Federated server: Federated Birds  ${address}\n`);
    const modules = await cli(['deploy', '--target', 'ai4os', '--vo', 'vo.ai4life.eu', '--list'], dir, env);
    expect(modules.stdout).toBe('No deployments in vo.ai4life.eu.\n');
    const stop = await deploy('--vo', 'vo.ai4life.eu', '--stop', id!);
    expect(stop.stdout).toBe(`Deleted federated server ${id} in vo.ai4life.eu.\n`);
    expect(papi.calls(`DELETE /v1/deployments/tools/${id}`)).toHaveLength(1);
    expect((await deploy('--vo', 'vo.ai4life.eu', '--status', id!)).status).toBe(3);
  });

  it("takes the defaults and the strategies' names from the catalog's config, and checks its ranges before sending", async () => {
    papi.toolConfigs.set('ai4os-federated-server', {
      general: { docker_tag: { value: 'tokens', options: ['tokens', 'latest'] } },
      hardware: { cpu_num: { value: 1, range: [1, 2] } },
      flower: {
        rounds: { value: 3, range: [1, null] },
        min_fit_clients: { value: 2, range: [2, null] },
        min_available_clients: { value: 2, range: [2, null] },
        strategy: { value: 'Federated Averaging (FedAvg)', options: ['Federated Averaging (FedAvg)', 'Federated Median (FedMedian)'] },
      },
    });
    const cpu = await deploy('--cpu', '4');
    expect(cpu.status).toBe(2);
    expect(cpu.stderr).toContain('--cpu 4: the platform allows 1 to 2 in vo.ai4eosc.eu.');
    const missing = await deploy('--strategy', 'FedYogi');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      "--strategy FedYogi: the platform's federated server offers Federated Averaging (FedAvg); Federated Median (FedMedian).",
    );
    const few = await deploy('--min-clients', '1');
    expect(few.status).toBe(2);
    expect(few.stderr).toContain('--min-clients 1: must be a whole number from 2 to 100000.');
    expect(papi.calls('POST /v1/deployments/tools')).toHaveLength(0);

    const run = await deploy('--strategy', 'FedMedian', '--cpu', '2', '--metric', 'accuracy');
    expect(run.status, run.stderr).toBe(0);
    const body = papi.calls('POST /v1/deployments/tools')[0]!.body as any;
    expect(body.general.docker_tag).toBe('tokens');
    expect(body.hardware).toEqual({ cpu_num: 2 });
    expect(body.flower).toEqual({
      rounds: 3,
      metric: 'accuracy',
      min_fit_clients: 2,
      min_available_clients: 2,
      strategy: 'Federated Median (FedMedian)',
    });
    const [id] = papi.deployments.keys();
    expect(run.stdout).toBe(
      `Federated server ${id} in vo.ai4eosc.eu: queued\nIts address is known once it runs: ai4os-module deploy --target ai4os --federated-server --vo vo.ai4eosc.eu --status ${id}\n`,
    );
  });

  it('says how a module without a Flower client gets one, and names a strategy the image cannot start', async () => {
    const run = await cli(['deploy', '--target', 'ai4os', '--federated-server', '--strategy', 'FedAdam'], plain, env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'Note: plain-model has no Flower client yet; `ai4os-module update --set federated=true` adds plain_model/federated.py.',
    );
    expect(run.stderr).toContain('Note: the server starts FedAdam from initial_model.keras, which its image does not hold');
    expect((papi.calls('POST /v1/deployments/tools')[0]!.body as any).flower.strategy).toBe('Federated Optimization with Adam (FedAdam)');
  });
});
