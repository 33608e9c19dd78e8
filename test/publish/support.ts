/**
 * The world publish meets, on this machine: a module in a real git repository; bare
 * repositories standing for github.com (git's `url.<base>.insteadOf` sends
 * https://github.com/<owner>/<repo> to <root>/github/<owner>/<repo>.git, so the module's
 * remote and the catalog keep their real URLs); GitHub's REST API and the platform API's
 * catalog as loopback servers that follow the documented routes and record every request.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type Recorded, type RecordingServer, listen } from '../support/recording-server.js';
import { answersWith, CLI, filesAtCurrent, GIT_ENV, tempDir, writeFiles } from '../update/support.js';

export type { Recorded } from '../support/recording-server.js';

export const TOKEN = 'ghp_TestTokenValue0123456789abcdefABCDEF';
export const MODULE = 'demo-model';

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).replace(/\n$/, '');
}

export interface World {
  root: string;
  module: string;
  /** Where https://github.com/<owner>/<repo> lives: `<github>/<owner>/<repo>.git`. */
  github: string;
  gitconfig: string;
  env: Record<string, string>;
}

/** A module created with the installed template, committed on main, origin https://github.com/<owner>/demo-model.git. */
export async function world(options: { owner?: string; remoteExists?: boolean } = {}): Promise<World> {
  const owner = options.owner ?? 'ai4os-hub';
  const root = tempDir('ai4os-publish-');
  const github = join(root, 'github');
  mkdirSync(github);
  const gitconfig = join(root, 'gitconfig');
  writeFileSync(gitconfig, `[url "${github}/"]\n\tinsteadOf = https://github.com/\n[init]\n\tdefaultBranch = main\n`);
  // No token unless a test gives one: none from the environment, none from a logged-in GitHub CLI.
  const env = {
    ...GIT_ENV,
    GIT_CONFIG_GLOBAL: gitconfig,
    AI4OS_GITHUB_API: 'http://127.0.0.1:9',
    AI4OS_API: 'http://127.0.0.1:9',
    GITHUB_TOKEN: '',
    GH_TOKEN: '',
    GH_CONFIG_DIR: join(root, 'gh-config'),
  };
  const module = join(root, MODULE);
  const answers = await answersWith();
  writeFiles(module, filesAtCurrent(answers));
  const w: World = { root, module, github, gitconfig, env };
  run(w, module, 'init', '-q', '-b', 'main');
  run(w, module, 'add', '-A');
  run(w, module, 'commit', '-q', '-m', 'Create demo-model');
  run(w, module, 'remote', 'add', 'origin', `https://github.com/${owner}/${MODULE}.git`);
  if (options.remoteExists ?? true) bare(w, `${owner}/${MODULE}`);
  catalog(w);
  return w;
}

/** git in the world (with its insteadOf mapping). */
export function run(w: World, dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...w.env }, encoding: 'utf8' }).replace(/\n$/, '');
}

export function bare(w: World, fullName: string): string {
  const dir = join(w.github, `${fullName}.git`);
  mkdirSync(dir, { recursive: true });
  run(w, dir, 'init', '-q', '--bare');
  return dir;
}

