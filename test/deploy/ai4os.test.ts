/**
 * `deploy --target ai4os` and `catalog` against a loopback platform API that follows
 * ai4os/ai4-papi's routes, bodies and quirks (support/fake-papi.ts) and records every
 * request; the token reaches only the Authorization header. No Python needed.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { FakePapi } from './support/fake-papi.js';
import { type Result, cli, createModule } from './support/run.js';

const NAME = 'deploy-ai4os-test';
let cwd: string;
let dir: string;
let papi: FakePapi;
let env: NodeJS.ProcessEnv;

const DEMO = {
  title: 'AI4OS demo app',
  summary: 'A minimal toy application for demo and testing purposes',
  description: 'Long text',
  license: 'MIT',
  libraries: ['Other'],
  tasks: ['Image classification'],
  categories: ['AI4 pre trained'],
  tags: ['deep learning', 'demo'],
  links: { source_code: 'https://github.com/ai4os-hub/ai4os-demo-app', docker_image: 'ai4oshub/ai4os-demo-app' },
};

beforeAll(() => {
  cwd = tempDir('ai4os-deploy-papi-');
  dir = createModule(cwd, NAME);
});
beforeEach(async () => {
  papi = await new FakePapi().start();
  papi.catalog.set('ai4os-demo-app', DEMO);
  papi.catalog.set('birds-audio-classification', {
    ...DEMO,
    title: 'Birds audio classification',
    summary: 'Classify bird songs',
    tags: ['audio'],
    tasks: ['Audio classification'],
  });
  env = { AI4OS_API: papi.url, AI4OS_TOKEN: papi.token, OIDC_SOCK: '', OIDC_ACCOUNT: '' };
});
afterEach(() => papi.stop());

const deploy = (...args: string[]) => cli(['deploy', '--target', 'ai4os', ...args], dir, env);

function expectNoToken(result: Result, token = papi.token): void {
  expect(result.stdout + result.stderr).not.toContain(token);
}

describe('catalog', () => {
  it('lists, searches and shows the marketplace without a token', async () => {
    const list = await cli(['catalog', 'list'], cwd, { AI4OS_API: papi.url, AI4OS_TOKEN: '' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toBe('ai4os-demo-app              AI4OS demo app\nbirds-audio-classification  Birds audio classification\n');
    expect(papi.requests[0]!.headers.authorization).toBeUndefined();

    const search = await cli(['catalog', 'search', 'Audio', 'bird', '--json'], cwd, env);
    expect(JSON.parse(search.stdout).map((e: { name: string }) => e.name)).toEqual(['birds-audio-classification']);
    const none = await cli(['catalog', 'search', 'lidar'], cwd, env);
    expect(none.stdout).toBe('No module of the catalog matches "lidar".\n');

    const show = await cli(['catalog', 'show', 'ai4os-demo-app'], cwd, env);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('ai4os-demo-app: AI4OS demo app');
    expect(show.stdout).toContain('docker image: ai4oshub/ai4os-demo-app');
    expect(papi.calls('GET /v1/catalog/modules/ai4os-demo-app/metadata')).toHaveLength(1);
    const json = await cli(['catalog', 'show', 'ai4os-demo-app', '--json'], cwd, env);
    expect(JSON.parse(json.stdout)).toEqual(DEMO);
  });

  it('suggests the closest name for one not in the catalog, and retries a 503', async () => {
    const missing = await cli(['catalog', 'show', 'ai4os-demo-ap'], cwd, env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('The catalog has no module "ai4os-demo-ap".');
    expect(missing.stderr).toContain('Did you mean "ai4os-demo-app"?');
    papi.failures.set('GET /v1/catalog/modules/detail', [503]);
    const list = await cli(['catalog', 'list', '--json'], cwd, env);
    expect(list.status, list.stderr).toBe(0);
    expect(papi.calls('GET /v1/catalog/modules/detail')).toHaveLength(2);
  });
});

describe('deploy --target ai4os', () => {
  it("creates the deployment from the module's answers, waits until it runs and prints its endpoints; --list, --status, --stop", async () => {
    const run = await deploy('--vo', 'vo.ai4life.eu', '--tag', '1.0.0', '--memory', '6000', '--wait', '--json');
    expect(run.status, run.stderr).toBe(0);
    expectNoToken(run);
    const [create] = papi.calls('POST /v1/deployments/modules');
    expect(create!.query.get('vo')).toBe('vo.ai4life.eu');
    expect(create!.headers.authorization).toBe(`Bearer ${papi.token}`);
    expect(create!.body).toEqual({
      general: {
        title: 'Deploy Ai4os Test',
        desc: 'Deploy Ai4os Test, served with DEEPaaS on the AI4OS platform',
        docker_image: `ai4oshub/${NAME}`,
        docker_tag: '1.0.0',
        service: 'deepaas',
      },
      hardware: { cpu_num: 1, gpu_num: 0, gpu_type: '', ram: 6000, disk: 10000 },
    });
    expect(papi.calls(`GET /v1/catalog/modules/${NAME}/config`)[0]!.query.get('vo')).toBe('vo.ai4life.eu');
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'running', vo: 'vo.ai4life.eu' });
    expect(result.endpoints.api).toBe(`https://api-${result.job_ID}.ifca-deployments.cloud.ai4eosc.eu/ui`);
    expect(papi.calls(`GET /v1/deployments/modules/${result.job_ID}`).length).toBe(3);

    const list = await deploy('--vo', 'vo.ai4life.eu', '--list');
    expect(list.stdout).toContain(`${result.job_ID}  running   Deploy Ai4os Test`);
    expect(papi.calls('GET /v1/deployments/modules')[0]!.query.getAll('vos')).toEqual(['vo.ai4life.eu']);
    const status = await deploy('--vo', 'vo.ai4life.eu', '--status', result.job_ID);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`Deployment ${result.job_ID} (Deploy Ai4os Test) in vo.ai4life.eu: running`);
    const stop = await deploy('--vo', 'vo.ai4life.eu', '--stop', result.job_ID);
    expect(stop.stdout).toBe(`Deleted deployment ${result.job_ID} in vo.ai4life.eu.\n`);
    expect((await deploy('--vo', 'vo.ai4life.eu', '--status', result.job_ID)).status).toBe(3);
  });

  it('takes the ranges of the catalog config, and checks them and the image rule before sending', async () => {
    papi.configs.set(NAME, {
      general: {
        docker_tag: { value: '2.0.0', options: ['2.0.0', 'latest'] },
        service: { value: 'deepaas', options: ['deepaas', 'jupyter'] },
      },
      hardware: { cpu_num: { value: 2, range: [2, 4] }, ram: { value: 2000, range: [2000, 4000] } },
    });
    const cpu = await deploy('--vo', 'tutorials', '--cpu', '1');
    expect(cpu.status).toBe(2);
    expect(cpu.stderr).toContain('--cpu 1: the platform allows 2 to 4 in tutorials.');
    const image = await deploy('--image', 'docker.io/me/model');
    expect(image.status).toBe(2);
    expect(image.stderr).toContain(
      'Image docker.io/me/model: the platform runs only images under ai4oshub/, deephdc/, registry.cloud.ai4eosc.eu/.',
    );
    expect(papi.calls('POST /v1/deployments/modules')).toHaveLength(0);
    const ok = await deploy('--vo', 'tutorials', '--cpu', '2');
    expect(ok.status, ok.stderr).toBe(0);
    expect((papi.calls('POST /v1/deployments/modules')[0]!.body as any).general.docker_tag).toBe('2.0.0');
  });

  it('treats HTTP 200 with "status": "fail" as the failure it is', async () => {
    papi.refuseNextCreate = 'Nomad: Could not place job: insufficient memory';
    const run = await deploy();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The platform refused the deployment: Nomad: Could not place job: insufficient memory');
    expect(papi.deployments.size).toBe(0);
  });

  it('never repeats a create whose answer was lost: it finds the deployment by listing', async () => {
    papi.dropNextCreateAnswer = true;
    const run = await deploy('--json');
    expect(run.status, run.stderr).toBe(0);
    expect(papi.calls('POST /v1/deployments/modules')).toHaveLength(1);
    expect(papi.deployments.size).toBe(1);
    const [id] = papi.deployments.keys();
    expect(run.stderr).toContain(`The platform did not confirm, but the deployment exists: ${id}.`);
    expect(JSON.parse(run.stdout).job_ID).toBe(id);
  });

  it('reports a deployment that ends in error while waiting', async () => {
    papi.statuses = ['queued', 'error'];
    const run = await deploy('--wait');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Deployment [0-9a-f-]{36} is error: Could not place: insufficient memory\./);
  });

  it('reads the token from standard input and from oidc-agent, never from argv, and says how to get one', async () => {
    const stdin = await cli(['deploy', '--target', 'ai4os', '--token-stdin'], dir, { ...env, AI4OS_TOKEN: '' }, `${papi.token}\n`);
    expect(stdin.status, stdin.stderr).toBe(0);
    expect(papi.calls('POST /v1/deployments/modules')[0]!.headers.authorization).toBe(`Bearer ${papi.token}`);

    // oidc-agent's socket protocol: one JSON request, one JSON answer.
    const socket = join(cwd, 'oidc.sock');
    rmSync(socket, { force: true });
    const asked: unknown[] = [];
    const agent = createServer((c) =>
      c.on('data', (d) => {
        asked.push(JSON.parse(d.toString()));
        c.end(
          JSON.stringify({
            status: 'success',
            access_token: papi.token,
            issuer: 'https://login.cloud.ai4eosc.eu/realms/ai4eosc/',
            expires_at: 0,
          }),
        );
      }),
    );
    await new Promise<void>((resolve) => agent.listen(socket, resolve));
    try {
      const viaAgent = await cli(['deploy', '--target', 'ai4os', '--oidc-account', 'ai4os', '--list'], dir, {
        ...env,
        AI4OS_TOKEN: '',
        OIDC_SOCK: socket,
      });
      expect(viaAgent.status, viaAgent.stderr).toBe(0);
      expectNoToken(viaAgent);
      expect(asked).toEqual([{ request: 'access_token', account: 'ai4os', min_valid_period: 60, application_hint: 'ai4os-module' }]);
    } finally {
      agent.close();
    }

    const none = await cli(['deploy', '--target', 'ai4os'], dir, { ...env, AI4OS_TOKEN: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('The AI4OS platform wants a token for this, and none was given.');
    expect(none.stderr).toContain('oidc-gen');

    papi.token = 'another-token-zyxwvutsrqpo';
    const rejected = await deploy();
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toContain('401');
    expect(rejected.stderr).toContain('Invalid token');
    expectNoToken(rejected, env.AI4OS_TOKEN!);
  });

  it("--storage sends the platform's storage configuration, and --dataset the datasets to download into it", async () => {
    const password = 'app pass-word 42';
    const storageEnv = { ...env, AI4OS_STORAGE_USER: 'EGI_Checkin-alice@egi.eu', AI4OS_STORAGE_PASSWORD: password };
    const run = await cli(
      ['deploy', '--target', 'ai4os', '--storage', '--dataset', '10.5281/zenodo.1234', '--dataset', 'https://example.org/set.zip'],
      dir,
      storageEnv,
    );
    expect(run.status, run.stderr).toBe(0);
    const body = papi.calls('POST /v1/deployments/modules')[0]!.body as any;
    // As ai4-papi etc/modules/user.yaml names them; the platform obscures the password itself.
    expect(body.storage).toEqual({
      rclone_conf: '/srv/.rclone/rclone.conf',
      rclone_url: 'https://share.cloud.ai4eosc.eu/remote.php/dav/files/EGI_Checkin-alice@egi.eu',
      rclone_vendor: 'nextcloud',
      rclone_user: 'EGI_Checkin-alice@egi.eu',
      rclone_password: password,
      datasets: [
        { doi: '10.5281/zenodo.1234', force_pull: false },
        { doi: 'https://example.org/set.zip', force_pull: false },
      ],
    });
    expect(run.stdout + run.stderr).not.toContain(password);

    const server = await cli(['deploy', '--target', 'ai4os', '--storage'], dir, {
      ...storageEnv,
      AI4OS_STORAGE_SERVER: 'https://cloud.example.org/nextcloud/',
    });
    expect(server.status, server.stderr).toBe(0);
    expect((papi.calls('POST /v1/deployments/modules')[1]!.body as any).storage.rclone_url).toBe(
      'https://cloud.example.org/nextcloud/remote.php/dav/files/EGI_Checkin-alice@egi.eu',
    );

    // Without a password (no terminal to ask at), nothing is sent.
    const none = await cli(['deploy', '--target', 'ai4os', '--storage'], dir, { ...storageEnv, AI4OS_STORAGE_PASSWORD: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('The storage password is missing (AI4OS_STORAGE_PASSWORD).');
    expect(none.stderr).toContain('Devices & sessions');
    const dataset = await deploy('--dataset', '10.5281/zenodo.1234');
    expect(dataset.status).toBe(2);
    expect(dataset.stderr).toContain('--dataset needs --storage');
    const webdav = await cli(['deploy', '--target', 'ai4os', '--storage'], dir, {
      ...storageEnv,
      AI4OS_STORAGE_SERVER: 'https://share.cloud.ai4eosc.eu/remote.php/webdav/',
    });
    expect(webdav.status).toBe(2);
    expect(webdav.stderr).toContain('rclone (vendor nextcloud) needs the URL to end in /remote.php/dav/files/EGI_Checkin-alice@egi.eu');
    expect(papi.calls('POST /v1/deployments/modules')).toHaveLength(2);
  });

  it('--try starts a try-me deployment of a catalog module', async () => {
    papi.catalog.set(NAME, DEMO);
    const run = await deploy('--try');
    expect(run.status, run.stderr).toBe(0);
    const [call] = papi.calls('POST /v1/try_me/nomad');
    expect(call!.query.get('module_name')).toBe(NAME);
    expect(call!.query.get('title')).toBe('Deploy Ai4os Test');
  });
});
