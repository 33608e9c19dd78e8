/**
 * `validate .` on the real marketplace modules of test/fixtures/real-modules (each copied to
 * a directory of its own): the 13 live ones, which the hub and the platform accept, pass;
 * every finding printed is listed here, each with why it is true (checked by hand against
 * the module's files); the one module that is not live gets the error it deserves. Also the
 * CI formats for one module, and `--strict` on fresh modules of every variant.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderModule } from '../../src/render/render.js';
import { answersWith, CHILD, MATRIX } from '../support/answers.js';
import { runBin, tempDir } from '../support/cli.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/real-modules');

function copyOf(module: string): string {
  const dir = join(tempDir('ai4os-real-module-'), module);
  cpSync(join(FIXTURES, module), dir, { recursive: true });
  return dir;
}

const validate = (dir: string, ...args: string[]) => runBin('cli', ['validate', '.', ...args], { cwd: dir });

const passes = (kind: string, warnings = 0) =>
  `✓ 'ai4-metadata.yml' is valid for version 2.3.0 and the module checks of '.' (${kind}) pass${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`;

/** Each live module: the kind validate takes it for, and every line it prints. */
const LIVE: [module: string, lines: string[]][] = [
  // pyproject with "witoil_for_imagine.api" = "api" and api/__init__.py; ENTRYPOINT entrypoint.sh
  // (in the repository) runs `exec deep-start "$@"`; its FROM ai4oshub/witoil-for-imagine is its own base.
  ['ai4os-hub__WITOIL-for-iMagine', [passes('a DEEPaaS module')]],
  // package-dir maps audio_vessel_classifier to itself; CMD deepaas-run on 0.0.0.0.
  ['ai4os-hub__audio-vessel-classification', [passes('a DEEPaaS module')]],
  // No Python, FROM ai4oshub/ai4os-audio-classification-tf: CMD, deep-start and DEEPaaS come from the parent.
  ['ai4os-hub__birds-audio-classification', [passes('a child module')]],
  // packages.find include = ["integrated_plant_protection"] installs integrated_plant_protection/api.py.
  ['ai4os-hub__integrated-plant-protection', [passes('a DEEPaaS module')]],
  // pbr: [files] packages = posenetclas installs the folder even without __init__.py, so posenetclas/api.py.
  ['ai4os-hub__posenet-tf', [passes('a DEEPaaS module')]],
  [
    'ai4os-hub__semseg-vaihingen',
    [
      // ai4-metadata.yml line 28 is `  dataset_url: …` under links; no schema lists links.dataset_url (2.3.0 has links.dataset).
      'ai4-metadata.yml:28:3: warning: links.dataset_url: is not a key the schema knows here; it is ignored',
      '    Known keys: self, documentation, source_code, docker_image, zenodo_doi, dataset, weights, citation, base_model.',
      passes('a DEEPaaS module', 1),
    ],
  ],
  [
    'ai4os-hub__socib-rip-currents-detection',
    [
      // Line 1 says `metadata_version: 1.0.1`, a version no schema has; the file is v2 in shape, valid for 2.0.0 and 2.3.0.
      'ai4-metadata.yml:1:19: warning: metadata_version: is 1.0.1, but the file was checked against schemas 2.0.0 and 2.3.0',
      '    Set metadata_version to 2.3.0 (there is no schema 1.0.1).',
      // pyproject-child.toml only (copied over the parent's in the image), FROM ai4oshub/ai4os-yolo-torch.
      passes('a child module', 1),
    ],
  ],
  [
    'ai4os-hub__tf-cnn-benchmarks-api',
    [
      // setup.cfg:28 is the entry point; [files] packages = benchmarks_cnn names no folder, so pbr passes no
      // packages and setuptools' discovery refuses the flat layout (data/, docker/, models/… beside the package);
      // the Dockerfile's `pip3 install --no-cache-dir -e .` (line 94) puts the clone on the path, so it imports.
      'setup.cfg:28:1: warning: The entry point benchmarks_cnn = "benchmarks_cnn_api.models.deep_api" names benchmarks_cnn_api.models.deep_api, which setuptools does not install from this packaging: it imports only because the Dockerfile\'s `pip install -e` puts the module\'s folder on the path',
      '    List the package that holds benchmarks_cnn_api/models/deep_api.py in the packaging, so that `pip install .` installs it too.',
      passes('a DEEPaaS module', 1),
    ],
  ],
  // "tufsegm_api.api" = "api"; ENTRYPOINT docker-entrypoint.sh execs "$@", so CMD (deepaas-run on 0.0.0.0) runs.
  ['ai4os-hub__thermal-urban-feature-segmenter', [passes('a DEEPaaS module')]],
  // "ai4life.api" = "api"; ENTRYPOINT ai4os-ai4life-loader/UI/entrypoint.sh (UI/entrypoint.sh here) runs deepaas-run on 0.0.0.0.
  ['ai4os__ai4os-ai4life-loader', [passes('a DEEPaaS module')]],
  // Metadata only; docker_image vllm/vllm-openai is configured in the platform API, not built by the hub.
  ['ai4os__ai4os-llm', [passes('a platform tool')]],
  // No root Dockerfile (docker/Dockerfile-*), Nomad jobs whose images Nomad fills in (${NOMAD_META_…}).
  ['ai4os__ai4os-nvflare', [passes('a platform tool')]],
  // No package: the Dockerfile clones github.com/adnaneds/unet and installs it; CMD deepaas-run on 0.0.0.0.
  ['deephdc__UC-adnaneds-DEEP-OC-unet', [passes('a container-only module')]],
];

