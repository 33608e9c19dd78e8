/** The command-line parser on its own (the bins are tested in test/cli/commands.test.ts). */
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/cli/parse.js';
import type { Flags, PositionalSpec } from '../../src/cli/spec.js';

const command = {
  flags: {
    set: { type: 'string', multiple: true, help: '' },
    format: { type: 'string', choices: ['text', 'json'], default: 'text', help: '' },
    output: { type: 'string', short: 'o', help: '' },
    quiet: { type: 'boolean', short: 'q', help: '' },
    yes: { type: 'boolean', short: 'y', help: '' },
  } satisfies Flags,
  positionals: [{ name: 'FILE', key: 'files', variadic: true }] satisfies PositionalSpec[],
};

describe('parseLine', () => {
  it('gives defaults, collects repeated flags in order and takes values in every spelling', () => {
    const parsed = parseLine(command, ['--set', 'a=1', '--set=b=2', '-qy', '-oout.yml', 'x.yml', '-', '--', '--quiet', '-o']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.flags).toEqual({ set: ['a=1', 'b=2'], format: 'text', output: 'out.yml', quiet: true, yes: true });
    expect(parsed.positionals).toEqual({ files: ['x.yml', '-', '--quiet', '-o'] });
    expect(parseLine(command, []).flags).toEqual({ set: [], format: 'text', output: undefined, quiet: false, yes: false });
  });

  it('goes on past a problem, so every problem and the other values are known', () => {
    const parsed = parseLine(command, ['--formt', 'json', '--format=json', '-x', '--quiet=1', '-o']);
    expect(parsed.flags.format).toBe('json');
    expect(parsed.problems).toEqual([
      'Unknown option --formt. Did you mean --format?',
      'Unknown option -x.',
      '--quiet takes no value (got --quiet=1).',
      '-o needs a value.',
    ]);
  });

  it('does not take a flag as the value of the flag before it', () => {
    expect(parseLine(command, ['--output', '--quiet']).problems).toEqual([
      "--output needs a value; to give a value that starts with '-', write --output=VALUE.",
    ]);
    expect(parseLine(command, ['--output=--quiet']).flags.output).toBe('--quiet');
  });

  it('knows no flag named like a property of every object', () => {
    expect(parseLine(command, ['--constructor', '--__proto__']).problems).toEqual([
      'Unknown option --constructor.',
      'Unknown option --__proto__.',
    ]);
  });
});
