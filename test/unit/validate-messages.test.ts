/** Every error, placed and said plainly; warnings; the three output formats. */
import { describe, expect, it } from 'vitest';
import { checkMetadata } from '../../src/validate/check-metadata.js';
import type { FileReport } from '../../src/validate/findings.js';
import { formatReports } from '../../src/validate/formats.js';
import { loadMetadataText, type Loaded } from '../../src/validate/load.js';
import { bundledChoice } from '../../src/validate/schema-choice.js';

const VALID = `metadata_version: 2.3.0
title: Demo
summary: A demo
description: A demo module
dates:
  created: "2024-01-01"
  updated: "2024-01-02"
links:
  source_code: https://github.com/ai4os-hub/demo
  docker_image: ai4oshub/demo
tags:
  - demo
tasks:
  - Other
categories:
  - AI4 tools
libraries:
  - Other
`;

async function check(text: string, version: '2.3.0' | '1.0.0' = '2.3.0') {
  const loaded = loadMetadataText(new TextEncoder().encode(text)) as Loaded;
  return checkMetadata(loaded, await bundledChoice(version), 'ai4-metadata.yml');
}

describe('errors', () => {
  it('a valid file has none, nor warnings', async () => {
    expect(await check(VALID)).toEqual({ errors: [], warnings: [] });
  });

  it('are all reported, each with line, column, path and a plain message', async () => {
    const text = VALID.replace('  - Other\ncategories', '  - computer vision\ncategories')
      .replace('libraries:\n  - Other', 'libraries:\n  - Tensorflow')
      .replace('title: Demo', 'title: yes');
    const { errors } = await check(text);
    expect(errors.map((e) => [e.line, e.column, e.path, e.rule])).toEqual([
      [2, 8, 'title', 'type'],
      [14, 5, 'tasks[0]', 'enum'],
      [18, 5, 'libraries[0]', 'enum'],
    ]);
    expect(errors[0]!.message).toMatch(/YAML 1\.1 reads this word as true/);
    expect(errors[1]!.message).toContain('did you mean "Computer Vision"?');
    expect(errors[2]!.message).toBe('"Tensorflow" is not one of the allowed values; did you mean "TensorFlow"?');
  });

  it('give the fix for an unquoted date', async () => {
    const { errors } = await check(VALID.replace('created: "2024-01-01"', 'created: 2024-01-01'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      line: 6,
      column: 12,
      path: 'dates.created',
      message: 'must be text, but YAML reads the unquoted 2024-01-01 as a date',
      hint: 'Quote it: "2024-01-01".',
    });
  });

  it('name a missing key, or the misspelt key that stands for it', async () => {
    const { errors } = await check(VALID.replace('summary:', 'sumary:'));
    expect(errors[0]).toMatchObject({
      rule: 'required',
      line: 3,
      column: 1,
      message: '"summary" is required but missing; "sumary" is there instead',
    });
  });

  it('name the v1 keys in a v2 file', async () => {
    const { errors } = await check(`${VALID}keywords: [a]\n`);
    expect(errors[0]).toMatchObject({
      rule: 'not',
      line: 19,
      message: '"keywords" is a key of the old v1 metadata format, not allowed in version 2',
    });
  });

  it('say which item is repeated', async () => {
    const { errors } = await check(VALID.replace('  - demo', '  - demo\n  - demo'));
    expect(errors[0]).toMatchObject({ rule: 'uniqueItems', line: 13, message: '"demo" is listed twice (items 0 and 1)' });
  });
});

