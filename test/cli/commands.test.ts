/**
 * What the command table promises for every command, spawned from dist/ as a user runs it:
 * the same help three ways, the same handling of a wrong command line (our words, exit 2,
 * did-you-mean from the table), `--`, and completion scripts that complete from the table.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import type { Command, Flags } from '../../src/cli/spec.js';
import { runBin, tempDir, type Run } from '../support/cli.js';

/** Node's own text for a bad option, which must never reach the user. */
const NODE_TEXT = /To specify a positional argument|ERR_PARSE_ARGS|does not take an argument|argument missing/;

function expectUsageError(run: Run, text: string | RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(text);
  expect(run.stderr).not.toMatch(NODE_TEXT);
  expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(run.stderr).not.toContain('This is a bug');
}

async function flagsOf(command: Command): Promise<Flags> {
  return { ...command.flags, ...(command.moreFlags ? await command.moreFlags.load() : {}) };
}

/** A flag name as a hurried user types it: one letter doubled (dry-run -> drry-run). */
const typo = (name: string) => name.slice(0, 2) + name[1] + name.slice(2);

describe('every command of the table', () => {
  const cwd = tempDir();

  const each = (commands: readonly Command[]) => commands.map((command) => ({ name: command.name, command }));

  it.each(each(COMMANDS))('$name: --help, -h and `help $name` print the same help, naming every flag', async ({ name, command }) => {
    const help = runBin('cli', [name, '--help'], { cwd });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: ai4os-module ${name}\\b`));
    expect(runBin('cli', [name, '-h'], { cwd }).stdout).toBe(help.stdout);
    const viaHelp = runBin('cli', ['help', name], { cwd });
    expect(viaHelp.status).toBe(0);
    expect(viaHelp.stdout).toBe(help.stdout);
    for (const flag of [...Object.keys(await flagsOf(command)), 'help']) expect(help.stdout).toContain(`--${flag}`);
    for (const positional of command.positionals) expect(help.stdout.split('\n')[0]).toContain(positional.name);
  });

  it.each(each(COMMANDS))('$name: refuses a mistyped flag with exit 2 and the flag it meant', ({ name, command }) => {
    const flag = [...Object.keys(command.flags), 'help'].find((f) => f.length >= 4)!;
    expectUsageError(runBin('cli', [name, `--${typo(flag)}`], { cwd }), `Unknown option --${typo(flag)}. Did you mean --${flag}?`);
  });

  const withValues = COMMANDS.filter((c) => c.moreFlags || Object.values(c.flags).some((spec) => spec.type === 'string'));
  it.each(each(withValues))('$name: every flag that takes a value says so when it ends the line', async ({ name, command }) => {
    const flags = Object.entries(await flagsOf(command)).filter(([, spec]) => spec.type === 'string');
    expect(flags.length).toBeGreaterThan(0);
    for (const [flag, spec] of flags) {
      expectUsageError(runBin('cli', [name, `--${flag}`], { cwd }), `--${flag} needs a value`);
      if (spec.short) expectUsageError(runBin('cli', [name, `-${spec.short}`], { cwd }), `-${spec.short} needs a value`);
    }
  });

  it.each(each(COMMANDS))('$name: refuses a value given to a boolean flag', ({ name, command }) => {
    const flag = Object.entries(command.flags).find(([, spec]) => spec.type === 'boolean')?.[0] ?? 'help';
    expectUsageError(runBin('cli', [name, `--${flag}=yes`], { cwd }), `--${flag} takes no value (got --${flag}=yes).`);
  });

  it('checks the values of every flag with choices, suggesting the one meant', () => {
    for (const command of COMMANDS) {
      for (const [flag, spec] of Object.entries(command.flags)) {
        if (!spec.choices) continue;
        const meant = spec.choices.at(-1)!;
        const wrong = `${meant.slice(0, -1)}x`;
        const run = runBin('cli', [command.name, `--${flag}`, wrong], { cwd });
        expectUsageError(run, `Invalid value for --${flag}: '${wrong}' is not one of ${spec.choices.join(', ')}.`);
        expect(run.stderr).toContain(`Did you mean ${meant}?`);
      }
    }
    expectUsageError(runBin('cli', ['check', '--format', 'jsn'], { cwd }), 'Did you mean json?');
  });
});

describe('the command line', () => {
  it('names the command meant by a mistyped one, from the entry point and from `help`', () => {
    const cwd = tempDir();
    expectUsageError(runBin('cli', ['valdate'], { cwd }), 'Unknown command "valdate". Did you mean "validate"?');
    expectUsageError(runBin('cli', ['help', 'valdate'], { cwd }), 'Unknown command "valdate". Did you mean "validate"?');
    expectUsageError(runBin('cli', ['--bogus'], { cwd }), 'Unknown option --bogus');
  });

  it('lists every command of the table in `ai4os-module help` and --help alike', () => {
    const cwd = tempDir();
    const help = runBin('cli', ['help'], { cwd });
    expect(help.status).toBe(0);
    expect(runBin('cli', ['--help'], { cwd }).stdout).toBe(help.stdout);
    for (const command of COMMANDS)
      expect(help.stdout).toMatch(
        new RegExp(`^ {2}${command.name} +${command.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}`, 'm'),
      );
  });

  it('gives create-ai4os-module the help of `new`, under its own name', () => {
    const cwd = tempDir();
    const create = runBin('create', ['--help'], { cwd }).stdout;
    const viaNew = runBin('cli', ['new', '--help'], { cwd }).stdout;
    expect(create).toMatch(/^Usage: npm create ai4os-module -- \[DIRECTORY\]/);
    expect(create.split('\n').slice(1)).toEqual(viaNew.split('\n').slice(1));
  });

  it('refuses a mistyped flag of migrate and update as it does for validate (no stack trace, a suggestion)', () => {
    const cwd = tempDir();
    expectUsageError(runBin('cli', ['migrate', 'metadata.json', '--bogus'], { cwd }), 'Unknown option --bogus.');
    expectUsageError(runBin('cli', ['update', '--drry-run'], { cwd }), 'Did you mean --dry-run?');
    expectUsageError(runBin('cli', ['validate', '--stict'], { cwd }), 'Did you mean --strict?');
  });

  it('takes what follows -- as arguments, even when it starts with -', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '--strict'), 'metadata_version: 2.3.0\n');
    const run = runBin('cli', ['validate', '--format', 'json', '--', '--strict'], { cwd });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { strict: boolean; files: { file: string }[] };
    expect(report.strict).toBe(false);
    expect(report.files.map((f) => f.file)).toEqual(['--strict']);
    // A value that starts with '-' is given with '='.
    expectUsageError(
      runBin('cli', ['new', 'x', '--title', '-Dash'], { cwd }),
      "--title needs a value; to give a value that starts with '-', write --title=VALUE.",
    );
  });

  it('needs the arguments a command takes, and no more', () => {
    const cwd = tempDir();
    expectUsageError(runBin('cli', ['migrate'], { cwd }), 'Missing V1_FILE.');
    expectUsageError(runBin('cli', ['check', 'a', 'b'], { cwd }), 'Unexpected argument: b (this command takes DIRECTORY).');
    expectUsageError(
      runBin('cli', ['completion', 'bsh'], { cwd }),
      "Invalid SHELL: 'bsh' is not one of bash, zsh, fish. Did you mean bash?",
    );
  });
});

describe('completion', () => {
  const cwd = tempDir();
  const script = (shell: string) => {
    const run = runBin('cli', ['completion', shell], { cwd });
    expect(run.status, run.stderr).toBe(0);
    const file = join(cwd, `completion.${shell}`);
    writeFileSync(file, run.stdout);
    return file;
  };

  /** COMPREPLY after completing the last of `words` (which may be ''), as bash does on Tab. */
  function bashComplete(file: string, fn: string, words: string[]): string[] {
    const run = spawnSync(
      'bash',
      ['-c', `source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); ${fn}; printf '%s\\n' "\${COMPREPLY[@]}"`, file, ...words],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    return run.stdout.split('\n').filter(Boolean).sort();
  }

  it('bash: completes commands, the flags of each command and the choices of choice flags', async () => {
    const file = script('bash');
    expect(bashComplete(file, '_ai4os_module', ['ai4os-module', ''])).toEqual(COMMANDS.map((c) => c.name).sort());
    expect(bashComplete(file, '_ai4os_module', ['ai4os-module', 'va'])).toEqual(['validate']);
    for (const command of COMMANDS) {
      const flags = await flagsOf(command);
      const long = bashComplete(file, '_ai4os_module', ['ai4os-module', command.name, '--']);
      expect(long, command.name).toEqual([...Object.keys(flags), 'help'].map((f) => `--${f}`).sort());
      for (const [flag, spec] of Object.entries(flags)) {
        const values = spec.choices ?? spec.suggestions;
        if (!values) continue;
        expect(bashComplete(file, '_ai4os_module', ['ai4os-module', command.name, `--${flag}`, '']), `${command.name} --${flag}`).toEqual(
          [...values].sort(),
        );
      }
    }
    // --flag=value reaches the function split at '=', as bash splits it.
    expect(bashComplete(file, '_ai4os_module', ['ai4os-module', 'validate', '--format', '=', 'g'])).toEqual(['github']);
    expect(bashComplete(file, '_ai4os_module', ['ai4os-module', 'help', 'up'])).toEqual(['update']);
    expect(bashComplete(file, '_ai4os_module', ['ai4os-module', 'completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    // create-ai4os-module is `new`; choices with spaces stay one word.
    expect(bashComplete(file, '_create_ai4os_module', ['create-ai4os-module', '--categories', 'AI4 t'])).toEqual([
      'AI4 tools',
      'AI4 trainable',
    ]);
    expect(bashComplete(file, '_create_ai4os_module', ['create-ai4os-module', '--lic'])).toEqual(['--license']);
  });

  const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;

  it.skipIf(!has('zsh'))('zsh: the script parses and registers its functions for both bins', () => {
    const file = script('zsh');
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    const home = tempDir();
    const run = spawnSync(
      'zsh',
      [
        '-f',
        '-c',
        `autoload -Uz compinit && compinit -u -d ${home}/.zcompdump && source ${file} && print -r -- $_comps[ai4os-module] $_comps[create-ai4os-module] && whence -w _ai4os_module_validate`,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, HOME: home, ZDOTDIR: home },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('_ai4os_module _ai4os_module_new\n_ai4os_module_validate: function\n');
  });

  it.skipIf(!has('fish'))('fish: the script parses and completes commands, flags and choices', () => {
    const file = script('fish');
    expect(spawnSync('fish', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    const complete = (line: string) => {
      const run = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C ${JSON.stringify(line)}`], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]!)
        .sort();
    };
    expect(complete('ai4os-module val')).toEqual(['validate']);
    expect(complete('ai4os-module validate --format ')).toEqual(['github', 'json', 'text']);
    expect(complete('ai4os-module update --dr')).toEqual(['--dry-run']);
    expect(complete('create-ai4os-module --categories AI4\\ t')).toEqual(['AI4 tools', 'AI4 trainable']);
  });
});
