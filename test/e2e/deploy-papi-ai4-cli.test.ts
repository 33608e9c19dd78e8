/**
 * The fake platform API (support/fake-papi.ts) driven by the platform's own client library,
 * PyPI ai4-cli 0.1.0 (its catalog client: the only routes it has), to show the fake answers
 * a real client's requests as the platform does. ai4-cli pins a typer that the test venv's
 * ai4-metadata excludes, so it is installed without dependencies into a directory of its own
 * and run with the test venv's Python (requests comes from there). Needs the test venv and PyPI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { venvBin } from '../support/python.js';
import { FakePapi } from '../deploy/support/fake-papi.js';
import { cli } from '../deploy/support/run.js';

let lib: string;
let papi: FakePapi;
const DEMO = {
  title: 'AI4OS demo app',
  summary: 'A demo',
  description: 'Long',
  tags: ['demo'],
  links: { docker_image: 'ai4oshub/ai4os-demo-app' },
};

beforeAll(async () => {
  lib = tempDir('ai4os-ai4-cli-');
  execFileSync(venvBin('pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', lib, 'ai4-cli==0.1.0'], {
    stdio: 'pipe',
  });
  papi = await new FakePapi().start();
  papi.catalog.set('ai4os-demo-app', DEMO);
}, 300_000);
afterAll(() => papi.stop());

function python(script: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(venvBin('python'), ['-c', script, `${papi.url}/`], {
      env: { ...process.env, PYTHONPATH: lib },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the fake platform API, driven by ai4-cli', () => {
  it('answers its catalog list and show as the platform does, and as our catalog reads them', async () => {
    const run = await python(`
import json, sys
from ai4_cli import exceptions
from ai4_cli.client.client import AI4Client
client = AI4Client(sys.argv[1])
_, listed = client.modules.list(filters={"tags": None})
_, shown = client.modules.show("ai4os-demo-app")
try:
    client.modules.show("nope")
    missing = None
except exceptions.BaseHTTPError as error:
    missing = error.http_status
print(json.dumps({"listed": listed, "shown": shown, "missing": missing}))
`);
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out);
    expect(result.shown).toEqual(DEMO);
    expect(result.missing).toBe(404);
    const theirs = papi.requests.map((r) => ({ method: r.method, path: r.path, accept: r.headers.accept, agent: r.headers['user-agent'] }));
    expect(theirs).toEqual([
      { method: 'GET', path: '/v1/catalog/modules/detail', accept: 'application/json', agent: 'ai4-cli-0.1.0' },
      { method: 'GET', path: '/v1/catalog/modules/ai4os-demo-app/metadata', accept: 'application/json', agent: 'ai4-cli-0.1.0' },
      { method: 'GET', path: '/v1/catalog/modules/nope/metadata', accept: 'application/json', agent: 'ai4-cli-0.1.0' },
    ]);

    // Our catalog sends the same requests and reads the same answers.
    const count = papi.requests.length;
    const ours = await cli(['catalog', 'list', '--json'], lib, { AI4OS_API: papi.url });
    expect(JSON.parse(ours.stdout)).toEqual(result.listed);
    const show = await cli(['catalog', 'show', 'ai4os-demo-app', '--json'], lib, { AI4OS_API: papi.url });
    expect(JSON.parse(show.stdout)).toEqual(result.shown);
    expect(papi.requests.slice(count).map((r) => `${r.method} ${r.path} ${r.headers.accept}`)).toEqual([
      'GET /v1/catalog/modules/detail application/json',
      'GET /v1/catalog/modules/ai4os-demo-app/metadata application/json',
    ]);
  });
});
