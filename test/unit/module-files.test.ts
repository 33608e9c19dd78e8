/**
 * The readers of src/module-files/: what each gives from a module file, with its line, and
 * what readModuleText refuses (files that are not regular files, files over the limit).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBaseTag, dockerfileFacts, parseDockerfile } from '../../src/module-files/dockerfile.js';
import { withoutCredentials } from '../../src/module-files/git-remote.js';
import { parseJenkinsConstants } from '../../src/module-files/jenkins-constants.js';
import { parsePyproject } from '../../src/module-files/pyproject.js';
import { ModuleFileError, readModuleText } from '../../src/module-files/read-text.js';
import { parseSetupCfg } from '../../src/module-files/setup-cfg.js';
import { parseToml, TomlError } from '../../src/module-files/toml.js';
import { parseVersionFile } from '../../src/module-files/version-file.js';
import { tempDir } from '../support/cli.js';

function refusal(read: () => unknown): { reason: string; message: string } {
  try {
    read();
  } catch (error) {
    if (error instanceof ModuleFileError) return { reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('TOML (smol-toml, with lines)', () => {
  it('reads keys named like Object methods, and +inf, which the old reader refused', () => {
    const { data } = parseToml('[project]\ntoString = "a"\nconstructor = "b"\nhasOwnProperty = 1\nlimit = +inf\nlow = -inf\n');
    expect(data.project).toEqual({ toString: 'a', constructor: 'b', hasOwnProperty: 1, limit: Infinity, low: -Infinity });
  });

  it('refuses a repeated [project] header, at its line', () => {
    let error: unknown;
    try {
      parseToml('[project]\nname = "a"\n\n[project]\nversion = "1"\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TomlError);
    expect((error as TomlError).line).toBe(4);
    expect((error as TomlError).message).toMatch(/redefine/);
  });

  it('gives the line of headers and keys, not of look-alikes inside strings and arrays', () => {
    const text = [
      '[project]', // 1
      'name = "x"', // 2
      'description = """', // 3
      'version = "fake"', // 4
      '"""', // 5
      'dependencies = [', // 6
      '  "deepaas>=2", # version = 3', // 7
      ']', // 8
      "'quoted.key' = 1", // 9
      'version = "1.0"', // 10
      '[project.entry-points."deepaas.v2.model"]', // 11
      'x = { value = "x.api" }', // 12
    ].join('\n');
    const { data, lineOf } = parseToml(text);
    expect((data.project as Record<string, unknown>).version).toBe('1.0');
    expect(lineOf(['project', 'version'])).toBe(10);
    expect(lineOf(['project', 'quoted.key'])).toBe(9);
    expect(lineOf(['project', 'entry-points', 'deepaas.v2.model'])).toBe(11);
    // Inside an inline table: the line of its key.
    expect(lineOf(['project', 'entry-points', 'deepaas.v2.model', 'x', 'value'])).toBe(12);
    expect(lineOf(['nothing'])).toBeUndefined();
  });
});

describe('pyproject.toml', () => {
  it('gives name, version, authors, licence and entry points with their lines', () => {
    const read = parsePyproject(
      [
        '[project]',
        'name = "plant-classifier"',
        'version = "0.3.1"',
        'authors = [{ name = "Jane Doe", email = "jane@uni.eu" }, { name = "No Mail" }]',
        'license = { text = "MIT" }',
        '[project.entry-points."deepaas.v2.model"]',
        'plant_classifier = "plant_classifier.api"',
      ].join('\n'),
    );
    expect(read).toMatchObject({
      name: { value: 'plant-classifier', line: 2 },
      version: { value: '0.3.1', line: 3 },
      authors: [{ name: 'Jane Doe', email: 'jane@uni.eu' }, { name: 'No Mail' }],
      license: { value: 'MIT', line: 5 },
      entryPoints: [{ group: 'deepaas.v2.model', name: 'plant_classifier', target: 'plant_classifier.api', line: 7 }],
    });
  });

  it('gives no version when it is dynamic', () => {
    expect(parsePyproject('[project]\nname = "x"\ndynamic = ["version"]\nversion = "9"\n').version).toBeUndefined();
  });
});

describe('setup.cfg', () => {
  it("reads pbr's [entry_points] and setuptools' [options.entry_points], with lines", () => {
    const pbr = parseSetupCfg('[metadata]\nname = a\n\n[entry_points]\n\ndeepaas.v2.model = \n    a = a.models.deep_api\n');
    expect(pbr.entryPoints).toEqual([{ group: 'deepaas.v2.model', name: 'a', target: 'a.models.deep_api', file: 'setup.cfg', line: 7 }]);
    const setuptools = parseSetupCfg(
      '[options.entry_points]\ndeepaas.v2.model =\n  b = b.api:Model\nconsole_scripts =\n  b = b.cli:main\n',
    );
    expect(setuptools.entryPoints.map((e) => [e.group, e.name, e.target, e.line])).toEqual([
      ['deepaas.v2.model', 'b', 'b.api:Model', 3],
      ['console_scripts', 'b', 'b.cli:main', 5],
    ]);
  });

  it('reads [metadata]: name, version, author lists (both spellings of author_email), licence', () => {
    const read = parseSetupCfg(
      [
        '[metadata]',
        'name = semseg_vaihingen',
        'version = 0.4.0',
        '# author = Not Me',
        'author = A. Grupp, V. Kozlov (KIT)',
        'author-email = a@kit.edu, v@kit.edu',
        'license = MIT',
      ].join('\n'),
    );
    expect(read).toMatchObject({
      name: { value: 'semseg_vaihingen', line: 2 },
      version: { value: '0.4.0', line: 3 },
      authors: [
        { name: 'A. Grupp', email: 'a@kit.edu' },
        { name: 'V. Kozlov (KIT)', email: 'v@kit.edu' },
      ],
      authorsLine: 5,
      license: { value: 'MIT', line: 7 },
    });
  });

  it('gives one address for several names to each of them (the contact), and no version for attr:', () => {
    const read = parseSetupCfg('[metadata]\nversion = attr: x.__version__\nauthor = A, B\nauthor_email = contact@x.eu\n');
    expect(read.authors).toEqual([
      { name: 'A', email: 'contact@x.eu' },
      { name: 'B', email: 'contact@x.eu' },
    ]);
    expect(read.version).toBeUndefined();
    expect(parseSetupCfg('[metadata]\nauthor = A, B, C\nauthor_email = a@x.eu, b@x.eu\n').authors).toEqual([
      { name: 'A' },
      { name: 'B' },
      { name: 'C' },
    ]);
  });
});

describe('JenkinsConstants.groovy', () => {
  it('reads only live lines: // and /* */ comments are not values', () => {
    const fields = parseJenkinsConstants(
      [
        "//@Field def base_cpu_tag = '1.0'", // 1
        '/*', // 2
        "@Field def base_gpu_tag = '1.0-gpu'", // 3
        '*/', // 4
        '@Field', // 5
        "def dockerfile = 'Dockerfile' // the default", // 6
        "  // def base_cpu_tag = '2.0'", // 7
      ].join('\n'),
    );
    expect([...fields]).toEqual([['dockerfile', { value: 'Dockerfile', line: 6 }]]);
  });
});

