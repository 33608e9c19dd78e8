/**
 * `deploy --target nomad` against a loopback Nomad that follows the documented HTTP API
 * (support/fake-nomad.ts) and records every request; the last test drives the same fake
 * with PyPI python-nomad, to show the fake answers a real client as Nomad does (needs the
 * test venv).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { FakeNomad } from '../deploy/support/fake-nomad.js';
import { type Result, cli, createModule } from '../deploy/support/run.js';

const TOKEN = 'nomad-secret-0123456789';

const NAME = 'deploy-nomad-test';
let dir: string;
let hcl: string;
let nomad: FakeNomad;
let env: NodeJS.ProcessEnv;
const deploy = (...args: string[]) => cli(['deploy', '--target', 'nomad', ...args], dir, env);

beforeAll(() => {
  const cwd = tempDir('ai4os-deploy-nomad-');
  dir = createModule(cwd, NAME);
  hcl = readFileSync(join(dir, 'nomad', `${NAME}.nomad.hcl`), 'utf8');
});

beforeEach(async () => {
  nomad = await new FakeNomad().start();
  nomad.token = TOKEN;
  env = { NOMAD_ADDR: nomad.url, NOMAD_TOKEN: TOKEN, NOMAD_NAMESPACE: 'team', NOMAD_REGION: 'eu' };
});
afterEach(() => nomad.stop());

function expectNoToken(result: Result): void {
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
}

describe('deploy --target nomad', () => {
  it('parses, validates, registers the job, follows it until it runs and prints the API address; --status, --logs, --stop find it', async () => {
    const run = await deploy('--tag', '1.2.0', '--memory', '6000', '--json');
    expect(run.status, run.stderr).toBe(0);
    expectNoToken(run);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'running',
      job: NAME,
      api: 'http://10.0.0.7:25123/v2/',
      swagger: 'http://10.0.0.7:25123/api',
    });

    for (const request of nomad.requests) {
      expect(request.headers['x-nomad-token']).toBe(TOKEN);
      expect(request.query).toMatchObject({ namespace: 'team', region: 'eu' });
    }
    const [parse] = nomad.calls('POST /v1/jobs/parse');
    expect(parse!.body).toEqual({ JobHCL: hcl, Canonicalize: true, VariableFlags: { image: `ai4oshub/${NAME}`, image_tag: '1.2.0' } });
    const [validate] = nomad.calls('POST /v1/validate/job');
    expect((validate!.body as { Job: { ID: string } }).Job.ID).toBe(NAME);
    expect(nomad.calls(`GET /v1/job/${NAME}`).length).toBeGreaterThan(0);
    const [register] = nomad.calls('POST /v1/jobs');
    const body = register!.body as { Job: any; EnforceIndex: boolean; JobModifyIndex: number; Submission: { Source: string } };
    expect(body).toMatchObject({ EnforceIndex: true, JobModifyIndex: 0, Submission: { Source: hcl, Format: 'hcl2' } });
    const main = body.Job.TaskGroups[0].Tasks.find((t: { Name: string }) => t.Name === 'main');
    expect(main.Config.image).toBe(`ai4oshub/${NAME}:1.2.0`);
    expect(main.Resources).toMatchObject({ MemoryMB: 6000, MemoryMaxMB: 6000, Cores: 1 });
    // Followed with blocking queries: index from X-Nomad-Index, with a wait.
    const blocking = [...nomad.requests].filter((r) => r.query.index !== undefined);
    expect(blocking.length).toBeGreaterThan(0);
    for (const r of blocking) expect(r.query.wait).toMatch(/^\d+s$/);
    expect(nomad.calls(`GET /v1/job/${NAME}/allocations`).some((r) => r.query.index !== undefined)).toBe(true);

    const status = await deploy('--status');
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`"${NAME}" on ${nomad.url}: running (version 0)`);
    expect(status.stdout).toContain('running, API http://10.0.0.7:25123/v2/');

    const logs = await deploy('--logs');
    expect(logs.status).toBe(0);
    expect(logs.stdout).toBe(nomad.logs.stdout);
    expect(logs.stderr).toBe(nomad.logs.stderr);
    const logCalls = nomad.calls(`GET /v1/client/fs/logs/${[...nomad.allocs.keys()][0]}`);
    expect(logCalls.map((r) => r.query.type)).toEqual(['stdout', 'stderr']);
    expect(logCalls[0]!.query).toMatchObject({ task: 'main', origin: 'start', plain: 'true' });

    const followed = await deploy('--logs', '--follow');
    expect(followed.status).toBe(0);
    expect(followed.stdout).toBe(nomad.logs.stdout);
    expect(followed.stderr).toBe(nomad.logs.stderr);
    const streams = nomad.requests.filter((r) => r.path.startsWith('/v1/client/fs/logs/') && r.query.follow === 'true');
    expect(streams.map((r) => r.query.type).sort()).toEqual(['stderr', 'stdout']);
    for (const r of streams) expect(r.headers['x-nomad-token']).toBe(TOKEN);

    const stop = await deploy('--stop', '--purge');
    expect(stop.status).toBe(0);
    expect(stop.stdout).toBe(`Stopped and purged "${NAME}" on ${nomad.url}.\n`);
    expect(nomad.calls(`DELETE /v1/job/${NAME}`)[0]!.query).toMatchObject({ purge: 'true', namespace: 'team' });
    expect((await deploy('--status')).status).toBe(3);
  });

  it('--storage sets the rclone_* variables of the job, the password obscured, and the main task gets the remote as the platform gives it', async () => {
    const password = 'nextcloud app pass 7';
    const run = await cli(['deploy', '--target', 'nomad', '--storage', '--json'], dir, {
      ...env,
      AI4OS_RCLONE: venvBin('rclone'),
      AI4OS_STORAGE_USER: 'EGI_Checkin-bob',
      AI4OS_STORAGE_PASSWORD: password,
    });
    expect(run.status, run.stderr).toBe(0);
    const flags = (nomad.calls('POST /v1/jobs/parse')[0]!.body as { VariableFlags: Record<string, string> }).VariableFlags;
    const url = 'https://share.cloud.ai4eosc.eu/remote.php/dav/files/EGI_Checkin-bob';
    expect(flags).toMatchObject({ rclone_url: url, rclone_user: 'EGI_Checkin-bob' });
    expect(flags.rclone_password).not.toBe(password);
    // An obscured value may start with '-' (random IV, base64url): '--' ends rclone's flags.
    const revealed = execFileSync(venvBin('rclone'), ['reveal', '--', flags.rclone_password!], {
      env: { ...process.env, RCLONE_CONFIG: '' },
    });
    expect(revealed.toString().trim()).toBe(password);
    const job = (nomad.calls('POST /v1/jobs')[0]!.body as { Job: any }).Job;
    const main = job.TaskGroups[0].Tasks.find((t: { Name: string }) => t.Name === 'main');
    expect(main.Env).toEqual({
      NVIDIA_VISIBLE_DEVICES: 'none',
      RCLONE_CONFIG: '/srv/.rclone/rclone.conf',
      RCLONE_CONFIG_RSHARE_TYPE: 'webdav',
      RCLONE_CONFIG_RSHARE_URL: url,
      RCLONE_CONFIG_RSHARE_VENDOR: 'nextcloud',
      RCLONE_CONFIG_RSHARE_USER: 'EGI_Checkin-bob',
      RCLONE_CONFIG_RSHARE_PASS: flags.rclone_password,
    });
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(run.stdout + run.stderr).not.toContain(flags.rclone_password);
  });

  it('leaves the storage variables empty without --storage', async () => {
    expect((await deploy()).status).toBe(0);
    const job = (nomad.calls('POST /v1/jobs')[0]!.body as { Job: any }).Job;
    const main = job.TaskGroups[0].Tasks.find((t: { Name: string }) => t.Name === 'main');
    expect(main.Env).toMatchObject({ RCLONE_CONFIG_RSHARE_URL: '', RCLONE_CONFIG_RSHARE_USER: '', RCLONE_CONFIG_RSHARE_PASS: '' });
  });

  it('refuses to replace a job that already exists, and replaces it check-and-set with --update', async () => {
    expect((await deploy()).status).toBe(0);
    const modifyIndex = nomad.jobs.get(NAME)!.JobModifyIndex;
    const again = await deploy();
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`Nomad (${nomad.url}) already has a job "${NAME}" in namespace team (version 0, running).`);
    expect(again.stderr).toContain('--update');
    expect(nomad.calls('POST /v1/jobs')).toHaveLength(1);

    const update = await deploy('--update');
    expect(update.status, update.stderr).toBe(0);
    const registers = nomad.calls('POST /v1/jobs');
    expect(registers).toHaveLength(2);
    expect(registers[1]!.body).toMatchObject({ EnforceIndex: true, JobModifyIndex: modifyIndex });
    expect(nomad.jobs.get(NAME)!.Version).toBe(1);
  });

  it("shows a parse error of the job file and an unknown -var, with the cluster's message", async () => {
    const file = join(dir, 'nomad', `${NAME}.nomad.hcl`);
    writeFileSync(file, `${hcl}\njob "broken" {\n  type = "service" count = 1\n}\n`);
    try {
      const run = await deploy();
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('400');
      expect(run.stderr).toContain('error parsing');
      expect(run.stderr).toContain('Fix the job file');
    } finally {
      writeFileSync(file, hcl);
    }
    const unknown = await deploy('--var', 'gpus=2');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('A variable named "gpus" was assigned on the command line');
    expect(nomad.calls('POST /v1/jobs')).toHaveLength(0);
  });

  it('shows validation errors and warnings and registers nothing', async () => {
    nomad.validationErrors = ['Task group usergroup validation failed: Task main: Memory must be at least 10 MB'];
    nomad.validationWarnings = 'Group "usergroup" has warnings: update stanza is deprecated';
    const run = await deploy();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Nomad warns: Group "usergroup" has warnings: update stanza is deprecated');
    expect(run.stderr).toContain('Nomad rejects the job in');
    expect(run.stderr).toContain('  Task group usergroup validation failed: Task main: Memory must be at least 10 MB');
    expect(nomad.calls('POST /v1/jobs')).toHaveLength(0);
  });

  it('says what to do on 403 (no token), without the token in any output', async () => {
    const run = await cli(['deploy', '--target', 'nomad'], dir, { ...env, NOMAD_TOKEN: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('403');
    expect(run.stderr).toContain('Permission denied');
    expect(run.stderr).toContain('set NOMAD_TOKEN');
    expect(nomad.requests[0]!.headers['x-nomad-token']).toBeUndefined();
    const wrong = await cli(['deploy', '--target', 'nomad'], dir, { ...env, NOMAD_TOKEN: 'wrong-token-9876543210' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('The token in NOMAD_TOKEN may not do this');
    expect(wrong.stderr).not.toContain('wrong-token-9876543210');
  });

  it('sends NOMAD_HTTP_AUTH as basic authentication, and never shows the password', async () => {
    const auth = await cli(['deploy', '--target', 'nomad', '--list'], dir, { ...env, NOMAD_HTTP_AUTH: 'proxyuser:proxy-password-42' });
    expect(auth.status, auth.stderr).toBe(0);
    expect(nomad.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('proxyuser:proxy-password-42').toString('base64')}`);
    expect(nomad.requests.at(-1)!.path).toBe('/v1/jobs');
    nomad.fail('GET /v1/jobs', 400, 'bad request from proxyuser:proxy-password-42');
    const failed = await cli(['deploy', '--target', 'nomad', '--list'], dir, { ...env, NOMAD_HTTP_AUTH: 'proxyuser:proxy-password-42' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).not.toContain('proxy-password-42');
  });

  it('retries a read that answered 500, then succeeds', async () => {
    nomad.fail(`GET /v1/job/${NAME}`, 500, 'rpc error: No cluster leader');
    const run = await deploy();
    expect(run.status, run.stderr).toBe(0);
    const reads = nomad.calls(`GET /v1/job/${NAME}`);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(nomad.calls('POST /v1/jobs')).toHaveLength(1);
  });

  it('never registers twice when the answer to a registration is lost: it finds the job and follows it', async () => {
    nomad.dropNextRegisterAnswer = true;
    const run = await deploy();
    expect(run.status, run.stderr).toBe(0);
    expect(nomad.calls('POST /v1/jobs')).toHaveLength(1);
    expect(run.stderr).toContain(`Nomad did not confirm the registration, but job "${NAME}" was registered`);
    expect(run.stdout).toContain('API:        http://10.0.0.7:25123/v2/');
  });

  it('gives up after --timeout when the task never runs; the job stays registered', async () => {
    nomad.outcome = 'stays-pending';
    const run = await deploy('--timeout', '2');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The task "main" of "${NAME}" was not running within 2 s. The job stays registered.`);
    expect(nomad.jobs.has(NAME)).toBe(true);
  });

  it('shows the task events of an allocation that fails', async () => {
    nomad.outcome = 'task-fails';
    const run = await deploy();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/The allocation [0-9a-f]{8} of "deploy-nomad-test" failed \(failed\)/);
    expect(run.stderr).toContain('main: Driver Failure: Failed to pull `ai4oshub/x:latest`: manifest unknown');
  });

  it('explains a placement failure (FailedTGAllocs)', async () => {
    nomad.outcome = 'unplaceable';
    const run = await deploy();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Nomad could not place "${NAME}"`);
    expect(run.stderr).toContain('group "usergroup": 2 nodes evaluated, 0 filtered, 2 exhausted');
    expect(run.stderr).toContain('not enough memory on 2 node(s)');
  });
});

describe('deploy --target nomad over mutual TLS', () => {
  it('trusts NOMAD_CACERT, presents NOMAD_CLIENT_CERT/KEY, and fails without the client certificate', async () => {
    const pki = tempDir('ai4os-nomad-tls-');
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=nomad-ca');
    for (const [name, ext] of [
      ['server', 'subjectAltName=IP:127.0.0.1,DNS:server.global.nomad'],
      ['client', 'extendedKeyUsage=clientAuth'],
    ] as const) {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      writeFileSync(join(pki, `${name}.ext`), `${ext}\n`);
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
    }
    const read = (name: string) => readFileSync(join(pki, name), 'utf8');
    const secure = await new FakeNomad({ key: read('server.key'), cert: read('server.pem'), ca: read('ca.pem') }).start();
    try {
      const tlsEnv = { NOMAD_ADDR: secure.url, NOMAD_CACERT: join(pki, 'ca.pem'), NOMAD_TOKEN: '' };
      const run = await cli(['deploy', '--target', 'nomad'], dir, {
        ...tlsEnv,
        NOMAD_CLIENT_CERT: join(pki, 'client.pem'),
        NOMAD_CLIENT_KEY: join(pki, 'client.key'),
      });
      expect(run.status, run.stderr).toBe(0);
      expect(secure.calls('POST /v1/jobs')).toHaveLength(1);
      const without = await cli(['deploy', '--target', 'nomad', '--status'], dir, tlsEnv);
      expect(without.status).toBe(1);
      expect(without.stderr).toContain(`did not answer POST ${secure.url}/v1/jobs/parse`);
    } finally {
      await secure.stop();
    }
  });
});

describe('the fake Nomad, driven by python-nomad', () => {
  it('answers the independent client as Nomad does: parse, validate, register, read, deregister', async () => {
    const script = `
import json, sys, nomad
n = nomad.Nomad(host="127.0.0.1", port=int(sys.argv[1]), token=sys.argv[2], namespace="team", timeout=30)
job = n.jobs.parse(open(sys.argv[3]).read())
checked = n.validate.validate_job({"Job": job}).json()
registered = n.jobs.register_job({"Job": job})
evaluation = n.evaluation.get_evaluation(registered["EvalID"])
stored = n.job.get_job(job["ID"])
allocations = n.job.get_allocations(job["ID"])
gone = n.job.deregister_job(job["ID"], purge=True)
try:
    n.job.get_job(job["ID"])
    missing = False
except nomad.api.exceptions.URLNotFoundNomadException:
    missing = True
print(json.dumps({"job": job, "checked": checked, "registered": registered, "evaluation": evaluation["JobID"], "version": stored["Version"], "allocations": allocations, "gone": "EvalID" in gone, "missing": missing}))
`;
    const port = new URL(nomad.url).port;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(venvBin('python'), ['-c', script, port, TOKEN, join(dir, 'nomad', `${NAME}.nomad.hcl`)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
    });
    const result = JSON.parse(output);
    expect(result).toMatchObject({
      checked: { ValidationErrors: [] },
      evaluation: NAME,
      version: 0,
      allocations: [],
      gone: true,
      missing: true,
    });
    expect(result.registered.EvalID).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.job.TaskGroups[0].Tasks[0].Config.image).toBe(`ai4oshub/${NAME}:latest`);
    for (const request of nomad.requests) expect(request.headers['x-nomad-token']).toBe(TOKEN);
    expect(nomad.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/jobs/parse',
      'POST /v1/validate/job',
      'POST /v1/jobs',
      `GET /v1/evaluation/${result.registered.EvalID}`,
      `GET /v1/job/${NAME}`,
      `GET /v1/job/${NAME}/allocations`,
      `DELETE /v1/job/${NAME}`,
      `GET /v1/job/${NAME}`,
    ]);
    expect(nomad.calls('POST /v1/jobs/parse')[0]!.body).toEqual({ JobHCL: hcl, Canonicalize: false });

    // The same file parsed for our client gives the same job (ours asks for the canonical form).
    const ours = await deploy('--json');
    expect(ours.status, ours.stderr).toBe(0);
    const job = (nomad.calls('POST /v1/jobs').at(-1)!.body as { Job: unknown }).Job;
    expect(job).toEqual({ ...result.job, Namespace: 'team' });
  });
});
