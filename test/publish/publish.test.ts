/**
 * `ai4os-module publish` end to end: the built CLI, a module in a real git repository, bare
 * repositories as github.com, GitHub's REST API and the platform API as loopback servers.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FakeGitHub, MODULE, TOKEN, fakePlatform, filesContaining, publish, run, world, type CliRun, type World } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function withGitHub(w: World): Promise<FakeGitHub> {
  const github = new FakeGitHub(w);
  await github.start();
  cleanups.push(() => github.close());
  return github;
}

const remoteDir = (w: World, owner = 'ai4os-hub') => join(w.github, `${owner}/${MODULE}.git`);
const catalogDir = (w: World) => join(w.github, 'ai4os-hub/modules-catalog.git');
const refOf = (w: World, dir: string, ref: string) => {
  try {
    return run(w, dir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    return undefined;
  }
};
const output = (r: CliRun) => `${r.stdout}\n${r.stderr}`;
const TOKEN_ENV = { GITHUB_TOKEN: TOKEN };

/** A pre-push hook that records the process list while git pushes (argv of every process). */
function recordProcessesDuringPush(w: World): string {
  const dump = join(w.root, 'ps-during-push.txt');
  const hook = join(w.module, '.git/hooks/pre-push');
  writeFileSync(hook, `#!/bin/sh\nps -eo args > '${dump}'\ncat > /dev/null\nexit 0\n`);
  chmodSync(hook, 0o755);
  return dump;
}

