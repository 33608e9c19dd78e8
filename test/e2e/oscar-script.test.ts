/**
 * The script of `oscar/<repo>.yaml` run exactly as OSCAR runs it (INPUT_FILE_PATH,
 * TMP_OUTPUT_DIR), against the real `deepaas-cli` of the test venv (PyPI deepaas 2.6.0)
 * with the module made by the built bin installed: a JSON request and a file in base64 give
 * the module's own prediction; `{"help": ""}` lists predict's arguments; a bad request
 * or a too old deepaas-cli is an error in JSON. The service file is read by PyYAML, as the
 * platform reads it.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModule } from '../deploy/support/run.js';
import { tempDir } from '../support/cli.js';
import { runAsOscar } from '../support/oscar.js';
import { venvBin } from '../support/python.js';
import { runAsync } from '../support/spawn.js';

const PATH = `${dirname(venvBin('python'))}:/usr/local/bin:/usr/bin:/bin`;

describe.each([
  ['oscar-script-minimal', []],
  ['oscar-script-advanced', ['--variant', 'advanced']],
])('the OSCAR script of %s', (name, flags) => {
  const pkg = name.replace(/-/g, '_');
  let cwd: string;
  let dir: string;
  let script: string;

  beforeAll(async () => {
    cwd = tempDir('ai4os-oscar-script-');
    dir = createModule(cwd, name, flags);
    await runAsync(venvBin('pip'), ['install', '--quiet', '--no-deps', '--no-build-isolation', '-e', dir], { cwd: dir });
    const read = 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["script"], end="")';
    script = await runAsync(venvBin('python'), ['-c', read, join(dir, 'oscar', `${name}.yaml`)], { cwd: dir });
  }, 600_000);
  afterAll(async () => {
    await runAsync(venvBin('pip'), ['uninstall', '--quiet', '--yes', name], { cwd }).catch(() => {});
    rmSync(cwd, { recursive: true, force: true });
  });

  /** What the module's own predict returns, called in Python without DEEPaaS. */
  async function ownPrediction(value: number, withFile?: Buffer): Promise<Record<string, unknown>> {
    const code = ['import json, sys', `from ${pkg} import api`, 'print(json.dumps(api.predict(float(sys.argv[1]))))'].join('\n');
    const own = JSON.parse(await runAsync(venvBin('python'), ['-c', code, String(value)], { cwd }));
    return withFile ? { ...own, file: { bytes: withFile.length } } : own;
  }

  it('answers a JSON request with the module prediction, on standard output and in TMP_OUTPUT_DIR', async () => {
    const run = await runAsOscar(script, JSON.stringify({ value: 2.5 }), PATH);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toEqual(await ownPrediction(2.5));
    expect(JSON.parse(run.outputs['event.json']!)).toEqual(result);
    expect(run.outputs['event.log']).toContain('predict was called');
  });

  it('passes a file given in base64 under oscar-files as the file argument', async () => {
    const bytes = Buffer.from('a,b\n1,2\n\u00ff\u0000binary', 'latin1');
    const request = { value: -4, 'oscar-files': [{ key: 'data_file', file_format: 'csv', data: bytes.toString('base64') }] };
    const run = await runAsOscar(script, JSON.stringify(request), PATH);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject(await ownPrediction(-4, bytes));
    expect(result.file.name).toMatch(/data_file-0\.csv$/);
  });

  it('lists the arguments of predict for {"help": ""}', async () => {
    const run = await runAsOscar(script, '{"help": ""}', PATH);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: deepaas-cli predict');
    expect(run.stdout).toMatch(/--value VALUE/);
    expect(run.stdout).toMatch(/--data_file DATA_FILE[^]*\(filepath\)/);
  });

  it('says what is wrong with a request that is not a JSON object, or that predict refuses', async () => {
    const notJson = await runAsOscar(script, 'value=1', PATH);
    expect(notJson.code).toBe(1);
    expect(JSON.parse(notJson.stdout).error).toMatch(/^the request is not JSON/);
    expect(JSON.parse(notJson.outputs['event.json']!)).toEqual(JSON.parse(notJson.stdout));
    const list = await runAsOscar(script, '[1, 2]', PATH);
    expect(JSON.parse(list.stdout).error).toContain('must be a JSON object');
    const missing = await runAsOscar(script, '{"data_file": "x"}', PATH);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error).toMatch(/^deepaas-cli predict failed \(exit 2\): [^]*--value/);
  });
});

describe('the OSCAR script with an old deepaas-cli in the image', () => {
  it('refuses to run, saying which version it needs', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ai4os-old-deepaas-'));
    try {
      // deepaas 2.4 had no usable predict for OSCAR; only its --version answer matters here.
      writeFileSync(join(bin, 'deepaas-cli'), '#!/bin/sh\necho 2.4.1\n');
      chmodSync(join(bin, 'deepaas-cli'), 0o755);
      const cwd = tempDir('ai4os-oscar-old-');
      const dir = createModule(cwd, 'oscar-old-cli');
      const read = 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["script"], end="")';
      const script = await runAsync(venvBin('python'), ['-c', read, join(dir, 'oscar', 'oscar-old-cli.yaml')], { cwd });
      const run = await runAsOscar(script, '{"value": 1}', `${bin}:${PATH}`);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toEqual({ error: 'deepaas-cli 2.5.0 or later is needed in the image (requirements.txt: deepaas)' });
      rmSync(cwd, { recursive: true, force: true });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
