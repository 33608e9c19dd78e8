/**
 * `deploy --target oscar` end to end: the loopback OSCAR cluster (deploy/support/fake-oscar.ts)
 * runs each service's script as OSCAR does (support/oscar.ts) against the real deepaas-cli of
 * the test venv with the module installed, so `--invoke` prints the module's prediction. The
 * fake is checked with the independent client the platform itself uses, PyPI oscar-python
 * 2.2.0: it creates, reads, runs (base64 body, the service token), updates and removes a
 * service from the module's own file, and its requests match ours.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOscar } from '../deploy/support/fake-oscar.js';
import { cli, createModule } from '../deploy/support/run.js';
import { tempDir } from '../support/cli.js';
import { runAsOscar } from '../support/oscar.js';
import { venvBin } from '../support/python.js';
import { runAsync } from '../support/spawn.js';

const NAME = 'oscar-e2e-model';
const PATH = `${dirname(venvBin('python'))}:/usr/local/bin:/usr/bin:/bin`;
let cwd: string;
let dir: string;
let oscar: FakeOscar;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cwd = tempDir('ai4os-oscar-e2e-');
  dir = createModule(cwd, NAME);
  await runAsync(venvBin('pip'), ['install', '--quiet', '--no-deps', '--no-build-isolation', '-e', dir], { cwd: dir });
  oscar = await new FakeOscar().start();
  oscar.runner = async (service, request) => (await runAsOscar(service.script, request, PATH)).stdout;
  env = { OSCAR_ENDPOINT: oscar.url, OSCAR_PASSWORD: oscar.password, OSCAR_USER: '', OSCAR_TOKEN: '' };
}, 600_000);
afterAll(async () => {
  await oscar.stop();
  await runAsync(venvBin('pip'), ['uninstall', '--quiet', '--yes', NAME], { cwd }).catch(() => {});
  rmSync(cwd, { recursive: true, force: true });
});

async function ownPrediction(value: number): Promise<Record<string, unknown>> {
  const code = 'import json, sys\nfrom oscar_e2e_model import api\nprint(json.dumps(api.predict(float(sys.argv[1]))))';
  return JSON.parse(await runAsync(venvBin('python'), ['-c', code, String(value)], { cwd }));
}

function python(script: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(venvBin('python'), ['-c', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('deploy --target oscar with the real script', () => {
  it("creates the service and --invoke prints the module's prediction, also for a file in base64", async () => {
    const created = await cli(['deploy', '--target', 'oscar'], dir, env);
    expect(created.status, created.stderr).toBe(0);
    const invoked = await cli(['deploy', '--target', 'oscar', '--invoke', '{"value": 2.5}'], dir, env);
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual(await ownPrediction(2.5));

    const bytes = Buffer.from('x,y\n3,4\n');
    const request = { value: 7, 'oscar-files': [{ key: 'data_file', file_format: 'csv', data: bytes.toString('base64') }] };
    writeFileSync(join(cwd, 'request.json'), JSON.stringify(request));
    const withFile = await cli(['deploy', '--target', 'oscar', '--invoke', join(cwd, 'request.json')], dir, env);
    expect(withFile.status, withFile.stderr).toBe(0);
    expect(JSON.parse(withFile.stdout)).toMatchObject({ ...(await ownPrediction(7)), file: { bytes: bytes.length } });

    const help = await cli(['deploy', '--target', 'oscar', '--invoke', '{"help": ""}'], dir, env);
    expect(help.stdout).toContain('usage: deepaas-cli predict');
    const refused = await cli(['deploy', '--target', 'oscar', '--invoke', '{"data_file": "nothing"}'], dir, env);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatch(/^deepaas-cli predict failed/);
  });

  it('serves oscar-python, the platform client, as OSCAR does: create, get, run, update, remove', async () => {
    const ours = oscar.calls('POST /system/services')[0]?.body as Record<string, unknown> | undefined;
    expect(ours, 'the first test deployed the service').toBeDefined();
    const script = `
import json, sys, yaml, requests
from oscar_python.client import Client
endpoint, password, token, fdl, name = sys.argv[1:6]
client = Client({"cluster_id": "oscar-ai4eosc-cluster", "endpoint": endpoint, "user": "oscar", "password": password, "ssl": False})
service = yaml.safe_load(open(fdl))
copy = dict(service, name=name + "-py")
out = {}
client.create_service(copy)
out["got"] = json.loads(client.get_service(copy["name"]).text)
out["run"] = json.loads(client.run_service(copy["name"], input=json.dumps({"value": 4.5})).text)
out["ours"] = json.loads(client.run_service(name, input=json.dumps({"value": 1.5})).text)
client.update_service(copy["name"], dict(copy, memory="2000Mi"))
out["listed"] = sorted(s["name"] for s in json.loads(client.list_services().text))
client.remove_service(copy["name"])
try:
    client.get_service(copy["name"])
except requests.HTTPError as error:
    out["after_remove"] = error.response.status_code
oidc = Client({"cluster_id": "oscar-ai4eosc-cluster", "endpoint": endpoint, "oidc_token": token, "ssl": False})
out["oidc_run"] = json.loads(oidc.run_service(name, input=json.dumps({"value": 0.5})).text)
print(json.dumps(out))
`;
    const fdl = join(dir, 'oscar', `${NAME}.yaml`);
    const before = oscar.requests.length;
    const run = await python(script, oscar.url, oscar.password, oscar.oidcToken, fdl, NAME);
    expect(run.code, run.err).toBe(0);
    const out = JSON.parse(run.out);
    expect(out.got).toMatchObject({ ...ours, name: `${NAME}-py` });
    expect(out.run).toEqual(await ownPrediction(4.5));
    expect(out.ours).toEqual(await ownPrediction(1.5));
    expect(out.oidc_run).toEqual(await ownPrediction(0.5));
    expect(out.listed).toEqual([NAME, `${NAME}-py`]);
    expect(out.after_remove).toBe(404);

    const theirs = oscar.requests.slice(before);
    // The same file gives the same definition, whichever client sends it.
    const created = theirs.find((r) => r.method === 'POST' && r.path === '/system/services')!;
    expect(created.body).toEqual({ ...ours, name: `${NAME}-py` });
    expect(theirs.find((r) => r.method === 'PUT' && r.path === '/system/services')!.body).toMatchObject({ memory: '2000Mi' });
    // oscar-python runs with the service token and sends the request in base64.
    const runs = theirs.filter((r) => r.path === `/run/${NAME}-py`);
    expect(out.got.token).toMatch(/^[0-9a-f]{64}$/);
    expect(runs[0]!.headers.authorization).toBe(`Bearer ${out.got.token}`);
    expect(Buffer.from(runs[0]!.text, 'base64').toString('utf8')).toBe('{"value": 4.5}');
    expect(theirs.every((r) => r.path.startsWith('/run/') || r.headers.authorization?.startsWith('Basic '))).toBe(true);
  });
});
