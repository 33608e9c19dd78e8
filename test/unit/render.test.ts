import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LIBRARIES } from '../../src/answers/questions.js';
import { loadTemplateSet, renderModule } from '../../src/render/render.js';
import { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, bundledSchema } from '../../src/schemata.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { parseToml } from '../../src/module-files/toml.js';
import { FRAMEWORK_PRESETS } from '../../src/answers/presets.js';
import { CHILD, MATRIX, TRICKY_TITLE, answersWith } from '../support/answers.js';

const render = async (raw = {}) => renderModule({ answers: await answersWith(raw), created: '2026-11-26', generatorVersion: '9.9.9' });

describe('renderModule', () => {
  it('produces the files of a module', async () => {
    expect([...(await render()).keys()]).toMatchInlineSnapshot(`
      [
        ".dockerignore",
        ".github/workflows/ci.yml",
        ".gitignore",
        ".sqa/config.yml",
        ".sqa/docker-compose.yml",
        ".yo-rc.json",
        "ai4-metadata.yml",
        "data/.gitkeep",
        "demo_model/__init__.py",
        "demo_model/api.py",
        "demo_model/config.py",
        "demo_model/model.py",
        "Dockerfile",
        "JenkinsConstants.groovy",
        "Jenkinsfile",
        "LICENSE",
        "models/.gitkeep",
        "nomad/demo-model.nomad.hcl",
        "pyproject.toml",
        "README.md",
        "requirements-test.txt",
        "requirements.txt",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/test_api.py",
        "tox.ini",
        "VERSION",
      ]
    `);
  });

  it.each(Object.entries(MATRIX))('gives YAML and JSON files that parse, for the answers "%s"', async (_, raw) => {
    for (const [path, text] of await render(raw)) {
      if (/\.ya?ml$/.test(path)) expect(() => parseYaml(text, { version: '1.1', strict: true }), path).not.toThrow();
      if (path.endsWith('.json')) expect(() => JSON.parse(text), path).not.toThrow();
    }
  });

  it('is a pure function of its input', async () => {
    expect(await render({ title: 'Same' })).toEqual(await render({ title: 'Same' }));
  });

  it('records the answers, the template and generator versions in .yo-rc.json', async () => {
    const stored = JSON.parse((await render()).get('.yo-rc.json')!)['create-ai4os-module'];
    expect(stored).toMatchObject({ _template: '1.2.0', _generator: '9.9.9', _created: '2026-11-26', 'repo-name': 'demo-model' });
    expect(stored.authors).toEqual([{ name: 'Jane Doe', email: 'jane@uni.eu' }]);
  });

  it('writes metadata every platform reader takes as strings, with the schema line for editors', async () => {
    const text = (await render({ tags: 'yes,on,2024-01-01' })).get('ai4-metadata.yml')!;
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=https:.*ai4-apps-v2\.3\.0\.json$/);
    const data = parseYaml(text, { version: '1.1' });
    expect(data.dates).toEqual({ created: '2026-11-26', updated: '2026-11-26' });
    expect(data.tags).toEqual(['yes', 'on', '2024-01-01']);
    expect(data.links).toEqual({
      source_code: 'https://github.com/ai4os-hub/demo-model',
      docker_image: 'ai4oshub/demo-model',
    });
    expect(data.resources).toEqual({ inference: { cpu: 1, gpu: 0, memory_MB: 4000 } });
  });

  it('writes the latest bundled schema version, whose vocabularies the questions offer', async () => {
    const data = parseYaml((await render()).get('ai4-metadata.yml')!, { version: '1.1' });
    expect(LATEST_SCHEMA_VERSION).toBe(SCHEMA_VERSIONS[0]);
    expect(data.metadata_version).toBe(LATEST_SCHEMA_VERSION);
    const schema = bundledSchema(LATEST_SCHEMA_VERSION) as { properties: Record<string, { items: { enum: string[] } }> };
    expect(LIBRARIES).toEqual(schema.properties.libraries!.items.enum);
  });

  it('asks Nomad for GPUs, and builds a GPU image, only when wanted', async () => {
    const cpu = await render();
    const gpu = await render(MATRIX.gpu);
    const job = (files: Map<string, string>) => [...files].find(([p]) => p.startsWith('nomad/'))![1];
    expect(job(cpu)).not.toMatch(/device "gpu"/);
    expect(job(cpu)).toMatch(/NVIDIA_VISIBLE_DEVICES = "none"/);
    expect(job(gpu)).toMatch(/device "gpu" \{\s+count = 1\s+\}/);
    expect(cpu.get('JenkinsConstants.groovy')).not.toMatch(/^def base_(cpu|gpu)_tag/m);
    expect(gpu.get('JenkinsConstants.groovy')).toMatch(/def base_cpu_tag = '2\.15\.0'\n\n@Field\ndef base_gpu_tag = '2\.15\.0-gpu'/);
    expect(gpu.get('Dockerfile')).toMatch(/^ARG tag=2\.15\.0\nFROM tensorflow\/tensorflow:\$\{tag\}$/m);
  });

  it('keeps a hostile title a plain value in every structured file', async () => {
    const files = await render(MATRIX['tricky title']);
    expect(parseYaml(files.get('ai4-metadata.yml')!, { version: '1.1' }).title).toBe(TRICKY_TITLE);
    const nomad = [...files].find(([path]) => path.startsWith('nomad/'))![1];
    const job = (await parseHcl('job.hcl', nomad)) as {
      job: Record<string, [{ meta: [{ title: string }] }]>;
    };
    // hcl2json gives Terraform's JSON form, where `$${` is a literal `${` and `${` an interpolation.
    expect(Object.values(job.job)[0]![0].meta[0].title).toBe(TRICKY_TITLE.replace('${', () => '$${'));
    expect(files.get('README.md')).toContain('# Ñandú\'s "Détection": \\#1 \\<% x %\\> $\\{HOME\\} ✓');
  });

  it('writes YAML line breaks in the description as escapes, in double quotes', async () => {
    const files = await render(MATRIX['tricky title']);
    const text = files.get('ai4-metadata.yml')!;
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(text).toMatch(/^description: "[^]*\\Lnext\\Nend"$/m);
    expect(parseYaml(text, { version: '1.1' }).description).toBe(MATRIX['tricky title']!.description);
  });

  it('gives files that parse even for values the answer rules would refuse (a newline in the title)', async () => {
    const answers = { ...(await answersWith()), title: 'Two\nlines: "${x}" <%= y %>' };
    const files = renderModule({ answers, created: '2026-11-26', generatorVersion: '9.9.9' });
    expect(parseYaml(files.get('ai4-metadata.yml')!, { version: '1.1' }).title).toBe(answers.title);
    const nomad = [...files].find(([path]) => path.startsWith('nomad/'))![1];
    await expect(parseHcl('job.hcl', nomad)).resolves.toBeTruthy();
    expect(files.get('README.md')!.split('\n')[0]).toBe('# Two lines: "$\\{x\\}" \\<%= y %\\>');
  });

  it('writes a README with the summary once, the description only when it says more, and commands that do what they say', async () => {
    const readme = (await render()).get('README.md')!;
    expect(readme.match(/Demo Model, served with DEEPaaS on the AI4OS platform/g)).toHaveLength(1);
    const described = (await render({ description: 'Counts fish in sonar images.' })).get('README.md')!;
    expect(described).toMatch(
      /^# Demo Model\n\nDemo Model, served with DEEPaaS on the AI4OS platform\n\nCounts fish in sonar images\.\n\nThis is/,
    );
    // Each command line's comment is about that command.
    expect(readme).toMatch(/^npx --package create-ai4os-module ai4os-module validate \. +# the metadata and the files the hub checks$/m);
    expect(readme).not.toMatch(/--help +#/);
    expect(readme).toMatch(/## Licence\n\nMIT; see `LICENSE`\.\n$/);
    expect((await render({ license: 'none' })).get('README.md')).toMatch(/## Licence\n\nAll rights reserved; see `LICENSE`\.\n$/);
  });

  it('writes the real licence text, with the year and holders filled in', async () => {
    expect((await render()).get('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 Jane Doe\n/);
    expect((await render({ license: 'Apache-2.0' })).get('LICENSE')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect((await render({ license: 'none' })).get('LICENSE')).toMatch(/All rights reserved/);
    expect((await render({ license: 'none' })).get('pyproject.toml')).toMatch(/^license = "LicenseRef-Proprietary"$/m);
  });
});

describe("the module's distribution name and entry point", () => {
  it('are what pyproject.toml installs, what the package reports and its tests expect', async () => {
    const files = await render({
      title: 'Vessels',
      distributionName: 'audio-vessel-classifier',
      entryPointName: 'vessels.v1',
      entryPointTarget: 'vessels.api',
    });
    const pyproject = parseToml(files.get('pyproject.toml')!).data as any;
    expect(pyproject.project.name).toBe('audio-vessel-classifier');
    expect(pyproject.project['entry-points']['deepaas.v2.model']).toEqual({ 'vessels.v1': 'vessels.api' });
    expect(files.get('vessels/config.py')).toContain('DISTRIBUTION = "audio-vessel-classifier"');
    expect(files.get('tests/test_api.py')).toContain('"name": "audio-vessel-classifier",');
    expect(files.get('README.md')).toContain('/v2/models/vessels.v1/predict/');
  });

  it('by default, write the entry point as before they were answers', async () => {
    expect((await render()).get('pyproject.toml')).toContain('[project.entry-points."deepaas.v2.model"]\ndemo_model = "demo_model.api"\n');
  });
});

describe('template 1.2.0 (variants and presets)', () => {
  it('writes what 1.1.0 wrote for a minimal module without a framework, answers aside', async () => {
    const answers = await answersWith();
    const input = { answers, created: '2026-11-26', generatorVersion: '9.9.9' };
    const old = renderModule(input, loadTemplateSet(new URL('../fixtures/templates-1.1.0', import.meta.url).pathname));
    const now = renderModule(input);
    old.delete('.yo-rc.json');
    now.delete('.yo-rc.json');
    expect(now).toEqual(old);
  });
});

describe('framework presets', () => {
  const tags = (files: Map<string, string>) => /^ARG tag=(\S+)\nFROM (\S+):\$\{tag\}$/m.exec(files.get('Dockerfile')!)!.slice(1);
  const jenkinsTags = (files: Map<string, string>) =>
    [...files.get('JenkinsConstants.groovy')!.matchAll(/^def base_(cpu|gpu)_tag = '([^']*)'$/gm)].map((m) => `${m[1]}=${m[2]}`);
  const requirements = (files: Map<string, string>) =>
    files
      .get('requirements.txt')!
      .split('\n')
      .filter((l) => /^[a-z]/i.test(l));
  const libraries = (files: Map<string, string>) => parseYaml(files.get('ai4-metadata.yml')!, { version: '1.1' }).libraries;

  it('change the base image, the tags Jenkins builds, libraries and requirements', async () => {
    const none = await render();
    expect(tags(none)).toEqual(['3.11-slim', 'python']);
    expect(jenkinsTags(none)).toEqual([]);
    expect(libraries(none)).toEqual(['Other']);
    expect(requirements(none)).toEqual(['deepaas>=2.6.0,<3', 'webargs>=5.5,<6', 'marshmallow>=3.13,<4', 'PyYAML>=5.1']);

    const tf = await render({ framework: 'tensorflow' });
    expect(tags(tf)).toEqual(['2.15.0', 'tensorflow/tensorflow']);
    expect(jenkinsTags(tf)).toEqual(['cpu=2.15.0', 'gpu=2.15.0-gpu']);
    expect(libraries(tf)).toEqual(['TensorFlow', 'Keras']);
    expect(requirements(tf).at(-1)).toBe('tensorflow>=2.15,<2.16');

    const torch = await render({ framework: 'pytorch' });
    expect(tags(torch)).toEqual(['2.4.1-cuda12.1-cudnn9-runtime', 'pytorch/pytorch']);
    // One CUDA image, which runs on CPU too: Jenkins builds it once, not twice under two names.
    expect(jenkinsTags(torch)).toEqual([]);
    expect(libraries(torch)).toEqual(['PyTorch']);
    expect(requirements(torch).at(-1)).toBe('torch>=2.4,<2.5');

    const sklearn = await render({ framework: 'sklearn' });
    expect(tags(sklearn)).toEqual(['3.11-slim', 'python']);
    expect(libraries(sklearn)).toEqual(['Scikit-learn']);
    expect(requirements(sklearn)).toContain('scikit-learn>=1.5,<1.6');
  });

  it('never give the GPU image the CPU tag, and offer only libraries of the schema', () => {
    for (const preset of FRAMEWORK_PRESETS) {
      expect(preset.gpuTag, preset.id).not.toBe(preset.cpuTag);
      for (const library of preset.libraries) expect(LIBRARIES, preset.id).toContain(library);
    }
  });

  it('import the framework inside a function, so the module imports without it', async () => {
    const model = (await render({ framework: 'pytorch' })).get('demo_model/model.py')!;
    expect(model.split('\n').filter((l) => /^(import|from) /.test(l))).toEqual(['import json', 'import random', 'from . import config']);
    expect(model).toMatch(/^ {8}import torch$/m);
    expect((await render()).get('demo_model/model.py')).not.toMatch(/framework_version/);
  });

  it('let given answers win over the preset', async () => {
    const files = await render({ framework: 'tensorflow', baseTag: '2.16.1', baseGpuTag: '2.16.1-gpu', libraries: 'TensorFlow' });
    expect(jenkinsTags(files)).toEqual(['cpu=2.16.1', 'gpu=2.16.1-gpu']);
    expect(libraries(files)).toEqual(['TensorFlow']);
  });

  it('ask Nomad for a GPU only when the answers do', async () => {
    const job = (files: Map<string, string>) => [...files].find(([p]) => p.startsWith('nomad/'))![1];
    expect(job(await render({ framework: 'tensorflow' }))).not.toMatch(/device "gpu"/);
    expect(job(await render({ framework: 'tensorflow', gpu: '1' }))).toMatch(/device "gpu" \{\s+count = 1\s+\}/);
  });
});

describe('the advanced variant', () => {
  it('adds schemas, response formats, tracking and tests through DEEPaaS to the minimal files', async () => {
    const minimal = await render();
    const advanced = await render({ variant: 'advanced' });
    expect([...advanced.keys()].filter((path) => !minimal.has(path))).toEqual([
      'demo_model/responses.py',
      'demo_model/schemas.py',
      'demo_model/tracking.py',
      'tests/test_deepaas.py',
    ]);
    const api = advanced.get('demo_model/api.py')!;
    expect(api).toMatch(/^schema = schemas\.Prediction$/m);
    expect(api).toMatch(/return schemas\.predict_args\(\)/);
    expect(api).toMatch(/tracking\.log_run\(params, metrics\)/);
    expect(api).not.toMatch(/^from webargs/m);
    expect(advanced.get('demo_model/tracking.py')).toMatch(/^def enabled\(\):\n {4}return bool\(os\.getenv\("MLFLOW_TRACKING_URI"\)\)$/m);
    // MLflow is never required: not a requirement, and imported only when tracking is on.
    expect(advanced.get('requirements.txt')).not.toMatch(/^mlflow/m);
    expect(advanced.get('demo_model/tracking.py')).not.toMatch(/^import mlflow/m);
  });
});

describe('the child variant', () => {
  it('has no Python package: Dockerfile FROM the parent, metadata with base_model, README, LICENSE, CI files', async () => {
    const files = await render(CHILD);
    expect([...files.keys()]).toEqual([
      '.dockerignore',
      '.github/workflows/ci.yml',
      '.gitignore',
      '.sqa/config.yml',
      '.sqa/docker-compose.yml',
      '.yo-rc.json',
      'ai4-metadata.yml',
      'data/.gitkeep',
      'Dockerfile',
      'JenkinsConstants.groovy',
      'Jenkinsfile',
      'LICENSE',
      'models/.gitkeep',
      'nomad/birds-retrained.nomad.hcl',
      'README.md',
    ]);
    expect(files.get('Dockerfile')).toMatch(/^ARG tag=cpu\nFROM ai4oshub\/ai4os-audio-classification-tf:\$\{tag\}$/m);
    expect(files.get('Dockerfile')).not.toMatch(/^(CMD|ENTRYPOINT|RUN .*pip)/m);
    const links = parseYaml(files.get('ai4-metadata.yml')!, { version: '1.1' }).links;
    expect(links.base_model).toBe('https://github.com/ai4os-hub/ai4os-audio-classification-tf');
    expect(files.get('JenkinsConstants.groovy')).toMatch(/def base_cpu_tag = 'cpu'\n\n@Field\ndef base_gpu_tag = 'gpu'/);
    expect(files.get('.sqa/config.yml')).not.toMatch(/tox/);
    expect(files.get('.github/workflows/ci.yml')).not.toMatch(/tox/);
    expect(files.get('README.md')).toMatch(/child module: it reuses the image of the hub module/);
  });

  it('needs its parent, a hub image, and takes no framework', async () => {
    await expect(answersWith({ variant: 'child' })).rejects.toThrow(
      /base-image: is required and has no default; a child module names its parent/,
    );
    await expect(answersWith({ ...CHILD, baseImage: 'python' })).rejects.toThrow(
      /base-image: must be the image of a hub module, ai4oshub\/<name>/,
    );
    await expect(answersWith({ ...CHILD, framework: 'pytorch' })).rejects.toThrow(/framework: must be none for a child module/);
  });
});

describe('templates', () => {
  const templates = readdirSync(join(TEMPLATES_DIR, 'module'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

  it('never use <%= (HTML escaping) nor include other files', () => {
    for (const file of templates) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/<%=/);
      expect(source, file).not.toMatch(/include\s*\(/);
    }
  });
});
