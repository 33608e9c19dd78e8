/**
 * `validate DIR`: a freshly generated module passes the module checks; each broken part of
 * a module is found, with its file and line. That the Dockerfile reader reads what Docker's
 * own parser reads is checked in test/e2e/dockerfile-reader.test.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderModule } from '../../src/render/render.js';
import type { Finding } from '../../src/validate/findings.js';
import { loadMetadataFile, type Loaded } from '../../src/validate/load.js';
import { checkModule } from '../../src/validate/module-checks/index.js';
import { parseJenkinsConstants } from '../../src/module-files/jenkins-constants.js';
import { parseToml } from '../../src/module-files/toml.js';
import { answersWith, MATRIX } from '../support/answers.js';
import { tempDir } from '../support/cli.js';

async function writeModule(raw = {}): Promise<string> {
  const dir = tempDir('ai4os-module-checks-');
  const files = renderModule({ answers: await answersWith(raw), created: '2026-11-26', generatorVersion: '9.9.9' });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function check(dir: string) {
  const metadata = loadMetadataFile(join(dir, 'ai4-metadata.yml')) as Loaded;
  return checkModule({ dir, show: (path) => path.slice(dir.length + 1), metadata, metadataFile: 'ai4-metadata.yml' });
}

const brief = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.file}${f.line ? `:${f.line}` : ''}`);

/** Warnings the generated templates cause today (reported to the template's owner). */
const KNOWN_TEMPLATE_WARNINGS = new Set(['jenkins/base-tags']);

