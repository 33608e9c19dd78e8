/**
 * The template set: its manifest (templates/template.json) names every template with its
 * condition, and the functions the build precompiles render byte for byte what run-time
 * compilation renders.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { precompiledModuleSource } from '../../src/render/precompile.js';
import type { TemplateFunctions } from '../../src/render/render.js';
import { loadTemplateSet, renderModule, templateFunctions } from '../../src/render/render.js';
import { listTemplates } from '../../src/render/template-set.js';
import { nameMoves } from '../../src/update/reshape.js';
import { MATRIX, answersWith } from '../support/answers.js';

const FIXTURE_090 = new URL('../fixtures/templates-0.9.0', import.meta.url).pathname;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ai4os-templates-test-'));
}

/** A copy of the installed template set with its template.json replaced. */
function setWithManifest(manifest: unknown): string {
  const dir = tempDir();
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'template.json'), JSON.stringify(manifest));
  return dir;
}

describe('the manifest (templates/template.json)', () => {
  it('lists every template of templates/module once, and nothing else', () => {
    const listed = loadTemplateSet().files.map((f) => f.template);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(listTemplates(join(TEMPLATES_DIR, 'module')));
  });

  it('writes a template under a condition only when the view says so', async () => {
    const installed = loadTemplateSet();
    const dir = setWithManifest({
      version: installed.version,
      files: [
        { name: 'all but the Nomad job', templates: installed.files.map((f) => f.template).filter((t) => !t.startsWith('nomad/')) },
        { name: 'the Nomad job, for GPU modules', when: 'usesGpu', templates: ['nomad/__repo__.nomad.hcl.ejs'] },
      ],
    });
    const render = async (raw = {}) =>
      renderModule({ answers: await answersWith(raw), created: '2026-11-26', generatorVersion: '9.9.9' }, loadTemplateSet(dir));
    expect([...(await render()).keys()]).not.toContain('nomad/demo-model.nomad.hcl');
    expect([...(await render(MATRIX.gpu)).keys()]).toContain('nomad/gpu-model.nomad.hcl');
  });

  it('refuses a condition the view does not compute, naming the file and the choices', () => {
    const dir = setWithManifest({ version: '9.0.0', files: [{ name: 'x', when: 'usesGPU', templates: ['VERSION.ejs'] }] });
    expect(() => loadTemplateSet(dir)).toThrow(/template\.json: "when": "usesGPU" is not a condition \(one of licensed, .*usesGpu/);
  });

  it('takes every file of module/ for a set without a manifest (up to 1.0.0), as update renders old sets', () => {
    const old = loadTemplateSet(FIXTURE_090);
    expect(old.version).toBe('0.9.0');
    expect(old.files.map((f) => f.template)).toContain('dot-stestr.conf.ejs');
    expect(old.files.every((f) => f.when === undefined)).toBe(true);
  });

  it('is what update moves by when the package is renamed', () => {
    const moves = nameMoves(loadTemplateSet(), { packageName: 'a', repoName: 'r' }, { packageName: 'b', repoName: 's' });
    expect(moves).toEqual(
      expect.arrayContaining([
        { from: 'a', to: 'b', directory: true },
        { from: 'nomad/r.nomad.hcl', to: 'nomad/s.nomad.hcl', directory: false },
      ]),
    );
  });
});

describe('precompiled templates (the build) and run-time compilation', () => {
  async function precompiled(): Promise<TemplateFunctions> {
    const file = join(tempDir(), 'precompiled.mjs');
    writeFileSync(file, precompiledModuleSource(TEMPLATES_DIR));
    const module = (await import(pathToFileURL(file).href)) as { PRECOMPILED: { version: string; functions: TemplateFunctions } };
    expect(module.PRECOMPILED.version).toBe(loadTemplateSet().version);
    return module.PRECOMPILED.functions;
  }

  it.each(Object.entries(MATRIX))('render the same bytes for the answers "%s"', async (_, raw) => {
    const set = loadTemplateSet();
    const input = { answers: await answersWith(raw), created: '2026-11-26', generatorVersion: '9.9.9' };
    const built = renderModule(input, set, await precompiled());
    const compiled = renderModule(input, set, templateFunctions(set));
    expect([...built.keys()]).toEqual([...compiled.keys()]);
    for (const [path, text] of compiled) expect(built.get(path), path).toBe(text);
  });
});