describe('validate . on the real modules', () => {
  it('lists 13 live modules', () => {
    expect(LIVE).toHaveLength(13);
  });

  it.each(LIVE)('passes %s, printing exactly what is true', (module, lines) => {
    const run = validate(copyOf(module));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${lines.join('\n')}\n`);
    expect(run.status).toBe(0);
  });

  it('fails ai4os-hub__my-new-project, which is not live: it has no ai4-metadata.yml (its metadata.json does not load)', () => {
    const run = validate(copyOf('ai4os-hub__my-new-project'));
    expect(run.stdout).toBe(
      [
        // The hub's Jenkins requires ai4-metadata.yml; the platform API reads nothing else.
        ".: error: . has no ai4-metadata.yml: the hub's Jenkins and the platform API read the module's metadata from it",
        // metadata.json line 18 lacks the comma before "ai4_template" (column 9, after the 8 spaces).
        "    metadata.json (metadata v1) is read by neither any more: `ai4os-module migrate metadata.json -o ai4-metadata.yml` converts it, once it loads (metadata.json:18:9: Not valid JSON: Expecting ',' delimiter).",
        // The rest of the module (pbr, my_new_project/api.py, CMD deepaas-run on 0.0.0.0, LICENSE) is fine.
        "✗ module '.' (a DEEPaaS module) fails: 'ai4-metadata.yml' could not be checked (1 error, 0 warnings)",
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(2);
  });

  it('checks the rest of a module without ai4-metadata.yml all the same', () => {
    const dir = copyOf('ai4os-hub__my-new-project');
    rmSync(join(dir, 'LICENSE'));
    const run = validate(dir);
    expect(run.stdout).toContain('LICENSE: error: There is no LICENSE file: the hub refuses modules without one');
    expect(run.status).toBe(2);
  });

  it('checks the metadata of a module against the latest schema (the platform API) also when asked for 2.0.0 (the hub)', () => {
    const dir = copyOf('ai4os-hub__thermal-urban-feature-segmenter');
    const file = join(dir, 'ai4-metadata.yml');
    // resources (since 2.1.0) is not checked by 2.0.0, but the platform API refuses this one.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/memory_MB: \d+/, 'memory_MB: lots'));
    const run = validate(dir, '--metadata-version', '2.0.0');
    expect(run.stdout).toMatch(
      /^ai4-metadata\.yml:\d+:\d+: error: resources\.inference\.memory_MB: .* \(schema 2\.3\.0, which the platform API checks with\)$/m,
    );
    expect(run.status).toBe(1);
  });

  it('makes a source_code outside the platform organisations an error of a module (the platform API shows a placeholder)', () => {
    const dir = copyOf('ai4os-hub__integrated-plant-protection');
    const file = join(dir, 'ai4-metadata.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/source_code: .*/, 'source_code: https://gitlab.com/someone/ipp'));
    const run = validate(dir);
    expect(run.stdout).toMatch(
      /^ai4-metadata\.yml:\d+:\d+: error: links\.source_code: is not on GitHub under ai4os, ai4os-hub or deephdc: the platform API shows only a placeholder for a module from elsewhere$/m,
    );
    expect(run.status).toBe(1);
    // The file alone keeps the reference's verdict (valid), with a warning.
    expect(runBin('cli', ['validate', 'ai4-metadata.yml'], { cwd: dir }).status).toBe(0);
  });
});

describe('validate . in CI formats', () => {
  const module = 'ai4os-hub__tf-cnn-benchmarks-api';
  const message =
    'The entry point benchmarks_cnn = "benchmarks_cnn_api.models.deep_api" names benchmarks_cnn_api.models.deep_api, which setuptools does not install from this packaging: it imports only because the Dockerfile\'s `pip install -e` puts the module\'s folder on the path';
  const hint =
    'List the package that holds benchmarks_cnn_api/models/deep_api.py in the packaging, so that `pip install .` installs it too.';

  it('--format json', () => {
    const run = validate(copyOf(module), '--format', 'json');
    expect(JSON.parse(run.stdout)).toEqual({
      exitCode: 0,
      strict: false,
      files: [
        {
          target: '.',
          file: 'ai4-metadata.yml',
          schema: '2.3.0',
          module: true,
          kind: 'deepaas',
          exitCode: 0,
          errors: [],
          warnings: [{ severity: 'warning', rule: 'entry-point/packaging', message, hint, file: 'setup.cfg', line: 28, column: 1 }],
        },
      ],
    });
    expect(run.status).toBe(0);
  });

  it('--format github', () => {
    const run = validate(copyOf(module), '--format', 'github');
    expect(run.stdout).toBe(
      [
        `::warning file=setup.cfg,line=28,col=1,title=ai4os-module validate%3A entry-point/packaging::${message}%0A${hint}`,
        passes('a DEEPaaS module', 1),
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
  });

  it('--strict fails on the warning', () => {
    expect(validate(copyOf(module), '--strict').status).toBe(1);
  });
});

describe('validate . --strict on fresh modules', () => {
  it.each(Object.entries({ ...MATRIX, child: CHILD }))('passes a module of ours (%s)', async (_, raw) => {
    const dir = tempDir('ai4os-fresh-module-');
    for (const [path, text] of renderModule({ answers: await answersWith(raw), created: '2026-11-26', generatorVersion: '9.9.9' })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = validate(dir, '--strict');
    expect(run.stdout).toMatch(/module checks of '\.' \(a (?:DEEPaaS|child) module\) pass\n$/);
    expect(run.status).toBe(0);
  });
});