describe('warnings', () => {
  const rules = async (text: string) => (await check(text)).warnings.map((w) => [w.rule, w.path, w.hint ?? '']);

  it('unknown keys, with the key probably meant', async () => {
    expect(await rules(`${VALID}sata-type: [Image]\n`)).toEqual([['unknown-key', 'sata-type', 'Did you mean "data-type"?']]);
  });

  it('malformed URLs, dates and DOIs, and empty required fields', async () => {
    const text = VALID.replace('source_code: https://github.com/ai4os-hub/demo', 'source_code: github.com/ai4os-hub/demo')
      .replace('"2024-01-02"', '"2024-02-30"')
      .replace('title: Demo', 'title: ""\ndoi: zenodo-1234')
      .replace('  - demo', '  - demo\nx_empty: 1');
    const found = (await rules(text)).map(([rule, path]) => `${rule} ${path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'format/uri links.source_code',
        'format/date dates.updated',
        'format/doi doi',
        'empty title',
        'platform/source-code links.source_code',
      ]),
    );
  });

  it('a metadata_version other than the schema used', async () => {
    expect(await rules(VALID.replace('metadata_version: 2.3.0', 'metadata_version: 2.1.0'))).toEqual([
      [
        'metadata-version',
        'metadata_version',
        'Check it against its own version with --metadata-version 2.1.0, or set metadata_version to 2.3.0.',
      ],
    ]);
  });

  it('what the platform needs: source code under its GitHub organisations, an image reference', async () => {
    const text = VALID.replace('https://github.com/ai4os-hub/demo', 'https://gitlab.com/me/demo').replace(
      'docker_image: ai4oshub/demo',
      'docker_image: https://hub.docker.com/r/ai4oshub/demo',
    );
    expect((await rules(text)).map(([rule]) => rule)).toEqual(['platform/source-code', 'platform/docker-image']);
    expect((await rules(VALID.replace('  docker_image: ai4oshub/demo\n', ''))).map(([rule]) => rule)).toEqual(['platform/docker-image']);
  });

  it('duplicate keys and keys YAML does not read as text', async () => {
    expect((await rules(`${VALID}title: Again\n1: one\n`)).map(([rule, path]) => `${rule} ${path}`)).toEqual([
      'duplicate-key title',
      'non-string-key [1]',
    ]);
  });
});

describe('formats', () => {
  const report = async (text: string): Promise<FileReport> => {
    const result = await check(text);
    return {
      target: 'ai4-metadata.yml',
      file: 'ai4-metadata.yml',
      schema: '2.3.0',
      module: false,
      exitCode: result.errors.length > 0 ? 1 : 0,
      ...result,
    };
  };

  it('text: file:line:column, severity, path, message, the fix, then the verdict', async () => {
    const out = formatReports('text', {
      reports: [await report(VALID.replace('  - Other\n', '  - Tensorflow\n'))],
      exitCode: 1,
      strict: false,
      quiet: false,
    });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('ai4-metadata.yml:14:5: error: tasks[0]: "Tensorflow" is not one of the allowed values');
    expect(lines[1]).toMatch(/^ {4}Allowed: "Computer Vision", /);
    expect(lines.at(-1)).toBe("✗ 'ai4-metadata.yml' is not valid for version 2.3.0 (1 error, 0 warnings)");
  });

  it('text, quiet: nothing for a valid file', async () => {
    expect(formatReports('text', { reports: [await report(VALID)], exitCode: 0, strict: false, quiet: true })).toBe('');
  });

  it('github: workflow annotations, with data and properties escaped', async () => {
    const bad = await report(VALID.replace('libraries:\n  - Other', 'libraries:\n  - Tensorflow'));
    bad.file = 'dir,1/ai4:meta.yml';
    for (const f of bad.errors) f.file = bad.file;
    const out = formatReports('github', { reports: [bad], exitCode: 1, strict: false, quiet: false });
    const line = out.split('\n')[0]!;
    expect(line).toMatch(
      /^::error file=dir%2C1\/ai4%3Ameta\.yml,line=18,col=5,endColumn=15,title=ai4os-module validate%3A enum::libraries\[0\]: "Tensorflow" is not one of the allowed values; did you mean "TensorFlow"\?%0AWrite "TensorFlow"/,
    );
  });

  it('json: every file with its exit code, errors and warnings', async () => {
    const parsed = JSON.parse(formatReports('json', { reports: [await report(VALID)], exitCode: 0, strict: false, quiet: false }));
    expect(parsed).toEqual({
      exitCode: 0,
      strict: false,
      files: [expect.objectContaining({ file: 'ai4-metadata.yml', exitCode: 0, errors: [], warnings: [] })],
    });
  });
});
