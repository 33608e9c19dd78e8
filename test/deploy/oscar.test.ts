/**
 * `deploy --target oscar` against a loopback OSCAR cluster (support/fake-oscar.ts) and
 * `deploy --target ai4os --oscar` against the loopback platform API with that cluster behind
 * it (support/fake-papi.ts): the requests they get, the credentials only in the
 * Authorization header. No Python needed (test/e2e/deploy-oscar.test.ts runs the real script
 * and checks the fake with oscar-python).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../support/cli.js';
import { FakeOscar } from './support/fake-oscar.js';
import { FakePapi } from './support/fake-papi.js';
import { type Result, cli, createModule } from './support/run.js';

const NAME = 'deploy-oscar-test';
let cwd: string;
let dir: string;
let oscar: FakeOscar;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  cwd = tempDir('ai4os-deploy-oscar-');
  dir = createModule(cwd, NAME);
});
beforeEach(async () => {
  oscar = await new FakeOscar().start();
  env = { OSCAR_ENDPOINT: oscar.url, OSCAR_PASSWORD: oscar.password, OSCAR_USER: '', OSCAR_TOKEN: '', AI4OS_TOKEN: '' };
});
afterEach(() => oscar.stop());

const deploy = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
  cli(['deploy', '--target', 'oscar', ...args], dir, { ...env, ...extra }, input);

function expectNoSecret(result: Result): void {
  const basic = Buffer.from(`oscar:${oscar.password}`).toString('base64');
  for (const secret of [oscar.password, basic, oscar.oidcToken, ...[...oscar.services.values()].map((s) => s.token)])
    expect(result.stdout + result.stderr).not.toContain(secret);
}

const basicAuth = () => `Basic ${Buffer.from(`oscar:${oscar.password}`).toString('base64')}`;

describe('deploy --target oscar', () => {
  it('creates the service of oscar/<repo>.yaml, then updates it; --invoke, --status, --stop', async () => {
    const file = parse(readFileSync(join(dir, 'oscar', `${NAME}.yaml`), 'utf8'));
    const created = await deploy([]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Service ${NAME} created on ${oscar.url}\n  endpoint: ${oscar.url}/run/${NAME}\n`);
    const [post] = oscar.calls('POST /system/services');
    expect(post!.body).toEqual(file);
    expect(post!.headers.authorization).toBe(basicAuth());
    expect(oscar.calls(`GET /system/services/${NAME}`)).toHaveLength(1);

    const updated = await deploy(['--memory', '6000', '--cpu', '2', '--tag', '1.0.0', '--json']);
    expect(updated.status, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toEqual({ name: NAME, status: 'updated', endpoint: `${oscar.url}/run/${NAME}` });
    expect(oscar.calls('POST /system/services')).toHaveLength(1);
    const [put] = oscar.calls('PUT /system/services');
    expect(put!.body).toEqual({ ...file, image: `ai4oshub/${NAME}:1.0.0`, cpu: '2', memory: '6000Mi' });

    // Basic auth: the run goes with the service's own token, as oscar-python does it.
    const invoked = await deploy(['--invoke', '{"value": 2.5}']);
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual({ service: NAME, request: { value: 2.5 } });
    const [run] = oscar.calls(`POST /run/${NAME}`);
    expect(run!.headers.authorization).toBe(`Bearer ${oscar.services.get(NAME)!.token}`);
    writeFileSync(join(cwd, 'request.json'), '{"help": ""}');
    const fromFile = await cli(['deploy', '--target', 'oscar', NAME, '--invoke', 'request.json'], cwd, env);
    expect(JSON.parse(fromFile.stdout).request).toEqual({ help: '' });

    const status = await deploy(['--status']);
    expect(status.stdout).toBe(
      `Service ${NAME} on ${oscar.url}: ai4oshub/${NAME}:1.0.0, cpu 2, memory 6000Mi\n  endpoint: ${oscar.url}/run/${NAME}\n`,
    );
    const stop = await deploy(['--stop']);
    expect(stop.stdout).toBe(`Deleted the service ${NAME} on ${oscar.url}.\n`);
    expect(oscar.calls(`DELETE /system/services/${NAME}`)).toHaveLength(1);
    const gone = await deploy(['--status']);
    expect(gone.status).toBe(3);
    expect(gone.stderr).toContain(`No service ${NAME} on ${oscar.url}.`);
    for (const result of [created, updated, invoked, status, stop]) expectNoSecret(result);
  });

  it('signs in with an OIDC token from OSCAR_TOKEN or standard input, and runs the service with it', async () => {
    const viaEnv = await deploy([], { OSCAR_PASSWORD: '', OSCAR_TOKEN: oscar.oidcToken });
    expect(viaEnv.status, viaEnv.stderr).toBe(0);
    expect(oscar.calls('POST /system/services')[0]!.headers.authorization).toBe(`Bearer ${oscar.oidcToken}`);
    const invoked = await deploy(['--token-stdin', '--invoke', '{"value": 1}'], { OSCAR_PASSWORD: '' }, `${oscar.oidcToken}\n`);
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(oscar.calls(`POST /run/${NAME}`)[0]!.headers.authorization).toBe(`Bearer ${oscar.oidcToken}`);
    expectNoSecret(viaEnv);
    expectNoSecret(invoked);
  });

  it('says how to sign in, and what was refused, without the secret', async () => {
    const none = await deploy([], { OSCAR_PASSWORD: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('The OSCAR cluster wants a token or a password, and none was given.');
    expect(none.stderr).toContain('OSCAR_TOKEN=<OIDC access token>');
    const wrong = await deploy([], { OSCAR_PASSWORD: 'not-the-password-42' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('401');
    expect(wrong.stderr).toContain('check OSCAR_USER and OSCAR_PASSWORD');
    expect(wrong.stderr).not.toContain('not-the-password-42');
    const noCluster = await deploy([], { OSCAR_ENDPOINT: '' });
    expect(noCluster.status).toBe(2);
    expect(noCluster.stderr).toContain('Give --cluster https://<cluster> or set OSCAR_ENDPOINT.');
    const badRequest = await deploy(['--invoke', '{"value": '], {});
    expect(badRequest.status).toBe(2);
    expect(badRequest.stderr).toContain('--invoke JSON: not valid JSON');
    expect(oscar.calls('POST /system/services')).toHaveLength(0);
  });

  it('refuses a service file OSCAR would refuse, naming the field, and sends nothing', async () => {
    const other = createModule(cwd, 'deploy-oscar-edited');
    const path = join(other, 'oscar', 'deploy-oscar-edited.yaml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('name: deploy-oscar-edited', `name: ${'x'.repeat(40)}`));
    const run = await cli(['deploy', '--target', 'oscar'], other, env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('oscar/deploy-oscar-edited.yaml is not a service OSCAR accepts:\n  name: at most 39 characters (has 40)');
    expect(oscar.requests).toHaveLength(0);
  });
});

describe('deploy --target ai4os --oscar', () => {
  let papi: FakePapi;
  beforeEach(async () => {
    papi = await new FakePapi().start();
    papi.oscar = oscar;
    env = { AI4OS_API: papi.url, AI4OS_TOKEN: papi.token, OIDC_SOCK: '', OIDC_ACCOUNT: '' };
  });
  afterEach(() => papi.stop());
  const platform = (...args: string[]) => cli(['deploy', '--target', 'ai4os', '--oscar', '--vo', 'vo.ai4life.eu', ...args], dir, env);

  it('creates the service through the platform API, the tag aside; --list, --status, --update, --invoke, --stop', async () => {
    const created = await platform('--tag', '1.0.0', '--json');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stderr).toContain('the platform ignores --tag for OSCAR services');
    const [post] = papi.calls('POST /v1/inference/oscar/services');
    expect(post!.query.get('vo')).toBe('vo.ai4life.eu');
    expect(post!.headers.authorization).toBe(`Bearer ${papi.token}`);
    expect(post!.body).toEqual({
      general: {
        title: 'Deploy Oscar Test',
        desc: 'Deploy Oscar Test, served with DEEPaaS on the AI4OS platform',
        docker_image: `ai4oshub/${NAME}`,
      },
      hardware: { cpu_num: 1, ram: 4000 },
    });
    const { name, endpoint } = JSON.parse(created.stdout);
    expect(name).toMatch(/^ai4papi-[0-9a-f-]{31}$/);
    expect(endpoint).toBe(`${oscar.url}/run/${name}`);
    expect(oscar.services.get(name)).toMatchObject({ image: `ai4oshub/${NAME}`, cpu: '1', memory: '4000Mi', vo: 'vo.ai4life.eu' });

    expect((await platform('--list')).stdout).toBe(`${name}  Deploy Oscar Test  ${oscar.url}/run/${name}\n`);
    const updated = await platform('--update', name, '--memory', '6000');
    expect(updated.status, updated.stderr).toBe(0);
    expect(papi.calls(`PUT /v1/inference/oscar/services/${name}`)[0]!.body).toMatchObject({ hardware: { ram: 6000 } });
    expect((await platform('--status', name)).stdout).toContain(
      `OSCAR service ${name} in vo.ai4life.eu: ai4oshub/${NAME}, cpu 1, memory 6000Mi`,
    );

    const invoked = await platform('--invoke', '{"value": 3}', name);
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual({ service: name, request: { value: 3 } });
    expect(oscar.calls(`POST /run/${name}`)[0]!.headers.authorization).toBe(`Bearer ${oscar.services.get(name)!.token}`);

    const stop = await platform('--stop', name);
    expect(stop.status, stop.stderr).toBe(0);
    const [del] = papi.calls(`DELETE /v1/inference/oscar/services/${name}`);
    expect(del!.query.get('service_name')).toBe(name);
    expect(del!.query.get('vo')).toBe('vo.ai4life.eu');
    expect(oscar.services.size).toBe(0);
    expect((await platform('--status', name)).status).toBe(3);
    for (const result of [created, updated, invoked, stop]) expect(result.stdout + result.stderr).not.toContain(papi.token);
  });

  it("checks the platform's ranges before sending, and needs the NAME for --status", async () => {
    const memory = await platform('--memory', '9000');
    expect(memory.status).toBe(2);
    expect(memory.stderr).toContain('--memory 9000: the platform allows 1000 to 8000 for an OSCAR service.');
    const status = await platform('--status');
    expect(status.status).toBe(2);
    expect(status.stderr).toContain('--oscar --status needs the service NAME');
    expect(papi.calls('POST /v1/inference/oscar/services')).toHaveLength(0);
  });
});
