import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkModule } from '../../src/update/check.js';
import { ADOPTED_VERSION, compareVersions } from '../../src/update/version.js';
import { ROOT, answersWith, filesAtCurrent, removeDir, runCli, tempDir, writeFiles } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function moduleAt(templateVersion: string | undefined): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const files = filesAtCurrent(await answersWith());
  writeFiles(dir, files);
  if (templateVersion !== undefined) {
    const path = join(dir, '.yo-rc.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"_template": "1.3.0"', `"_template": "${templateVersion}"`));
  }
  return dir;
}

describe('template versions', () => {
  it('compare as semver does, build metadata aside', () => {
    expect(compareVersions('0.9.0', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.10.0', '1.9.3')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.2', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-rc.2', '1.0.0-rc.10')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-1')).toBeGreaterThan(0);
    expect(compareVersions(ADOPTED_VERSION, '0.0.0')).toBe(0);
  });
});

describe('checkModule', () => {
  it('is up to date at the installed template', async () => {
    expect(checkModule(await moduleAt(undefined))).toMatchObject({ status: 'up-to-date', module: '1.3.0', installed: '1.3.0' });
  });
  it('sees an update for an older template, and for an adopted module', async () => {
    expect(checkModule(await moduleAt('0.9.0'))).toMatchObject({ status: 'update-available', adopted: false });
    expect(checkModule(await moduleAt(ADOPTED_VERSION))).toMatchObject({ status: 'update-available', adopted: true });
  });
  it('calls a newer module a downgrade', async () => {
    expect(checkModule(await moduleAt('1.4.0'))).toMatchObject({ status: 'newer-than-installed' });
  });
  it('tells how to adopt a directory without .yo-rc.json', () => {
    const dir = tempDir();
    dirs.push(dir);
    expect(() => checkModule(dir)).toThrow(UserError);
    expect(() => checkModule(dir)).toThrow(/No \.yo-rc\.json/);
  });
  it('refuses a .yo-rc.json without a template version', async () => {
    const dir = await moduleAt('not-a-version');
    expect(() => checkModule(dir)).toThrow(/does not say which template version/);
  });
});

describe('ai4os-module check', () => {
  it('exits 0, 1 and 3, in words and in JSON', async () => {
    const current = runCli(['check'], await moduleAt(undefined));
    expect(current).toMatchObject({ code: 0 });
    expect(current.stdout).toMatch(/^Up to date: template 1\.3\.0/);

    const older = await moduleAt('0.9.0');
    expect(runCli(['check'], older)).toMatchObject({ code: 1 });
    const json = runCli(['check', '--format', 'json', older], ROOT);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      status: 'update-available',
      module: '0.9.0',
      installed: '1.3.0',
      generator: expect.any(String),
      adopted: false,
    });

    const newer = runCli(['check'], await moduleAt('2.0.0'));
    expect(newer.code).toBe(3);
    expect(newer.stdout).toMatch(/newer than template 1\.3\.0.*\n.*downgrade/);
  });
  it('exits 2 with a hint outside a module', () => {
    const dir = tempDir();
    dirs.push(dir);
    const result = runCli(['check'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ai4os-module adopt/);
  });
});

describe('the check bundle', () => {
  it('loads no Yeoman, prompts, mem-fs or git helpers', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/meta.json'), 'utf8')) as {
      outputs: Record<string, { entryPoint?: string; imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown> }>;
    };
    const outputs = meta.outputs;
    const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === 'src/update/check-command.ts');
    const cli = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === 'src/cli/ai4os-module.ts');
    expect(entry).toBeDefined();
    // What runs for `ai4os-module check`: the bin's static graph and the command's chunk's.
    const loaded = new Set<string>();
    const visit = (output: string) => {
      if (loaded.has(output) || !outputs[output]) return;
      loaded.add(output);
      for (const i of outputs[output]!.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit(cli!);
    visit(entry!);
    const inputs = [...loaded].flatMap((o) => Object.keys(outputs[o]!.inputs));
    expect(inputs).toContain('src/update/check.ts');
    const forbidden = /node_modules\/(yeoman-|@inquirer\/|inquirer\/|simple-git\/|execa\/|mem-fs)/;
    expect(inputs.filter((input) => forbidden.test(input))).toEqual([]);
  });
});
