/**
 * Which official cookiecutter template made each real module (test/fixtures/real-modules,
 * README there), and which ported version `adopt` renders as its base; and what of a ported
 * template's output comes from the module's own files rather than the answers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { legacyContext } from '../../src/update/legacy/context.js';
import { detectLegacyTemplate } from '../../src/update/legacy/detect.js';
import { portedVersion, renderLegacy } from '../../src/update/legacy/legacy-base.js';
import { answersWith } from '../support/answers.js';

const REAL = fileURLToPath(new URL('../fixtures/real-modules/', import.meta.url));

function moduleFiles(dir: string) {
  const paths = new Set(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')),
  );
  return { paths, read: (path: string) => (paths.has(path) ? readFileSync(join(dir, path), 'utf8') : undefined) };
}

// [module, template, the version rendered as base (undefined: empty base)] — checked against the README's "kind" column.
const EXPECTED: Array<[string, string | undefined, string | undefined]> = [
  ['ai4os-hub__posenet-tf', 'cookiecutter-deep', undefined], // pbr, although metadata.json says ai4-template-adv/2.1.0
  ['ai4os-hub__semseg-vaihingen', 'ai4-template', undefined], // pbr, says ai4-template/1.9.9: no 1.x is ported
  ['ai4os-hub__tf-cnn-benchmarks-api', 'cookiecutter-deep', undefined], // pbr, no label
  ['deephdc__UC-adnaneds-DEEP-OC-unet', undefined, undefined], // container only
  ['ai4os-hub__audio-vessel-classification', 'ai4-template', '2.2.0'], // says 2.2.0 (main, untagged)
  ['ai4os-hub__integrated-plant-protection', 'ai4-template', '2.1.5'], // says 2.0.0 (pbr then), has the pyproject layout: the nearest
  ['ai4os-hub__thermal-urban-feature-segmenter', 'ai4-cookiecutter-adv', '2.0.1'], // says ai4-template/1.9.9
  ['ai4os-hub__WITOIL-for-iMagine', 'ai4-cookiecutter-adv', '2.0.1'],
  ['ai4os-hub__birds-audio-classification', 'ai4-cookiecutter-child', undefined], // says child 1.9.9: no 1.x is ported
  ['ai4os-hub__socib-rip-currents-detection', 'ai4-cookiecutter-child', '2.1.1'], // says ai4-template/1.9.9
  ['ai4os__ai4os-ai4life-loader', 'ai4-cookiecutter-adv', '2.0.1'],
  ['ai4os__ai4os-nvflare', undefined, undefined], // a tool: no Dockerfile at the root, no package
  ['ai4os__ai4os-llm', undefined, undefined], // metadata only
  ['ai4os-hub__my-new-project', 'ai4-template', '2.0.0'], // ai4-template 2.0.0 (pbr), its label in invalid JSON
];

describe('legacy template detection on the real modules', () => {
  it.each(EXPECTED)('%s: %s, base %s', (name, template, version) => {
    const { paths, read } = moduleFiles(join(REAL, name));
    const detection = detectLegacyTemplate(paths, read);
    expect(detection?.template).toBe(template);
    expect(detection && portedVersion(detection).version).toBe(version);
  });

  it('says why a version other than the one claimed is the base, or why there is none', () => {
    const note = (name: string) => {
      const { paths, read } = moduleFiles(join(REAL, name));
      return portedVersion(detectLegacyTemplate(paths, read)!).note;
    };
    expect(note('ai4os-hub__integrated-plant-protection')).toBe('it says 2.0.0, which is not ported: the nearest ported version');
    expect(note('ai4os-hub__thermal-urban-feature-segmenter')).toBe(
      "its label, ai4-template/1.9.9, names another template, but its files are ai4-cookiecutter-adv's: the latest ported version",
    );
    expect(note('ai4os-hub__birds-audio-classification')).toBe(
      'ai4-cookiecutter-child 1.9.9, of a major version not ported (ported: 2.1.1)',
    );
    expect(note('ai4os-hub__posenet-tf')).toBe('cookiecutter-deep (setup.cfg with pbr), whose output is not ported');
    expect(note('ai4os-hub__WITOIL-for-iMagine')).toBeUndefined();
  });

  it('takes a module without any template label for hand-made', () => {
    const { paths, read } = moduleFiles(join(REAL, 'ai4os-hub__audio-vessel-classification'));
    const unlabelled = (path: string) => (path === 'ai4-metadata.yml' || path === 'metadata.json' ? undefined : read(path));
    expect(detectLegacyTemplate(paths, unlabelled)).toBeUndefined();
  });
});

describe('ported ai4-template 2.0.0', () => {
  it('renders the real my-new-project (its output, one commit) in every file but the metadata.json its owner edited', async () => {
    const { paths, read } = moduleFiles(join(REAL, 'ai4os-hub__my-new-project'));
    const detection = detectLegacyTemplate(paths, read)!;
    const answers = {
      ...(await answersWith(
        {
          title: 'my new project',
          summary: 'my project here',
          moduleVersion: '0.0.1',
          license: 'Apache-2.0',
          baseImage: 'tensorflow/tensorflow',
          baseTag: '2.9.1',
        },
        'my-new-project',
      )),
      // As its setup.cfg says; not an address our questions accept.
      authors: [{ name: 'me', email: 'my@email' }],
    };
    // Adopted today: the day the template ran comes from metadata.json (2024-03-16, the LICENSE's year).
    const files = renderLegacy('ai4-template', '2.0.0', legacyContext(detection, '2.0.0', answers, '2026-12-01', read, paths));
    const differing = [...files].filter(([path, text]) => read(path) !== text).map(([path]) => path);
    expect(differing).toEqual(['metadata.json']);
    expect(files.size).toBe(paths.size);
  });
});

describe('ported child template', () => {
  const tail = async (jenkinsConstants: string | undefined) => {
    const { paths, read } = moduleFiles(join(REAL, 'ai4os-hub__birds-audio-classification'));
    const files = (path: string) => (path === 'JenkinsConstants.groovy' ? jenkinsConstants : read(path));
    const detection = detectLegacyTemplate(paths, files)!;
    const answers = await answersWith(
      { variant: 'child', baseImage: 'ai4oshub/ai4os-audio-classification-tf', baseTag: 'latest' },
      'birds',
    );
    const context = legacyContext(detection, '2.1.1', answers, '2024-05-01', files, paths);
    expect(context.docker_baseimage).toBe('ai4os-audio-classification-tf');
    const text = renderLegacy('ai4-cookiecutter-child', '2.1.1', context).get('JenkinsConstants.groovy')!;
    const marker = 'depending on the AI4OS hub docker_baseimage';
    return text.slice(text.indexOf(marker) + marker.length);
  };

  it("ends JenkinsConstants as the template's hook did: live tags, commented tags, or nothing when it could not ask Docker Hub", async () => {
    expect(await tail("@Field\ndef base_cpu_tag = 'latest'\n\n@Field\ndef base_gpu_tag = 'gpu'\n")).toBe(
      "\n@Field\ndef base_cpu_tag = 'latest'\n\n@Field\ndef base_gpu_tag = 'gpu'\n\nreturn this;\n",
    );
    expect(await tail("//@Field\n//def base_gpu_tag = 'gpu'\n")).toContain("\n//def base_cpu_tag = 'latest'\n");
    expect(await tail('')).toBe('');
  });
});