/** ai4os-hub/modules-catalog: three modules in `.gitmodules` (as `git submodule add` writes them) with their gitlinks, on master. */
function catalog(w: World): void {
  const dir = bare(w, 'ai4os-hub/modules-catalog');
  run(w, dir, 'symbolic-ref', 'HEAD', 'refs/heads/master');
  const work = join(w.root, 'catalog-work');
  mkdirSync(work);
  run(w, work, 'init', '-q', '-b', 'master');
  const entries = ['birds-audio-classification', 'posenet-tf', 'WITOIL-for-iMagine'];
  writeFileSync(
    join(work, '.gitmodules'),
    entries
      .map((name) => `[submodule "${name}"]\n\tpath = ${name}\n\turl = https://github.com/ai4os-hub/${name}\n\tbranch = main\n`)
      .join(''),
  );
  writeFileSync(join(work, 'README.md'), '# Modules catalog\n');
  run(w, work, 'add', '-A');
  for (const [i, name] of entries.entries())
    run(w, work, 'update-index', '--add', '--cacheinfo', `160000,${String(i + 1).repeat(40)},${name}`);
  run(w, work, 'commit', '-q', '-m', 'Catalog');
  run(w, work, 'push', '-q', dir, 'master');
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, spawned without blocking (the fake servers answer from this process). */
export function publish(w: World, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'publish', ...args], {
      cwd: w.module,
      env: { ...process.env, ...w.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under `dir` (the module, the bare repositories, the catalog) whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (path: string) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (info.isFile() && readFileSync(path).includes(needle)) hits.push(path);
  };
  walk(dir);
  return hits;
}

// ---------------------------------------------------------------------------------------
// Loopback servers

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

/** A scripted answer for matching requests, used `times` times (default once). */
export interface Override {
  method: string;
  path: RegExp;
  reply: Reply;
  times?: number;
  /** Run the real route first (a create that "succeeds" but whose answer is lost). */
  after?: boolean;
}

function send(res: ServerResponse, reply: Exclude<Reply, 'hang'>): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

interface Issue {
  number: number;
  title: string;
  body: string;
  state: string;
  html_url: string;
  user: { login: string };
}

/**
 * GitHub's REST API for one user (`jane`) and the world's bare repositories: repositories,
 * organisations, issues, search, forks and pulls, with GitHub's status codes and error shapes.
 */
export class FakeGitHub {
  readonly login = 'jane';
  readonly issues = new Map<string, Issue[]>();
  readonly pulls = new Map<
    string,
    {
      number: number;
      state: string;
      html_url: string;
      head: { ref: string; label: string };
      base: { ref: string };
      title: string;
      body: string;
    }[]
  >();
  overrides: Override[] = [];
  /** Organisations where jane may create repositories. */
  creatableOrgs = new Set<string>();
  private server?: RecordingServer;

  constructor(
    readonly w: World,
    readonly token = TOKEN,
  ) {}

  get requests(): Recorded[] {
    return this.server!.requests;
  }

  async start(): Promise<string> {
    this.server = await listen((request, res) => this.handle(request, res));
    this.w.env.AI4OS_GITHUB_API = this.server.url;
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  private repoJson(fullName: string) {
    const [owner, name] = fullName.split('/') as [string, string];
    const dir = join(this.w.github, `${fullName}.git`);
    const head = existsSync(dir) ? run(this.w, dir, 'symbolic-ref', '--short', 'HEAD') : 'main';
    return {
      full_name: fullName,
      name,
      owner: { login: owner, type: owner === this.login ? 'User' : 'Organization' },
      html_url: `https://github.com/${fullName}`,
      clone_url: `https://github.com/${fullName}.git`,
      default_branch: head,
    };
  }

  private handle(request: Recorded, res: ServerResponse): void {
    const override = this.overrides.find((o) => o.method === request.method && o.path.test(request.path) && (o.times ?? 1) > 0);
    if (override) {
      override.times = (override.times ?? 1) - 1;
      if (override.reply === 'hang') return;
      if (override.after) this.route(request);
      send(res, override.reply);
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      send(res, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } });
      return;
    }
    send(res, this.route(request));
  }

  private route(request: Recorded): Exclude<Reply, 'hang'> {
    const { method, path, query } = request;
    const body = (request.body ?? {}) as Record<string, string>;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/user') return { status: 200, body: { login: this.login, type: 'User' } };
    if (method === 'GET' && (m = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(path))) {
      return this.creatableOrgs.has(m[1]!)
        ? { status: 200, body: { state: 'active', role: 'admin' } }
        : { status: 404, body: { message: 'Not Found' } };
    }
    if (method === 'POST' && (path === '/user/repos' || (m = /^\/orgs\/([^/]+)\/repos$/.exec(path)))) {
      const owner = path === '/user/repos' ? this.login : m![1]!;
      if (owner !== this.login && !this.creatableOrgs.has(owner))
        return { status: 403, body: { message: 'You need admin access to the organization before adding a repository to it.' } };
      const fullName = `${owner}/${body.name}`;
      if (existsSync(join(this.w.github, `${fullName}.git`))) {
        return {
          status: 422,
          body: {
            message: 'Repository creation failed.',
            errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }],
          },
        };
      }
      bare(this.w, fullName);
      return { status: 201, body: this.repoJson(fullName) };
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/.exec(path))) {
      const fullName = m[1]!;
      const rest = m[2] ?? '';
      if (!existsSync(join(this.w.github, `${fullName}.git`))) return { status: 404, body: { message: 'Not Found' } };
      if (method === 'GET' && rest === '') return { status: 200, body: this.repoJson(fullName) };
      if (rest === '/issues' && method === 'GET') {
        const all = this.issues.get(fullName) ?? [];
        return {
          status: 200,
          body: all
            .filter((i) => !query.get('creator') || i.user.login === query.get('creator'))
            .filter((i) => query.get('state') === 'all' || i.state === (query.get('state') ?? 'open')),
        };
      }
      if (rest === '/issues' && method === 'POST') {
        if (!body.title)
          return {
            status: 422,
            body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] },
          };
        const list = this.issues.get(fullName) ?? [];
        const issue = {
          number: list.length + 1,
          title: body.title,
          body: body.body ?? '',
          state: 'open',
          html_url: `https://github.com/${fullName}/issues/${list.length + 1}`,
          user: { login: this.login },
        };
        list.push(issue);
        this.issues.set(fullName, list);
        return { status: 201, body: issue };
      }
      if (rest === '/forks' && method === 'POST') {
        const [, name] = fullName.split('/');
        const fork = `${this.login}/${name}`;
        const dir = join(this.w.github, `${fork}.git`);
        if (!existsSync(dir))
          execFileSync('git', ['clone', '-q', '--bare', join(this.w.github, `${fullName}.git`), dir], {
            env: { ...process.env, ...this.w.env },
          });
        return { status: 202, body: this.repoJson(fork) };
      }
      if (rest === '/pulls' && method === 'GET') {
        return {
          status: 200,
          body: (this.pulls.get(fullName) ?? []).filter((p) => !query.get('head') || p.head.label === query.get('head')),
        };
      }
      if (rest === '/pulls' && method === 'POST') {
        const list = this.pulls.get(fullName) ?? [];
        if (list.some((p) => p.head.label === body.head && p.state === 'open'))
          return {
            status: 422,
            body: {
              message: 'Validation Failed',
              errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${body.head}.` }],
            },
          };
        const [forkOwner, ref] = body.head!.split(':') as [string, string];
        const forkDir = join(this.w.github, `${forkOwner}/${fullName.split('/')[1]}.git`);
        if (!existsSync(forkDir) || !run(this.w, forkDir, 'branch', '--list', ref))
          return {
            status: 422,
            body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] },
          };
        const pull = {
          number: list.length + 1,
          state: 'open',
          html_url: `https://github.com/${fullName}/pull/${list.length + 1}`,
          head: { ref, label: body.head! },
          base: { ref: body.base! },
          title: body.title!,
          body: body.body!,
        };
        list.push(pull);
        this.pulls.set(fullName, list);
        return { status: 201, body: pull };
      }
    }
    if (method === 'GET' && path === '/search/issues') {
      const q = query.get('q') ?? '';
      const repo = /repo:(\S+)/.exec(q)?.[1] ?? '';
      const phrase = /"([^"]+)"/.exec(q)?.[1] ?? '';
      const items = (this.issues.get(repo) ?? []).filter((i) => i.title.includes(phrase) || i.body.includes(phrase));
      return { status: 200, body: { total_count: items.length, incomplete_results: false, items } };
    }
    return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
  }
}

/** The platform API's catalog routes (ai4-papi `routers/v1/catalog`): the list of names and each module's metadata. */
export async function fakePlatform(modules: Record<string, Record<string, unknown>>): Promise<RecordingServer> {
  return listen((request, res) => {
    if (request.method === 'GET' && request.path === '/v1/catalog/modules') return send(res, { status: 200, body: Object.keys(modules) });
    const m = /^\/v1\/catalog\/modules\/([^/]+)\/metadata$/.exec(request.path);
    if (request.method === 'GET' && m) {
      const metadata = modules[decodeURIComponent(m[1]!)];
      return send(res, metadata ? { status: 200, body: metadata } : { status: 404, body: { detail: `Item ${m[1]} not in catalog` } });
    }
    send(res, { status: 404, body: { detail: 'Not Found' } });
  });
}