describe('Dockerfile facts', () => {
  it('gives the base image, ARG defaults, LABELs, ENTRYPOINT and CMD, each with its line', () => {
    const facts = dockerfileFacts(
      parseDockerfile(
        [
          'ARG tag=2.9.1', // 1
          'ARG branch', // 2
          'FROM tensorflow/tensorflow:${tag} AS base', // 3
          'FROM registry.local:5000/team/image:$tag', // 4
          'LABEL maintainer="Jane Doe <jane@uni.eu>" version=1', // 5
          'ENTRYPOINT ["deep-start"]', // 6
          'CMD ["--deepaas"]', // 7
        ].join('\n'),
      ),
    );
    expect([...facts.globalArgs]).toEqual([
      ['tag', { value: '2.9.1', line: 1 }],
      ['branch', { value: undefined, line: 2 }],
    ]);
    expect(facts.baseImage).toEqual({ value: 'registry.local:5000/team/image', line: 4 });
    expect(facts.baseTag).toEqual({ value: '$tag', line: 4 });
    expect(defaultBaseTag(facts)).toEqual({ value: '2.9.1', line: 1 });
    expect([...facts.labels]).toEqual([
      ['maintainer', { value: 'Jane Doe <jane@uni.eu>', line: 5 }],
      ['version', { value: '1', line: 5 }],
    ]);
    expect(facts.entrypoint).toMatchObject({ value: ['deep-start'], startLine: 6 });
    expect(facts.cmd).toMatchObject({ value: ['--deepaas'], startLine: 7 });
  });
});