describe('module checks', () => {
  it.each(Object.keys(MATRIX))('pass on a freshly generated module (%s)', async (label) => {
    const { errors, warnings } = await check(await writeModule(MATRIX[label]));
    expect(brief(errors)).toEqual([]);
    expect(brief(warnings.filter((w) => !KNOWN_TEMPLATE_WARNINGS.has(w.rule)))).toEqual([]);
  });

  it('know a child module: no package, so no entry point to find; its parent image brings DEEPaaS', async () => {
    const child = await writeModule({ variant: 'child', baseImage: 'ai4oshub/ai4os-audio-classification-tf', baseTag: 'cpu' });
    expect(brief((await check(child)).errors)).toEqual([]);
    // The same image with a packaging file of its own is a package again, and is checked as one.
    writeFileSync(join(child, 'pyproject.toml'), '[project]\nname = "x"\n');
    expect(brief((await check(child)).errors)).toEqual(['entry-point/missing pyproject.toml']);
  });

  it('find a module without LICENSE, or with it under another name', async () => {
    const dir = await writeModule();
    rmSync(join(dir, 'LICENSE'));
    writeFileSync(join(dir, 'LICENSE.md'), 'MIT');
    const { errors } = await check(dir);
    expect(errors).toEqual([
      expect.objectContaining({
        rule: 'module/license',
        file: 'LICENSE',
        hint: 'Rename LICENSE.md to LICENSE (the hub looks for that exact name).',
      }),
    ]);
  });

  it('find a Dockerfile that breaks the hub contract, line by line', async () => {
    const dir = await writeModule({ baseTag: '2.15.0', baseGpuTag: '2.15.0-gpu', baseImage: 'tensorflow/tensorflow' });
    writeFileSync(
      join(dir, 'Dockerfile'),
      [
        'FROM tensorflow/tensorflow:2.15.0',
        'RUN git clone https://github.com/ai4os-hub/demo-model && pip install -e ./demo-model',
        'EXPOSE 5000',
        'CMD ["deepaas-run", "--listen-port", "5000"]',
        'FOO bar',
        '',
      ].join('\n'),
    );
    const { errors, warnings } = await check(dir);
    expect(brief(errors)).toEqual(['dockerfile/instruction Dockerfile:5', 'dockerfile/tag Dockerfile:1', 'dockerfile/cmd Dockerfile:4']);
    expect(brief(warnings)).toEqual(
      expect.arrayContaining(['dockerfile/branch Dockerfile:1', 'dockerfile/expose Dockerfile:3', 'dockerfile/deep-start Dockerfile:1']),
    );
    // The platform mounts storage with its own sidecar task: rclone in the image is the owner's choice.
    expect(warnings.map((w) => w.message).join('\n')).not.toMatch(/rclone/);
  });

  it('find a Dockerfile Docker cannot parse, and one with no default command', async () => {
    const dir = await writeModule();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.11\nRUN ["pip", 1]\n');
    expect(brief((await check(dir)).errors)).toEqual(['dockerfile/syntax Dockerfile:2']);
    writeFileSync(join(dir, 'Dockerfile'), 'ARG tag=3.11\nFROM python:${tag}\nARG branch=main\nRUN pip install deepaas\n');
    expect(brief((await check(dir)).errors)).toEqual(['dockerfile/cmd Dockerfile:4']);
  });

  it('find a missing or dangling DEEPaaS entry point', async () => {
    const dir = await writeModule();
    const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    writeFileSync(join(dir, 'pyproject.toml'), pyproject.replace('demo_model = "demo_model.api"', 'demo_model = "demo_model.apii:model"'));
    expect((await check(dir)).errors).toEqual([
      expect.objectContaining({
        rule: 'entry-point/module',
        file: 'pyproject.toml',
        line: 23,
        message: expect.stringContaining('demo_model/apii.py'),
      }),
    ]);
    writeFileSync(join(dir, 'pyproject.toml'), pyproject.replace(/\[project\.entry-points[^\n]*\n[^\n]*\n/, ''));
    expect(brief((await check(dir)).errors)).toEqual(['entry-point/missing pyproject.toml']);
    writeFileSync(join(dir, 'pyproject.toml'), '[project\nname = "x"\n');
    expect(brief((await check(dir)).errors)).toEqual(['pyproject/syntax pyproject.toml:1']);
  });

  it("read pbr's [entry_points] in setup.cfg (a module without pyproject.toml)", async () => {
    const dir = await writeModule();
    rmSync(join(dir, 'pyproject.toml'));
    const setupCfg = '[metadata]\nname = demo_model\n\n[entry_points]\n\ndeepaas.v2.model =\n    demo_model = demo_model.api\n';
    writeFileSync(join(dir, 'setup.cfg'), setupCfg);
    expect(brief((await check(dir)).errors)).toEqual([]);
    writeFileSync(join(dir, 'setup.cfg'), setupCfg.replace('demo_model.api', 'demo_model.models.deep_api'));
    expect(brief((await check(dir)).errors)).toEqual(['entry-point/module setup.cfg:7']);
  });

  it('warn of a Nomad job that does not parse, and of one that runs another image', async () => {
    const dir = await writeModule();
    const job = join(dir, 'nomad/demo-model.nomad.hcl');
    const text = readFileSync(job, 'utf8');
    writeFileSync(job, text.replace('type        = "service"', 'type = "service" priority = 50'));
    // The platform deploys from its own job template: a broken job here breaks only `deploy`.
    expect(brief((await check(dir)).errors)).toEqual([]);
    expect(brief((await check(dir)).warnings)).toEqual(['nomad/syntax nomad/demo-model.nomad.hcl:51']);
    writeFileSync(job, text.replace('default = "ai4oshub/demo-model"', 'default = "ai4oshub/other"'));
    const { warnings } = await check(dir);
    expect(warnings).toEqual([
      expect.objectContaining({
        rule: 'images/nomad',
        file: 'nomad/demo-model.nomad.hcl',
        message: 'The Nomad job runs ai4oshub/other, but links.docker_image in ai4-metadata.yml names ai4oshub/demo-model',
      }),
    ]);
  });

  it('take as serving DEEPaaS: ENTRYPOINT deep-start with CMD --deepaas, and an ENTRYPOINT script of the repository that runs deep-start', async () => {
    const dir = await writeModule();
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const cmd = /^CMD .*$/m.exec(dockerfile)![0];
    const withCommand = (command: string) => writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace(cmd, command));
    const commandFindings = async () => {
      const { errors, warnings } = await check(dir);
      return brief([...errors, ...warnings].filter((f) => f.rule === 'dockerfile/cmd'));
    };
    withCommand('ENTRYPOINT ["deep-start"]\nCMD ["--deepaas"]');
    expect(await commandFindings()).toEqual([]);
    // The script's path in the image, found in the repository by its tail.
    writeFileSync(join(dir, 'entrypoint.sh'), '#!/bin/bash\ncd /srv/demo-model\nexec deep-start "$@"\n');
    withCommand('COPY entrypoint.sh /usr/local/bin/entrypoint.sh\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]');
    expect(await commandFindings()).toEqual([]);
    // A script that execs its arguments runs CMD.
    writeFileSync(join(dir, 'entrypoint.sh'), '#!/bin/bash\nset -e\nexec "$@"\n');
    withCommand('ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]\nCMD ["deepaas-run", "--listen-port", "5000"]');
    expect(await commandFindings()).toEqual([expect.stringMatching(/^dockerfile\/cmd Dockerfile:\d+$/)]);
    expect((await check(dir)).errors.map((e) => e.message)).toEqual([expect.stringContaining('deepaas-run listens on 127.0.0.1')]);
    writeFileSync(join(dir, 'entrypoint.sh'), '#!/bin/bash\npython3 -m http.server 5000\n');
    expect((await check(dir)).warnings.map((w) => w.message)).toContain(
      'The default command runs neither deep-start nor deepaas-run: the hub checks that the image serves DEEPaaS on port 5000',
    );
  });

  it('refuse an entry point importlib.metadata cannot read: a hyphen in the module path', async () => {
    const dir = await writeModule();
    const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    writeFileSync(join(dir, 'pyproject.toml'), pyproject.replace('demo_model = "demo_model.api"', 'demo_model = "demo-model.api"'));
    expect((await check(dir)).errors).toEqual([
      expect.objectContaining({
        rule: 'entry-point/module',
        message: expect.stringContaining('importlib.metadata, which DEEPaaS loads it with, cannot read it'),
      }),
    ]);
  });

  it('find the entry point\'s module where package-dir maps it ("pkg.api" = "api", the advanced template\'s layout)', async () => {
    const dir = await writeModule();
    const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, 'api/__init__.py'), readFileSync(join(dir, 'demo_model/api.py'), 'utf8'));
    rmSync(join(dir, 'demo_model/api.py'));
    expect(brief((await check(dir)).errors)).toEqual(['entry-point/module pyproject.toml:23']);
    writeFileSync(
      join(dir, 'pyproject.toml'),
      pyproject.replace(
        /packages = \[.*\]/,
        'packages = ["demo_model", "demo_model.api"]\n\n[tool.setuptools.package-dir]\n"demo_model.api" = "api"',
      ),
    );
    expect(brief((await check(dir)).errors)).toEqual([]);
  });

  it('tell the kinds apart: a tool (no package, no Dockerfile), a container-only module, an image of its own that is no parent', async () => {
    const dir = await writeModule();
    for (const file of ['pyproject.toml', 'Dockerfile', 'JenkinsConstants.groovy']) rmSync(join(dir, file));
    expect(await check(dir)).toMatchObject({ kind: { kind: 'tool' }, errors: [] });
    // No package, and a Dockerfile that installs code from elsewhere: no entry point of its own to check.
    writeFileSync(
      join(dir, 'Dockerfile'),
      'ARG tag=3.11\nFROM python:${tag}\nARG branch=main\nRUN pip install deepaas && git clone https://github.com/deephdc/deep-start /srv/.deep-start\nRUN git clone -b $branch https://github.com/someone/model && pip install -e ./model\nEXPOSE 5000 6006 8888\nCMD ["deep-start", "--deepaas"]\n',
    );
    expect(await check(dir)).toMatchObject({ kind: { kind: 'container' }, errors: [] });
    // Files that only configure tools build no package.
    writeFileSync(join(dir, 'setup.cfg'), '[flake8]\nmax-line-length = 100\n');
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.black]\nline-length = 100\n');
    expect(await check(dir)).toMatchObject({ kind: { kind: 'container' }, errors: [] });
    rmSync(join(dir, 'setup.cfg'));
    rmSync(join(dir, 'pyproject.toml'));
    // FROM the image links.docker_image names is the module's own base, not a parent: no CMD is then an error.
    writeFileSync(join(dir, 'Dockerfile'), 'ARG tag=base\nFROM ai4oshub/demo-model:${tag}\nRUN true\n');
    expect(await check(dir)).toMatchObject({ kind: { kind: 'container' } });
    expect(brief((await check(dir)).errors)).toEqual(['dockerfile/cmd Dockerfile:3']);
    writeFileSync(join(dir, 'Dockerfile'), 'ARG tag=cpu\nFROM ai4oshub/some-parent:${tag}\nRUN true\n');
    expect(await check(dir)).toMatchObject({ kind: { kind: 'child', platformBase: 'ai4oshub/some-parent' }, errors: [] });
  });

  it('find JenkinsConstants naming a Dockerfile that is not there', async () => {
    const dir = await writeModule();
    writeFileSync(
      join(dir, 'JenkinsConstants.groovy'),
      "import groovy.transform.Field\n@Field\ndef dockerfile = 'docker/Dockerfile'\nreturn this;\n",
    );
    expect(brief((await check(dir)).errors)).toEqual([
      'jenkins/dockerfile JenkinsConstants.groovy:3',
      'dockerfile/missing docker/Dockerfile',
    ]);
  });
});

