/**
 * `oscar/<repo>.yaml`, the OSCAR service of a module: rendered for every answer set, read
 * back as PyYAML reads it, and in the shape OSCAR's API takes (required keys, a name of at
 * most 39 characters that Kubernetes accepts), with the platform's resources and storage.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { oscarServiceProblems } from '../../src/module-files/oscar-service.js';
import { OSCAR_NAME_MAX, oscarServiceName } from '../../src/render/oscar.js';
import { renderModule } from '../../src/render/render.js';
import { CHILD, MATRIX, answersWith } from '../support/answers.js';

const render = async (raw = {}, directoryName?: string) =>
  renderModule({ answers: await answersWith(raw, directoryName), created: '2026-11-26', generatorVersion: '9.9.9' });

describe('oscar/<repo>.yaml', () => {
  it.each(Object.entries(MATRIX))('is a service OSCAR accepts, with the answers "%s"', async (_, raw) => {
    const answers = await answersWith(raw);
    const files = await render(raw);
    const service = parse(files.get(`oscar/${answers.repoName}.yaml`)!, { version: '1.1' });
    expect(oscarServiceProblems(service)).toEqual([]);
    expect(service).toMatchObject({
      name: answers.repoName,
      image: `${answers.dockerImage}:latest`,
      cpu: String(answers.cpu),
      memory: `${answers.memory}Mi`,
      log_level: 'CRITICAL',
      input: [{ storage_provider: 'minio.default', path: `${answers.repoName}/inputs` }],
      output: [{ storage_provider: 'minio.default', path: `${answers.repoName}/outputs` }],
    });
    expect(service.script).toMatch(/^#!\/bin\/bash\n/);
    expect(service.script).toContain(`export DEEPAAS_V2_MODEL=${answers.packageName}\n`);
  });

  it('derives a name OSCAR and Kubernetes accept from any repository name', async () => {
    expect(oscarServiceName('demo-model')).toBe('demo-model');
    // 39 characters at most, never ending in -.
    expect(oscarServiceName(`${'a'.repeat(38)}-b-more`)).toBe('a'.repeat(38));
    expect(oscarServiceName(`${'a'.repeat(37)}-b-more`)).toBe(`${'a'.repeat(37)}-b`);
    expect(oscarServiceName('a'.repeat(100))).toHaveLength(OSCAR_NAME_MAX);
    // A Kubernetes name starts with a letter.
    expect(oscarServiceName('3d-segmentation')).toBe('m-3d-segmentation');
    const files = await render({ repoName: `${'x'.repeat(38)}-tail` });
    const service = parse(files.get(`oscar/${'x'.repeat(38)}-tail.yaml`)!);
    expect(service.name).toBe('x'.repeat(38));
    expect(service.input[0].path).toBe(`${'x'.repeat(38)}/inputs`);
    expect(oscarServiceProblems(service)).toEqual([]);
  });

  it('refuses a definition OSCAR would refuse, naming the field and the rule', () => {
    expect(oscarServiceProblems({ name: 'n'.repeat(40), image: 'ai4oshub/x', script: 'echo' })).toEqual([
      'name: at most 39 characters (has 40)',
    ]);
    expect(oscarServiceProblems({ name: 'Demo_Model', image: '', cpu: 2, memory: '4GB', input: 'bucket' })).toEqual([
      'image: required, a non-empty string',
      'script: required, a non-empty string',
      'name: lower-case letters, digits and -, starting with a letter and not ending with - (a Kubernetes name)',
      'cpu: a number of cores as a string, such as "1" or "0.5"',
      'memory: a Kubernetes quantity such as 4000Mi or 4Gi',
      'input: a list of {storage_provider, path}',
    ]);
    expect(oscarServiceProblems(['name'])).toEqual(['the file must hold a mapping of the service']);
  });

  it('is not written for a child module (no DEEPaaS package of its own)', async () => {
    expect([...(await render(CHILD)).keys()].filter((path) => path.startsWith('oscar/'))).toEqual([]);
  });

  it('goes with an image whose deepaas has deepaas-cli 2.5.0 or later', async () => {
    const requirements = (await render()).get('requirements.txt')!;
    const [, major, minor] = /^deepaas>=(\d+)\.(\d+)/m.exec(requirements)!;
    expect(Number(major) * 100 + Number(minor)).toBeGreaterThanOrEqual(205);
  });
});