describe('VERSION and git remote URLs', () => {
  it('reads VERSION as its first non-empty line', () => {
    expect(parseVersionFile('\n 1.2.3 \n')).toEqual({ value: '1.2.3', line: 2 });
    expect(parseVersionFile('\n')).toBeUndefined();
  });

  it('strips credentials from URLs, keeping scp-like ssh users', () => {
    expect(withoutCredentials('https://user:ghp_SECRET@github.com/org/repo.git')).toBe('https://github.com/org/repo.git');
    expect(withoutCredentials('https://ghp_SECRET@github.com/org/repo')).toBe('https://github.com/org/repo');
    expect(withoutCredentials('ssh://git:pw@host:22/org/repo.git')).toBe('ssh://host:22/org/repo.git');
    expect(withoutCredentials('git@github.com:org/repo.git')).toBe('git@github.com:org/repo.git');
  });
});

describe('readModuleText', () => {
  it('refuses a directory, a device, a symlink to a device, and a file over the limit, naming the limit', () => {
    const dir = tempDir('ai4os-read-');
    mkdirSync(join(dir, 'Dockerfile'));
    symlinkSync('/dev/zero', join(dir, 'zero'));
    writeFileSync(join(dir, 'big'), 'x'.repeat(2048));
    writeFileSync(join(dir, 'small'), 'ok');
    expect(refusal(() => readModuleText(join(dir, 'Dockerfile'), { maxBytes: 1024, shown: 'Dockerfile' }))).toEqual({
      reason: 'directory',
      message: 'Dockerfile is a directory: only regular files are read.',
    });
    expect(refusal(() => readModuleText('/dev/zero', { maxBytes: 1024 })).message).toBe(
      '/dev/zero is a character device: only regular files are read.',
    );
    expect(refusal(() => readModuleText(join(dir, 'zero'), { maxBytes: 1024, shown: 'zero' })).reason).toBe('not-a-file');
    expect(refusal(() => readModuleText(join(dir, 'big'), { maxBytes: 1024, shown: 'big', what: 'a Dockerfile' }))).toEqual({
      reason: 'too-big',
      message: 'big is larger than 1 KiB, the limit for a Dockerfile: it is not read.',
    });
    expect(refusal(() => readModuleText(join(dir, 'none'), { maxBytes: 1024, shown: 'none' }))).toEqual({
      reason: 'missing',
      message: 'none does not exist.',
    });
    expect(readModuleText(join(dir, 'small'), { maxBytes: 2 })).toBe('ok');
  });

  it('refuses a socket', async () => {
    const path = join(tempDir('ai4os-socket-'), 'ai4-metadata.yml');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect(refusal(() => readModuleText(path, { maxBytes: 1024, shown: 'ai4-metadata.yml' }))).toEqual({
        reason: 'not-a-file',
        message: 'ai4-metadata.yml is a socket or a device: only regular files are read.',
      });
    } finally {
      server.close();
    }
  });

  it('stops at the limit on a file bigger than its size says (/proc)', () => {
    expect(refusal(() => readModuleText('/proc/self/maps', { maxBytes: 16, shown: 'maps' })).reason).toBe('too-big');
  });
});