describe('readers', () => {
  it('read JenkinsConstants fields, skipping comments', () => {
    const fields = parseJenkinsConstants(
      "//@Field\n//def base_cpu_tag = 'x'\n/* def base_gpu_tag = 'y' */\n@Field\ndef dockerfile = \"docker/Dockerfile\" // why\n",
    );
    expect([...fields]).toEqual([['dockerfile', { value: 'docker/Dockerfile', line: 5 }]]);
  });

  it('read pyproject.toml, with the line of each key', () => {
    const { data, lineOf } = parseToml(
      '[project]\nname = "x" # c\nauthors = [\n  { name = "A", email = "a@b.eu" },\n]\n\n[project.entry-points."deepaas.v2.model"]\nx = \'x.api\'\n[[tool.list]]\nn = 1_000\n',
    );
    expect(data).toEqual({
      project: { name: 'x', authors: [{ name: 'A', email: 'a@b.eu' }], 'entry-points': { 'deepaas.v2.model': { x: 'x.api' } } },
      tool: { list: [{ n: 1000 }] },
    });
    expect(lineOf(['project', 'entry-points', 'deepaas.v2.model', 'x'])).toBe(8);
    expect(lineOf(['project', 'authors'])).toBe(3);
    expect(lineOf(['tool', 'list', 'n'])).toBe(10);
  });
});