describe('publish with a GitHub token', () => {
  it('checks, tags, pushes and opens the marketplace issue; the token is nowhere on disk, in logs or in argv', async () => {
    const w = await world();
    const github = await withGitHub(w);
    const dump = recordProcessesDuringPush(w);
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);

    const head = run(w, w.module, 'rev-parse', 'HEAD');
    expect(refOf(w, remoteDir(w), 'refs/heads/main')).toBe(head);
    expect(refOf(w, remoteDir(w), 'refs/tags/v0.1.0')).toBe(head);
    expect(run(w, w.module, 'cat-file', '-t', 'v0.1.0')).toBe('tag');
    expect(result.stdout).toMatch(/metadata valid with schema 2\.0\.0/);
    expect(result.stdout).toMatch(/metadata valid with schema 2\.3\.0/);

    const created = github.requests.filter((r) => r.method === 'POST');
    expect(created.map((r) => r.path)).toEqual(['/repos/ai4os-hub/modules-catalog/issues']);
    const post = created[0]!;
    expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post.headers.accept).toBe('application/vnd.github+json');
    expect(post.headers['x-github-api-version']).toBe('2022-11-28');
    const body = post.body as { title: string; body: string };
    expect(body.title).toBe(`Add module ${MODULE} to the marketplace`);
    for (const fact of [
      'https://github.com/ai4os-hub/demo-model',
      'Jane Doe',
      'MIT',
      'ai4oshub/demo-model',
      'v0.1.0',
      'schema 2.0.0',
      'branch = main',
    ]) {
      expect(body.body).toContain(fact);
    }
    expect(result.stdout).toContain('opened https://github.com/ai4os-hub/modules-catalog/issues/1');

    // The token: not in the output, the module's git config, any file written, nor any process's argv during the push.
    expect(output(result)).not.toContain(TOKEN);
    expect(readFileSync(join(w.module, '.git/config'), 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(dump, 'utf8')).toMatch(/git.*push/);
    expect(readFileSync(dump, 'utf8')).not.toContain(TOKEN);
    expect(filesContaining(w.root, TOKEN)).toEqual([]);

    // A rerun: everything is there already, nothing is created or pushed again.
    const again = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(again.code, output(again)).toBe(0);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(again.stdout).toContain('requested already: https://github.com/ai4os-hub/modules-catalog/issues/1');
    expect(again.stdout).toMatch(/main and v0\.1\.0 are on .* already/);
  });

  it('a token with a trailing newline is trimmed', async () => {
    const w = await world();
    const github = await withGitHub(w);
    const result = await publish(w, ['--skip-tests'], { GH_TOKEN: `${TOKEN}\n` });
    expect(result.code, output(result)).toBe(0);
    expect(new Set(github.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('a rejected token: the message names the variable, never the value, and nothing is pushed', async () => {
    const w = await world({ remoteExists: false });
    const github = await withGitHub(w);
    const result = await publish(w, ['--skip-tests'], { GITHUB_TOKEN: 'ghp_expiredTokenValue0123456789abcdefXYZ' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401/);
    expect(result.stderr).toMatch(/Bad credentials/);
    expect(result.stderr).toMatch(/The token in GITHUB_TOKEN was rejected/);
    expect(output(result)).not.toContain('ghp_expiredTokenValue');
    expect(github.requests[0]!.path).toBe('/user');
  });

  it('creates a missing repository of the user (POST /user/repos), then pushes there', async () => {
    const w = await world({ owner: 'jane', remoteExists: false });
    const github = await withGitHub(w);
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    const create = github.requests.find((r) => r.method === 'POST' && r.path === '/user/repos');
    expect(create?.body).toMatchObject({ name: MODULE, private: false });
    expect(refOf(w, remoteDir(w, 'jane'), 'refs/tags/v0.1.0')).toBe(run(w, w.module, 'rev-parse', 'HEAD'));
    // The request says where the code is and asks for the ai4os-hub repository.
    const issue = github.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues'))!.body as { body: string };
    expect(issue.body).toContain('https://github.com/jane/demo-model');
    expect(issue.body).toContain('Please create the repository `ai4os-hub/demo-model` and give @jane write access');
  });

  it('creates a missing repository in an organisation where the user may (POST /orgs/<org>/repos)', async () => {
    const w = await world({ owner: 'my-lab', remoteExists: false });
    const github = await withGitHub(w);
    github.creatableOrgs.add('my-lab');
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    expect(github.requests.find((r) => r.method === 'POST' && r.path === '/orgs/my-lab/repos')?.body).toMatchObject({ name: MODULE });
    expect(refOf(w, remoteDir(w, 'my-lab'), 'refs/heads/main')).toBe(run(w, w.module, 'rev-parse', 'HEAD'));
  });

  it('finds a request someone else opened for the module (search) and opens none', async () => {
    const w = await world();
    const github = await withGitHub(w);
    github.issues.set('ai4os-hub/modules-catalog', [
      {
        number: 41,
        title: 'Please list our model',
        body: 'Code: https://github.com/ai4os-hub/demo-model',
        state: 'open',
        html_url: 'https://github.com/ai4os-hub/modules-catalog/issues/41',
        user: { login: 'colleague' },
      },
    ]);
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain('requested already: https://github.com/ai4os-hub/modules-catalog/issues/41 (open)');
    const search = github.requests.find((r) => r.path === '/search/issues')!;
    expect(search.query.get('q')).toBe('repo:ai4os-hub/modules-catalog is:issue in:title,body "https://github.com/ai4os-hub/demo-model"');
    expect(github.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('a missing ai4os-hub repository is not created (users may not): tagged here, not pushed, and the request asks for it', async () => {
    const w = await world({ remoteExists: false });
    const github = await withGitHub(w);
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    expect(github.requests.some((r) => r.method === 'POST' && r.path.endsWith('/repos'))).toBe(false);
    expect(result.stdout).toContain('you may not create it there');
    expect(run(w, w.module, 'tag', '--list')).toBe('v0.1.0');
    const issue = github.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues'))!.body as { body: string };
    expect(issue.body).toContain('Please create the repository `ai4os-hub/demo-model`');
    expect(result.stdout).toContain('run publish again to push v0.1.0');
  });

  it('a 422 "already exists" on creation is reconciled by looking the repository up', async () => {
    const w = await world({ owner: 'jane', remoteExists: false });
    const github = await withGitHub(w);
    // GitHub created it but the answer says 422 (a concurrent run, say): the lookup finds it.
    github.overrides.push({
      method: 'POST',
      path: /^\/user\/repos$/,
      after: true,
      reply: {
        status: 422,
        body: { message: 'Repository creation failed.', errors: [{ message: 'name already exists on this account' }] },
      },
    });
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    expect(github.requests.filter((r) => r.method === 'POST' && r.path === '/user/repos')).toHaveLength(1);
    expect(refOf(w, remoteDir(w, 'jane'), 'refs/heads/main')).toBeDefined();
  });

  it('a 500 on a GET is retried; a 500 on the issue POST is not repeated but reconciled: the issue exists, no second one', async () => {
    const w = await world();
    const github = await withGitHub(w);
    github.overrides.push({ method: 'GET', path: /^\/user$/, reply: { status: 500, body: { message: 'Server Error' } } });
    github.overrides.push({ method: 'POST', path: /\/issues$/, after: true, reply: { status: 502, body: { message: 'Bad Gateway' } } });
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    expect(github.requests.filter((r) => r.path === '/user').length).toBe(2);
    expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
    expect(github.issues.get('ai4os-hub/modules-catalog')).toHaveLength(1);
    expect(result.stdout).toContain('opened https://github.com/ai4os-hub/modules-catalog/issues/1');
  });

  it('a 500 on the issue POST that did not take effect: one attempt, and an error that says to run again', async () => {
    const w = await world();
    const github = await withGitHub(w);
    github.overrides.push({ method: 'POST', path: /\/issues$/, reply: { status: 500, body: { message: 'Server Error' } } });
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code).toBe(1);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(result.stderr).toMatch(/500.*Server Error/);
    expect(result.stderr).toMatch(/run the command again: it looks up what exists first/);
    // The push happened before the request: a rerun only opens the issue.
    const again = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(again.code, output(again)).toBe(0);
    expect(github.issues.get('ai4os-hub/modules-catalog')).toHaveLength(1);
  });

  it('403 on the issue: the server message and what to change', async () => {
    const w = await world();
    const github = await withGitHub(w);
    github.overrides.push({
      method: 'POST',
      path: /\/issues$/,
      reply: { status: 403, body: { message: 'Resource not accessible by personal access token' } },
    });
    const result = await publish(w, ['--skip-tests'], TOKEN_ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Resource not accessible by personal access token');
    expect(result.stderr).toMatch(/The token in GITHUB_TOKEN is valid but may not do this/);
  });

  it('a GitHub that does not answer: each attempt times out, a GET is retried, and the error says so', async () => {
    const w = await world();
    const github = await withGitHub(w);
    github.overrides.push({ method: 'GET', path: /^\/user$/, reply: 'hang', times: 10 });
    const result = await publish(w, ['--skip-tests', '--timeout', '0.2'], TOKEN_ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GitHub did not answer GET .*\/user: no answer within 200 ms/);
    // Four attempts, as the client counts them (a loaded machine may not get each one to the server in time).
    expect(result.stderr).toContain('(tried 4 times)');
    expect(github.requests.filter((r) => r.path === '/user').length).toBeGreaterThan(0);
  });

  it('--pr: forks the catalog, pushes add-<name> with the entry and its gitlink, opens the pull request; a rerun finds it', async () => {
    const w = await world();
    const github = await withGitHub(w);
    const result = await publish(w, ['--skip-tests', '--pr'], TOKEN_ENV);
    expect(result.code, output(result)).toBe(0);
    const fork = join(w.github, 'jane/modules-catalog.git');
    const branch = refOf(w, fork, 'refs/heads/add-demo-model')!;
    expect(branch).toBeDefined();
    expect(run(w, fork, 'ls-tree', branch, '--', MODULE)).toBe(`160000 commit ${run(w, w.module, 'rev-parse', 'HEAD')}\t${MODULE}`);
    const pull = github.requests.find((r) => r.method === 'POST' && r.path === '/repos/ai4os-hub/modules-catalog/pulls')!;
    expect(pull.body).toMatchObject({ head: 'jane:add-demo-model', base: 'master', title: `Add module ${MODULE} to the marketplace` });
    const again = await publish(w, ['--skip-tests', '--pr'], TOKEN_ENV);
    expect(again.code, output(again)).toBe(0);
    expect(again.stdout).toContain('pull request open already');
    expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'))).toHaveLength(1);
    expect(refOf(w, fork, 'refs/heads/add-demo-model')).toBe(branch);
  });
});

describe('publish without a token', () => {
  it('pushes and prints the exact prefilled issue URL; GitHub is not called', async () => {
    const w = await world();
    const github = await withGitHub(w);
    const result = await publish(w, ['--skip-tests']);
    expect(result.code, output(result)).toBe(0);
    expect(github.requests).toEqual([]);
    const line = result.stdout.split('\n').find((l) => l.startsWith('https://github.com/ai4os-hub/modules-catalog/issues/new?'))!;
    expect(line).toMatch(/^https:\/\/github\.com\/ai4os-hub\/modules-catalog\/issues\/new\?title=[^&\s]+&body=[^&\s]+$/);
    const url = new URL(line);
    expect(url.searchParams.get('title')).toBe(`Add module ${MODULE} to the marketplace`);
    expect(url.searchParams.get('body')).toContain('[submodule "demo-model"]');
    expect(line).toContain(`title=${encodeURIComponent(`Add module ${MODULE} to the marketplace`)}&`);
    expect(refOf(w, remoteDir(w), 'refs/tags/v0.1.0')).toBeDefined();
  });

  it('--catalog URL: pushes add-<name> with the new entry and its gitlink, keeps the others; a second run pushes nothing', async () => {
    const w = await world();
    const catalog = catalogDir(w);
    const before = refOf(w, catalog, 'refs/heads/master');
    const result = await publish(w, ['--skip-tests', '--catalog', catalog]);
    expect(result.code, output(result)).toBe(0);
    const branch = refOf(w, catalog, 'refs/heads/add-demo-model')!;
    expect(run(w, catalog, 'rev-parse', `${branch}^`)).toBe(before);
    expect(refOf(w, catalog, 'refs/heads/master')).toBe(before);
    const config = (key: string) => run(w, catalog, 'config', '--blob', `${branch}:.gitmodules`, key);
    expect(config('submodule.demo-model.path')).toBe(MODULE);
    expect(config('submodule.demo-model.url')).toBe('https://github.com/ai4os-hub/demo-model');
    expect(config('submodule.demo-model.branch')).toBe('main');
    expect(config('submodule.posenet-tf.url')).toBe('https://github.com/ai4os-hub/posenet-tf');
    expect(
      run(w, catalog, 'config', '--blob', `${branch}:.gitmodules`, '--get-regexp', '^submodule\\..*\\.path$').split('\n'),
    ).toHaveLength(4);
    expect(run(w, catalog, 'ls-tree', branch, '--', MODULE)).toBe(`160000 commit ${run(w, w.module, 'rev-parse', 'HEAD')}\t${MODULE}`);
    expect(run(w, catalog, 'ls-tree', branch, '--', 'posenet-tf')).toContain('160000 commit 2222222222');

    const again = await publish(w, ['--skip-tests', '--catalog', catalog]);
    expect(again.code, output(again)).toBe(0);
    expect(again.stdout).toContain('holds the entry already; nothing pushed');
    expect(refOf(w, catalog, 'refs/heads/add-demo-model')).toBe(branch);
  });

  it('--pr needs a token, and says which variables', async () => {
    const w = await world();
    const result = await publish(w, ['--skip-tests', '--pr']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--pr needs a GitHub token: set GITHUB_TOKEN or GH_TOKEN');
  });
});

describe('preflight: nothing leaves the machine', () => {
  function unchanged(w: World) {
    expect(refOf(w, remoteDir(w), 'refs/heads/main')).toBeUndefined();
    expect(run(w, w.module, 'tag', '--list')).toBe('');
  }

  it('a dirty tree', async () => {
    const w = await world();
    writeFileSync(join(w.module, 'notes.txt'), 'draft\n');
    const result = await publish(w, ['--skip-tests']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/changes that are not committed: notes\.txt/);
    expect(result.stderr).toContain('Nothing was tagged or pushed');
    unchanged(w);
  });

  it('links.source_code outside the platform organisations, and metadata invalid for the hub (schema 2.0.0)', async () => {
    const w = await world();
    const path = join(w.module, 'ai4-metadata.yml');
    const metadata = readFileSync(path, 'utf8')
      .replace('source_code: https://github.com/ai4os-hub/demo-model', 'source_code: https://gitlab.com/jane/demo-model')
      .replace(/^summary: .*$/m, 'summary: 42');
    writeFileSync(path, metadata);
    run(w, w.module, 'commit', '-qam', 'Elsewhere');
    const result = await publish(w, ['--skip-tests']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/links\.source_code is 'https:\/\/gitlab\.com\/jane\/demo-model'.*invalid metadata/);
    expect(result.stderr).toMatch(/ai4-metadata\.yml:\d+:\d+ summary: .*schema 2\.0\.0, as the hub's Jenkins checks it/);
    expect(result.stderr).toMatch(/ai4-metadata\.yml:\d+:\d+ summary: .*schema 2\.3\.0, as the platform API checks it/);
    unchanged(w);
  });

  it('no LICENSE (the hub refuses modules without one), and a detached HEAD', async () => {
    const w = await world();
    run(w, w.module, 'rm', '-q', 'LICENSE');
    run(w, w.module, 'commit', '-qm', 'No licence');
    run(w, w.module, 'checkout', '-q', '--detach');
    const result = await publish(w, ['--skip-tests']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/There is no LICENSE file: the hub refuses modules without one/);
    expect(result.stderr).toMatch(/HEAD is not on a branch \(detached\)\n\s+→ Switch to the branch to publish/);
    unchanged(w);
  });

  it('no git identity to sign the tag with', async () => {
    const w = await world();
    const result = await publish(w, ['--skip-tests'], {
      GIT_COMMITTER_NAME: '',
      GIT_COMMITTER_EMAIL: '',
      GIT_AUTHOR_NAME: '',
      GIT_AUTHOR_EMAIL: '',
      EMAIL: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/git does not know who you are.*\n\s+→ Set them: git config --global user\.name/);
    unchanged(w);
  });

  it('a VERSION released already on another commit, and an invalid VERSION', async () => {
    const w = await world();
    run(w, w.module, 'tag', '-a', 'v0.1.0', '-m', 'old');
    run(w, w.module, 'commit', '-q', '--allow-empty', '-m', 'More');
    let result = await publish(w, ['--skip-tests']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Version 0\.1\.0 is released already: the tag v0\.1\.0 is on commit/);
    expect(result.stderr).toContain('--bump patch');
    writeFileSync(join(w.module, 'VERSION'), 'one\n');
    run(w, w.module, 'commit', '-qam', 'Bad version');
    result = await publish(w, ['--skip-tests']);
    expect(result.stderr).toMatch(/VERSION is 'one'/);
  });
});

describe('publish steps', () => {
  it('--dry-run lists every step and changes nothing', async () => {
    const w = await world();
    const result = await publish(w, ['--skip-tests', '--dry-run', '--bump', 'minor', '--catalog', catalogDir(w)]);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain('would set VERSION to 0.2.0');
    expect(result.stdout).toContain('would tag v0.2.0');
    expect(result.stdout).toContain('would push main and v0.2.0');
    expect(result.stdout).toContain('would push the branch add-demo-model');
    expect(run(w, w.module, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(w.module, 'VERSION'), 'utf8')).toBe('0.1.0\n');
    expect(run(w, w.module, 'tag', '--list')).toBe('');
    expect(refOf(w, remoteDir(w), 'refs/heads/main')).toBeUndefined();
    expect(refOf(w, catalogDir(w), 'refs/heads/add-demo-model')).toBeUndefined();
  });

  it('--bump minor: VERSION and dates.updated, one commit, tag v0.2.0 on it, pushed', async () => {
    const w = await world();
    const first = await publish(w, ['--skip-tests']);
    expect(first.code, output(first)).toBe(0);
    const result = await publish(w, ['--skip-tests', '--bump', 'minor']);
    expect(result.code, output(result)).toBe(0);
    expect(readFileSync(join(w.module, 'VERSION'), 'utf8')).toBe('0.2.0\n');
    const metadata = readFileSync(join(w.module, 'ai4-metadata.yml'), 'utf8');
    const today = new Date().toISOString().slice(0, 10);
    expect((parseYaml(metadata) as { dates: { updated: string; created: string } }).dates).toMatchObject({
      updated: today,
      created: '2025-01-15',
    });
    expect(metadata).toContain(`updated: "${today}"`);
    expect(metadata.split('\n')[0]).toMatch(/yaml-language-server: \$schema=/);
    expect(run(w, w.module, 'log', '-1', '--format=%s')).toBe('Release 0.2.0');
    expect(run(w, w.module, 'status', '--porcelain')).toBe('');
    const head = run(w, w.module, 'rev-parse', 'HEAD');
    expect(refOf(w, remoteDir(w), 'refs/tags/v0.2.0')).toBe(head);
    expect(refOf(w, remoteDir(w), 'refs/heads/main')).toBe(head);
  });

  it('a rejected push (the remote has other commits): commit and tag kept, nothing forced, what to do', async () => {
    const w = await world();
    const other = join(w.root, 'other');
    run(w, w.root, 'clone', '-q', remoteDir(w), other);
    run(w, other, 'commit', '-q', '--allow-empty', '-m', 'Someone else');
    run(w, other, 'push', '-q', 'origin', 'HEAD:main');
    const theirs = refOf(w, remoteDir(w), 'refs/heads/main');
    const result = await publish(w, ['--skip-tests']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the push \(rejected\)/);
    expect(result.stderr).toContain('git pull --rebase');
    expect(result.stderr).toMatch(/Your commit [0-9a-f]{12} and the tag v0\.1\.0 are kept here; nothing was forced/);
    expect(refOf(w, remoteDir(w), 'refs/heads/main')).toBe(theirs);
    expect(refOf(w, remoteDir(w), 'refs/tags/v0.1.0')).toBeUndefined();
    expect(run(w, w.module, 'tag', '--list')).toBe('v0.1.0');
  });
});

describe('pushes that fail', () => {
  it('a protected branch (the server refuses in its pre-receive hook): kept here, what to do', async () => {
    const w = await world();
    const hook = join(remoteDir(w), 'hooks/pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const result = await publish(w, ['--skip-tests']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the push \(protected\)/);
    expect(result.stderr).toContain('GH006: Protected branch update failed');
    expect(result.stderr).toMatch(/protects this branch/);
    expect(result.stderr).toMatch(/the tag v0\.1\.0 are kept here; nothing was forced/);
    expect(refOf(w, remoteDir(w), 'refs/tags/v0.1.0')).toBeUndefined();
    expect(run(w, w.module, 'tag', '--list')).toBe('v0.1.0');
    // Once allowed, a rerun pushes the same commit and tag.
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    const again = await publish(w, ['--skip-tests']);
    expect(again.code, output(again)).toBe(0);
    expect(again.stdout).toContain('tag v0.1.0 is on');
    expect(refOf(w, remoteDir(w), 'refs/tags/v0.1.0')).toBe(run(w, w.module, 'rev-parse', 'HEAD'));
  });

  it('an unreachable remote: nothing tagged, the message says to check the connection', async () => {
    const w = await world();
    // A port nothing listens on: git's HTTP transport cannot connect.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    const result = await publish(w, ['--skip-tests', '--remote', `http://127.0.0.1:${port}/demo-model.git`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot be reached\. Check the network connection/);
    expect(result.stderr).toContain('Nothing was tagged or pushed');
    expect(run(w, w.module, 'tag', '--list')).toBe('');
  });
});

describe('publish --status', () => {
  it('reads the remote, the catalog and the platform API without a token; --json for scripts', async () => {
    const w = await world();
    expect((await publish(w, ['--skip-tests', '--catalog', catalogDir(w)])).code).toBe(0);
    // The catalog's default branch gets the module (a maintainer merged it); the platform serves a placeholder.
    run(w, catalogDir(w), 'update-ref', 'refs/heads/master', 'refs/heads/add-demo-model');
    const papi = await fakePlatform({
      'demo-model': { title: 'demo-model', tags: ['invalid metadata'] },
      'posenet-tf': { tags: ['pose'] },
    });
    cleanups.push(() => papi.close());
    const result = await publish(w, ['--status', '--json', '--catalog', catalogDir(w)], { AI4OS_API: papi.url });
    expect(result.code, output(result)).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({
      module: { name: MODULE, version: '0.1.0', tag: 'v0.1.0', branch: 'main' },
      remote: { reachable: true, branchPushed: true, headPushed: true, tagPushed: true },
      catalog: { branch: 'master', listed: true, entryBranch: 'main' },
      platform: { listed: true, valid: false, tags: ['invalid metadata'] },
      jenkins: 'https://jenkins.cloud.ai4eosc.eu/job/AI4OS-hub/job/demo-model/job/main/',
    });
    expect(papi.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/catalog/modules',
      'GET /v1/catalog/modules/demo-model/metadata',
    ]);
    const text = await publish(w, ['--status', '--catalog', catalogDir(w)], { AI4OS_API: papi.url });
    expect(text.stdout).toContain('tag v0.1.0 pushed');
    expect(text.stdout).toContain('placeholder tagged "invalid metadata"');
  });

  it('a module not yet anywhere', async () => {
    const w = await world({ remoteExists: false });
    const papi = await fakePlatform({ 'posenet-tf': {} });
    cleanups.push(() => papi.close());
    const result = await publish(w, ['--status', '--json'], { AI4OS_API: papi.url });
    expect(result.code, output(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      remote: { reachable: false },
      catalog: { listed: false, branch: 'master' },
      platform: { listed: false },
    });
  });
});
