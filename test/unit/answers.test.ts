import { describe, expect, it } from 'vitest';
import { InvalidAnswersError } from '../../src/errors.js';
import { packageNameFromRepo, pythonPackageProblem, slugify, titleFromDirectory } from '../../src/answers/derive.js';
import { parseAuthors, readExternalAnswers } from '../../src/answers/parse.js';
import { type Asker, resolveAnswers, withoutStaleDerivedAnswers } from '../../src/answers/resolve.js';
import { QUESTIONS, externalKey } from '../../src/answers/questions.js';

const context = { directoryName: 'my-model' };
const author = 'Jane Doe <jane@uni.eu>';

async function problemsOf(layer: Record<string, unknown>): Promise<string[]> {
  try {
    await resolveAnswers({ layers: [{ authors: author, ...layer }], context });
  } catch (error) {
    if (error instanceof InvalidAnswersError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('names derived from the title', () => {
  it('slugifies titles, folding accents', () => {
    expect(slugify('Détection d’Objets: v2 (beta)')).toBe('detection-d-objets-v2-beta');
    expect(slugify('  ***  ')).toBe('');
  });
  it('makes a title from a directory name', () => {
    expect(titleFromDirectory('my-great_model')).toBe('My Great Model');
  });
  it('gives an importable package name that shadows nothing', () => {
    expect(packageNameFromRepo('my-model')).toBe('my_model');
    expect(packageNameFromRepo('3d-seg')).toBe('module_3d_seg');
    expect(packageNameFromRepo('json')).toBe('json_module');
    expect(packageNameFromRepo('class')).toBe('class_module');
  });
  it('rejects keywords, standard-library names and non-identifiers', () => {
    expect(pythonPackageProblem('lambda')).toMatch(/keyword/);
    expect(pythonPackageProblem('email')).toMatch(/standard library/);
    expect(pythonPackageProblem('my-model')).toMatch(/identifier/);
    expect(pythonPackageProblem('my_model')).toBeUndefined();
  });
});

describe('authors', () => {
  it('reads several authors, names with commas included', () => {
    expect(parseAuthors('Doe, Jane <jane@uni.eu>, Bob <bob@lab.org>')).toEqual({
      value: [
        { name: 'Doe, Jane', email: 'jane@uni.eu' },
        { name: 'Bob', email: 'bob@lab.org' },
      ],
    });
  });
  it('refuses text that is not Name <email>', () => {
    expect(parseAuthors('Jane Doe')).toHaveProperty('problem');
    expect(parseAuthors('Jane <j@x.eu> trailing')).toHaveProperty('problem');
  });
});

describe('resolving answers', () => {
  it('fills every answer from defaults, deriving names from the directory', async () => {
    const answers = await resolveAnswers({ layers: [{ authors: author }], context });
    expect(answers).toMatchObject({
      title: 'My Model',
      repoName: 'my-model',
      packageName: 'my_model',
      moduleVersion: '0.1.0',
      license: 'MIT',
      gitBaseUrl: 'https://github.com/ai4os-hub',
      dockerImage: 'ai4oshub/my-model',
      baseImage: 'python',
      baseGpuTag: '',
      authors: [{ name: 'Jane Doe', email: 'jane@uni.eu' }],
    });
  });

  it('takes the first layer that has a value (flags over answers file)', async () => {
    const answers = await resolveAnswers({
      layers: [
        { title: 'From flags', authors: author },
        { title: 'From file', summary: 'From file too' },
      ],
      context,
    });
    expect(answers.title).toBe('From flags');
    expect(answers.summary).toBe('From file too');
    expect(answers.repoName).toBe('from-flags');
  });

  it('canonicalises the case of enumerated values', async () => {
    const answers = await resolveAnswers({ layers: [{ authors: author, libraries: 'tensorflow,pytorch' }], context });
    expect(answers.libraries).toEqual(['TensorFlow', 'PyTorch']);
  });

  it('presets the base tags of a known base image', async () => {
    const answers = await resolveAnswers({ layers: [{ authors: author, baseImage: 'tensorflow/tensorflow' }], context });
    expect(answers.baseTag).toBe('2.15.0');
    expect(answers.baseGpuTag).toBe('2.15.0-gpu');
  });

  it('names every broken answer with its rule, at once', async () => {
    const problems = await problemsOf({
      repoName: 'My Repo',
      packageName: 'import',
      moduleVersion: '1.0',
      license: 'GPL',
      libraries: 'Tensorflw',
      dockerImage: 'AI4OSHUB/X:latest',
      cpu: '1.5',
      memory: 'lots',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^repo-name: must match \^\[a-z0-9\]\[a-z0-9-\]\*\$/),
      expect.stringMatching(/^package-name: "import" is a Python keyword/),
      expect.stringMatching(/^module-version: must be a version X\.Y\.Z/),
      expect.stringMatching(/^license: "GPL" is not one of: MIT, Apache-2.0/),
      expect.stringMatching(/^docker-image: must be a Docker repository/),
      expect.stringMatching(/^libraries: "Tensorflw" is not one of: .* Did you mean "TensorFlow"\?/),
      expect.stringMatching(/^cpu: must be a whole number, not the string "1.5"/),
      expect.stringMatching(/^memory: must be a whole number, not the string "lots"/),
    ]);
  });

  it('takes the resources the metadata schema takes (memory_MB: 1000, or less)', async () => {
    expect(await problemsOf({ memory: 1000, cpu: 0, gpu: 2 })).toEqual([]);
    expect(await problemsOf({ memory: 500 })).toEqual([]);
    expect(await problemsOf({ memory: -1 })).toEqual(['memory: must be a whole number, 0 or more (as the metadata schema has it)']);
  });

  it('asks for quotes when YAML gave a number where text is expected', async () => {
    expect(await problemsOf({ baseTag: 3.1 })).toEqual([
      expect.stringMatching(/^base-tag: must be text, not the number 3.1 \(in YAML, put it in quotes\)/),
    ]);
  });

  it('refuses a multi-line title but keeps a multi-line description', async () => {
    expect(await problemsOf({ title: 'a\nb' })).toEqual(['title: must be a single line without control characters']);
    expect(await problemsOf({ description: 'line 1\nline 2' })).toEqual([]);
  });

  it('refuses in a one-line answer the characters YAML 1.1 reads as line breaks, naming the character', async () => {
    expect(await problemsOf({ title: 'a\u2028b' })).toEqual([
      'title: must be a single line: it holds U+2028, a line break in YAML (ai4-metadata.yml); write a space instead',
    ]);
    expect(await problemsOf({ summary: 'a\u2029b' })).toEqual([expect.stringMatching(/^summary: .* U\+2029, a line break in YAML/)]);
    expect(await problemsOf({ tags: 'ok,a\u0085b' })).toEqual([
      expect.stringMatching(/^tags: "a\u0085b" must be a single line: it holds U\+0085/),
    ]);
    expect(await problemsOf({ title: 'C1 \u0090 control' })).toEqual(['title: must be a single line without control characters']);
    // The description may span lines: it is written quoted (test/unit/render.test.ts).
    expect(await problemsOf({ description: 'a\u2028b\u0085c' })).toEqual([]);
  });

  it('requires an author when git has none configured and nothing is given', async () => {
    await expect(resolveAnswers({ layers: [], context })).rejects.toThrow(/authors: is required and has no default; pass --author/);
  });

  it('asks the essential questions and, only if wanted, the advanced ones', async () => {
    const asked: string[] = [];
    const asker = (advanced: boolean): Asker => ({
      wantsAdvanced: async () => advanced,
      ask: async (q, suggested) => {
        asked.push(q.key);
        return q.key === 'authors' ? [{ name: 'A', email: 'a@b.eu' }] : suggested;
      },
    });
    await resolveAnswers({ layers: [{ title: 'Given' }], context, asker: asker(false) });
    expect(asked).toEqual([
      'summary',
      'description',
      'authors',
      'license',
      'variant',
      'framework',
      'libraries',
      'tasks',
      'categories',
      'dataTypes',
      'tags',
    ]);
    asked.length = 0;
    await resolveAnswers({ layers: [{ title: 'Given' }], context, asker: asker(true) });
    expect(asked).toContain('repoName');
    expect(asked).toContain('gpu');
    expect(asked).not.toContain('title');
  });
});

describe("the module's distribution name and entry point", () => {
  it('default to what the templates always wrote: the repository name, and <package> = <package>.api', async () => {
    const answers = await resolveAnswers({ layers: [{ authors: author }], context });
    expect(answers).toMatchObject({ distributionName: 'my-model', entryPointName: 'my_model', entryPointTarget: 'my_model.api' });
  });

  it('are never asked, and follow a package name answered in the advanced round', async () => {
    const asked: string[] = [];
    const asker: Asker = {
      wantsAdvanced: async () => true,
      ask: async (q, suggested) => {
        asked.push(q.key);
        if (q.key === 'authors') return [{ name: 'A', email: 'a@b.eu' }];
        return q.key === 'packageName' ? 'vessels' : suggested;
      },
    };
    const answers = await resolveAnswers({ layers: [{ title: 'Audio Vessel Classifier' }], context, asker });
    expect(asked).toContain('packageName');
    expect(asked.filter((key) => key.startsWith('entryPoint') || key === 'distributionName')).toEqual([]);
    expect(answers).toMatchObject({
      distributionName: 'audio-vessel-classifier',
      entryPointName: 'vessels',
      entryPointTarget: 'vessels.api',
    });
  });

  it('keep what is given, from flags or an answers file', async () => {
    const { raw, problems } = readExternalAnswers(
      { 'distribution-name': 'Audio.Vessel_Classifier', 'entry-point-name': 'vessels-v1', 'entry-point-target': 'vc.api.deep:Model' },
      'answers.yml',
    );
    expect(problems).toEqual([]);
    const answers = await resolveAnswers({ layers: [{ authors: author }, raw], context });
    expect(answers).toMatchObject({
      distributionName: 'Audio.Vessel_Classifier',
      entryPointName: 'vessels-v1',
      entryPointTarget: 'vc.api.deep:Model',
    });
  });

  it('refuse what pip or importlib.metadata would not take, naming the rule', async () => {
    expect(await problemsOf({ distributionName: 'audio vessel', entryPointName: 'a=b', entryPointTarget: 'pkg.api:' })).toEqual([
      expect.stringMatching(/^distribution-name: must be a Python distribution name \(PEP 508\)/),
      expect.stringMatching(/^entry-point-name: must be letters, digits, _ \. -/),
      expect.stringMatching(/^entry-point-target: must be module\.path or module\.path:attr/),
    ]);
    expect(await problemsOf({ distributionName: '-vessel' })).toEqual([expect.stringMatching(/^distribution-name: /)]);
    expect(await problemsOf({ entryPointTarget: '3d.api' })).toEqual([expect.stringMatching(/^entry-point-target: /)]);
    expect(await problemsOf({ entryPointTarget: 'pkg.models.deep_api:Model.get' })).toEqual([]);
  });

  it('stored as their default, follow a change of the package name; stored otherwise, stay', () => {
    const stored = { repoName: 'm', packageName: 'a', distributionName: 'm', entryPointName: 'a', entryPointTarget: 'a.api' };
    expect(withoutStaleDerivedAnswers(stored, { packageName: 'b' }, context)).toEqual({
      repoName: 'm',
      packageName: 'a',
      distributionName: 'm',
    });
    const own = { ...stored, entryPointTarget: 'a.models.deep_api' };
    expect(withoutStaleDerivedAnswers(own, { packageName: 'b' }, context)).toEqual({
      repoName: 'm',
      packageName: 'a',
      distributionName: 'm',
      entryPointTarget: 'a.models.deep_api',
    });
    expect(withoutStaleDerivedAnswers(stored, { title: 'x' }, context)).toEqual(stored);
  });
});

describe('external keys', () => {
  it('spells every key in kebab case, as flags, answers files and .yo-rc.json do', () => {
    expect(QUESTIONS.map((q) => externalKey(q.key))).toContain('base-gpu-tag');
    expect(QUESTIONS.map((q) => externalKey(q.key))).toContain('data-types');
  });
  it('reports unknown keys with a suggestion, and skips metadata keys', () => {
    const { raw, problems } = readExternalAnswers({ titel: 'x', _template: '1.0.0', 'repo-name': 'x' }, 'answers.yml');
    expect(raw).toEqual({ repoName: 'x' });
    expect(problems).toEqual([{ key: 'titel', message: 'is not an answer (answers.yml); did you mean "title"?' }]);
  });
});
