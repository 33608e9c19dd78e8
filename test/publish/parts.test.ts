/** The parts of publish that need no servers: the token handed to git, versions, URLs. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { githubRepository } from '../../src/publish/command.js';
import { gitTokenEnv } from '../../src/publish/remote.js';
import { newIssueUrl } from '../../src/publish/request.js';
import { bumpVersion, isVersion } from '../../src/publish/version.js';
import { TOKEN } from './support.js';

function credentialFill(url: string, env: Record<string, string>): string {
  const { protocol, host, pathname } = new URL(url);
  return execFileSync('git', ['credential', 'fill'], {
    input: `protocol=${protocol.slice(0, -1)}\nhost=${host}\npath=${pathname.slice(1)}\n\n`,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...env },
    encoding: 'utf8',
  });
}

describe('the token reaches git through the environment only', () => {
  it("git's credential machinery answers github.com with the token, from a helper that names a variable", () => {
    const env = gitTokenEnv({ value: TOKEN, source: 'GITHUB_TOKEN' }, {});
    expect(credentialFill('https://github.com/ai4os-hub/demo-model.git', env)).toContain(`username=x-access-token\npassword=${TOKEN}\n`);
    // Only the variable holds the value: the configuration (which git may show) does not.
    const config = Object.entries(env).filter(([key]) => key.startsWith('GIT_CONFIG'));
    expect(JSON.stringify(config)).not.toContain(TOKEN);
  });

  it('other hosts do not get it', () => {
    const env = gitTokenEnv({ value: TOKEN, source: 'GITHUB_TOKEN' }, {});
    expect(() => credentialFill('https://gitlab.example.org/x/y.git', env)).toThrow();
  });

  it('keeps configuration given through the environment already', () => {
    const env = gitTokenEnv({ value: TOKEN, source: 'GITHUB_TOKEN' }, { GIT_CONFIG_COUNT: '1' });
    expect(env.GIT_CONFIG_COUNT).toBe('3');
    expect(env.GIT_CONFIG_KEY_1).toBe('credential.https://github.com.helper');
  });

  it('no token, no change', () => {
    expect(gitTokenEnv(undefined)).toEqual({});
  });
});

describe('versions', () => {
  it('bumps', () => {
    expect(bumpVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(bumpVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(bumpVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(bumpVersion('0.9.0-rc.1', 'patch')).toBe('0.9.1');
    expect(() => bumpVersion('1.4', 'patch')).toThrow(/not a version like 1\.2\.3/);
  });

  it('valid versions', () => {
    expect(['0.1.0', '10.20.30', '1.0.0-beta.2'].every(isVersion)).toBe(true);
    expect(['1.0', 'v1.0.0', '01.0.0', '1.0.0\n'].some(isVersion)).toBe(false);
  });
});

describe('URLs', () => {
  it('GitHub repositories from remote URLs', () => {
    for (const url of [
      'https://github.com/ai4os-hub/demo-model.git',
      'https://github.com/ai4os-hub/demo-model',
      'git@github.com:ai4os-hub/demo-model.git',
      'ssh://git@github.com/ai4os-hub/demo-model.git',
    ]) {
      expect(githubRepository(url)).toEqual({ owner: 'ai4os-hub', name: 'demo-model', fullName: 'ai4os-hub/demo-model' });
    }
    expect(githubRepository('https://gitlab.com/jane/demo-model.git')).toBeUndefined();
    expect(githubRepository('/srv/git/demo-model.git')).toBeUndefined();
  });

  it('the prefilled issue URL encodes every character that would end or change a parameter', () => {
    const body = 'a & b = c? #1 100% ü\n[submodule "x"]\n\tpath = x';
    const url = newIssueUrl('ai4os-hub/modules-catalog', 'Add x & y', body);
    expect(url).toMatch(/^https:\/\/github\.com\/ai4os-hub\/modules-catalog\/issues\/new\?title=[^&#\s]+&body=[^&#\s]+$/);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('title')).toBe('Add x & y');
    expect(parsed.searchParams.get('body')).toBe(body);
  });
});

describe('options', () => {
  const parse = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const [{ publishOptions }, { parseLine }, { findCommand }] = await Promise.all([
      import('../../src/publish/command.js'),
      import('../../src/cli/parse.js'),
      import('../../src/cli/commands.js'),
    ]);
    const line = parseLine(findCommand('publish')!, argv);
    if (line.problems.length > 0) throw new Error(line.problems.join('\n'));
    return publishOptions(line.flags as Parameters<typeof publishOptions>[0], env);
  };

  it('service addresses: the flag, else the environment, else the real service', async () => {
    expect((await parse([])).api).toBe('https://api.cloud.ai4eosc.eu');
    expect((await parse([])).githubApi).toBe('https://api.github.com');
    expect((await parse([], { AI4OS_API: 'http://127.0.0.1:1234' })).api).toBe('http://127.0.0.1:1234');
    expect((await parse(['--api', 'http://127.0.0.1:5'], { AI4OS_API: 'http://127.0.0.1:1234' })).api).toBe('http://127.0.0.1:5');
    expect((await parse(['--timeout', '0.5'])).timeoutMs).toBe(500);
  });

  it('refuses what it cannot do, saying what would work', async () => {
    await expect(parse(['--bump', 'huge'])).rejects.toThrow(/--bump/);
    await expect(parse(['--json'])).rejects.toThrow('--json goes with --status.');
    await expect(parse(['--timeout', 'soon'])).rejects.toThrow(/--timeout/);
    await expect(parse(['--dryrun'])).rejects.toThrow(/Did you mean --dry-run/);
  });
});
