/**
 * `ai4os-module publish`: from a local module to a pushed release and a marketplace request.
 * Preflight (nothing leaves the machine before it passes), the release commit and tag, the
 * push, the GitHub repository when it is missing and may be created, and the request to the
 * catalog maintainers, once: every step looks up what exists first, so a rerun is safe.
 */
import { spawn } from 'node:child_process';
import type { PUBLISH_FLAGS } from '../cli/commands.js';
import type { CommandArgs, FlagValues } from '../cli/spec.js';
import { UserError } from '../errors.js';
import { GitFailure, openRepo, type Repo } from '../git.js';
import { secretFromEnv, type Secret } from '../http.js';
import { CatalogWorkspace, findEntry, type WantedEntry } from './catalog.js';
import { GitHub, GITHUB_API, TOKEN_VARIABLES, type GitHubIssue } from './github.js';
import { readModuleInfo, writeRelease, METADATA_FILE, type ModuleInfo } from './module-info.js';
import { preflight } from './preflight.js';
import { gitTokenEnv, listRemote, push, remoteAdvice, type RemoteFailure } from './remote.js';
import {
  CATALOG_REPO,
  CATALOG_WEB,
  entryLines,
  newIssueUrl,
  requestBody,
  requestMarker,
  requestTitle,
  type RequestFacts,
} from './request.js';
import { readStatus, statusText } from './status.js';
import { bumpVersion, tagOf, type Bump } from './version.js';

export const PLATFORM_API = 'https://api.cloud.ai4eosc.eu';

interface PublishOptions {
  dryRun: boolean;
  bump?: Bump;
  status: boolean;
  json: boolean;
  pr: boolean;
  catalog?: string;
  remote: string;
  skipTests: boolean;
  githubApi: string;
  api: string;
  timeoutMs: number;
}

/** The table's flags (src/cli/commands.ts) as options: service addresses from the flag, else the environment, else the real service. */
export function publishOptions(flags: FlagValues<typeof PUBLISH_FLAGS>, env: NodeJS.ProcessEnv = process.env): PublishOptions {
  const timeout = Number(flags.timeout);
  if (!(timeout > 0)) throw new UserError(`Invalid value for --timeout: '${flags.timeout}'.`, 'Give a number of seconds, such as 30.');
  if (flags.json && !flags.status) throw new UserError('--json goes with --status.', 'Run: ai4os-module publish --status --json');
  if (flags.pr && flags.catalog)
    throw new UserError(
      '--pr and --catalog exclude each other.',
      '--pr opens a pull request in the marketplace catalog; --catalog pushes a branch to another catalog.',
    );
  return {
    dryRun: flags['dry-run'],
    bump: flags.bump,
    status: flags.status,
    json: flags.json,
    pr: flags.pr,
    catalog: flags.catalog,
    remote: flags.remote,
    skipTests: flags['skip-tests'],
    githubApi: flags['github-api'] ?? (env.AI4OS_GITHUB_API || GITHUB_API),
    api: flags.api ?? (env.AI4OS_API || PLATFORM_API),
    timeoutMs: timeout * 1000,
  };
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const TOKEN_NAMES = TOKEN_VARIABLES.join(' or ');

export async function main({ flags, cwd }: CommandArgs<typeof PUBLISH_FLAGS>): Promise<number> {
  const options = publishOptions(flags);
  const repo = await openRepo(cwd, 'publish');
  const info = readModuleInfo(repo.dir);
  const remoteUrl = await resolveRemote(repo, options.remote, info);
  const catalogUrl = options.catalog ?? `${CATALOG_WEB}/${CATALOG_REPO}.git`;
  if (options.status) {
    const status = await readStatus({ repo, info, remote: remoteUrl, catalogUrl, api: options.api, timeoutMs: options.timeoutMs });
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : statusText(status));
    return 0;
  }
  return publish(repo, info, remoteUrl, catalogUrl, options);
}

async function publish(plainRepo: Repo, info: ModuleInfo, remoteUrl: string, catalogUrl: string, options: PublishOptions): Promise<number> {
  const token = secretFromEnv(TOKEN_VARIABLES) ?? (await ghToken());
  const gitEnv = gitTokenEnv(token);
  const repo = plainRepo.with(gitEnv);
  const github = token ? new GitHub({ baseUrl: options.githubApi, token, timeoutMs: options.timeoutMs }) : undefined;

  // 1. Preflight: nothing leaves the machine before it passes.
  const remote = await listRemote(repo, options.remote);
  const version = options.bump ? bumpVersion(info.version, options.bump) : info.version;
  const tag = tagOf(version);
  const checks = await preflight({
    repo,
    info,
    version,
    remoteRefs: remote.ok ? remote.refs : undefined,
    skipTests: options.skipTests,
    bumping: options.bump !== undefined,
  });
  if (checks.problems.length > 0) {
    throw new UserError(
      [
        'Not published: the module is not ready.',
        ...checks.problems.map((p) => `  ✗ ${p.message.replace(/\n/g, '\n    ')}\n    → ${p.fix}`),
      ].join('\n'),
      'Nothing was tagged or pushed. Fix the above and run publish again.',
      1,
    );
  }
  for (const line of checks.passed) say(`✓ ${line}`);
  const branch = checks.branch!;

  const target = githubRepository(remoteUrl);
  const { pushable, repositoryExists, login } = remote.ok
    ? { pushable: true, repositoryExists: true, login: undefined }
    : await missingRepository(remote, remoteUrl, target, github, info, options.dryRun);

  // 2. The release commit and the tag.
  if (options.bump) {
    if (options.dryRun) say(`… would set VERSION to ${version} and dates.updated in ${METADATA_FILE}, and commit "Release ${version}"`);
    else {
      const files = writeRelease(info.dir, version, new Date().toISOString().slice(0, 10));
      await repo.run(['add', '--', ...files]);
      await repo.run(['commit', '--quiet', '-m', `Release ${version}`]);
      say(`+ VERSION ${info.version} → ${version}, committed`);
    }
  }
  const head = options.dryRun ? checks.head! : await repo.text(['rev-parse', 'HEAD']);
  if (checks.tagOnHead) say(`✓ tag ${tag} is on ${head.slice(0, 12)} already`);
  else if (options.dryRun) say(`… would tag ${tag}${options.bump ? ' on the release commit' : ` on ${head.slice(0, 12)}`}`);
  else {
    await repo.run(['tag', '-a', tag, '-m', `${info.name} ${version}`]);
    say(`+ tagged ${tag} on ${head.slice(0, 12)}`);
  }

  // 3. The push.
  let pushedTo: string | undefined;
  if (pushable) {
    const upToDate = remote.ok && remote.refs.get(`refs/heads/${branch}`) === head && remote.refs.get(`refs/tags/${tag}`) === head;
    if (upToDate) say(`✓ ${branch} and ${tag} are on ${remoteUrl} already`);
    else if (options.dryRun) say(`… would push ${branch} and ${tag} to ${remoteUrl}`);
    else {
      say(`+ pushing ${branch} and ${tag} to ${remoteUrl}`);
      const result = await push(
        repo,
        options.remote,
        [`refs/heads/${branch}:refs/heads/${branch}`, `refs/tags/${tag}:refs/tags/${tag}`],
        process.stderr,
      );
      if (!result.ok) {
        throw new UserError(
          `Not pushed: ${remoteUrl} refused the push (${result.problem}):\n${result.detail}`,
          `${remoteAdvice(result.problem!, remoteUrl, TOKEN_NAMES)}\nYour commit ${head.slice(0, 12)} and the tag ${tag} are kept here; nothing was forced.${options.bump ? ' Run publish again without --bump: the release commit is made.' : ''}`,
          1,
        );
      }
      await setUpstream(repo, options.remote, branch);
    }
    pushedTo = sameRepo(remoteUrl, info.sourceCode) ? undefined : remoteUrl;
  }

  // 4. The marketplace request.
  const entry: WantedEntry = { name: info.name, url: info.sourceCode!.replace(/\/+$/, ''), branch, commit: head };
  // The request is about the source_code repository, which may not be the one pushed to.
  const source = githubRepository(entry.url);
  const sourceExists = sameRepo(remoteUrl, entry.url)
    ? repositoryExists
    : github && source
      ? (await github.repo(source.fullName)) !== undefined
      : false;
  const facts: RequestFacts = { info, entry, tag, repositoryExists: sourceExists, pushedTo, verdicts: checks.passed, login };
  const workspace = await CatalogWorkspace.open(gitEnv, TOKEN_NAMES);
  try {
    if (options.catalog) await requestInCatalog(workspace, options.catalog, entry, options.dryRun);
    else if (options.pr) await requestByPull(workspace, github, catalogUrl, facts, options.dryRun);
    else await requestByIssue(workspace, github, catalogUrl, facts, options.dryRun);
  } finally {
    await workspace.close();
  }
  if (!pushable && !options.dryRun)
    say(`Once ${target?.fullName ?? remoteUrl} exists and you may write to it, run publish again to push ${tag}.`);
  say(`Check where it stands with: ai4os-module publish --status`);
  return 0;
}

/**
 * The remote cannot be read: create the GitHub repository when it is missing and the user may
 * (their own account, an organisation that lets them), else leave the push for a later run
 * (ai4os-hub: the marketplace request asks the maintainers to create it), or stop.
 */
async function missingRepository(
  remote: RemoteFailure,
  remoteUrl: string,
  target: ReturnType<typeof githubRepository>,
  github: GitHub | undefined,
  info: ModuleInfo,
  dryRun: boolean,
): Promise<{ pushable: boolean; repositoryExists: boolean; login?: string }> {
  const missing = remote.problem === 'missing' || (remote.problem === 'denied' && !github);
  if (!missing)
    throw new UserError(
      `Not published: cannot read ${remoteUrl}:\n${remote.detail}`,
      `${remoteAdvice(remote.problem, remoteUrl, TOKEN_NAMES)} Nothing was tagged or pushed.`,
      1,
    );
  if (github && target) {
    const { login } = await github.user();
    if (await github.repo(target.fullName)) {
      throw new UserError(
        `Not published: ${target.fullName} exists on GitHub but git cannot read it:\n${remote.detail}`,
        remoteAdvice('denied', remoteUrl, TOKEN_NAMES),
        1,
      );
    }
    if (target.owner === login || (await github.mayCreateIn(target.owner))) {
      say(`${dryRun ? '… would create' : '+ creating'} the repository ${target.fullName} on GitHub`);
      if (!dryRun) await github.createRepo(target.owner, target.name, login, info.summary);
      return { pushable: true, repositoryExists: true, login };
    }
    say(`! ${target.fullName} does not exist and you may not create it there: the marketplace request asks the maintainers to.`);
    return { pushable: false, repositoryExists: false, login };
  }
  if (target && target.owner !== 'ai4os-hub')
    throw new UserError(
      `Not published: ${remoteUrl} does not exist (or you may not read it).`,
      remoteAdvice('missing', remoteUrl, TOKEN_NAMES),
      1,
    );
  say(`! ${remoteUrl} does not exist (or is private): the marketplace request asks the maintainers to create it.`);
  return { pushable: false, repositoryExists: false };
}

async function requestInCatalog(workspace: CatalogWorkspace, catalog: string, entry: WantedEntry, dryRun: boolean): Promise<void> {
  const branch = `add-${entry.name}`;
  const outcome = await workspace.addEntry(catalog, catalog, branch, entry, `Add ${entry.name}`, dryRun);
  if (outcome.kind === 'listed') say(`✓ ${entry.name} is in the catalog ${catalog} already (${outcome.snapshot.branch})`);
  else if (outcome.kind === 'unchanged') say(`✓ the branch ${branch} of ${catalog} holds the entry already; nothing pushed`);
  else
    say(
      `${dryRun ? '… would push' : '+ pushed'} the branch ${branch} to ${catalog} with:\n${entryLines(entry)
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );
}

async function requestByIssue(
  workspace: CatalogWorkspace,
  github: GitHub | undefined,
  catalogUrl: string,
  facts: RequestFacts,
  dryRun: boolean,
): Promise<void> {
  const { entry } = facts;
  const snapshot = await workspace.defaultBranch(catalogUrl);
  if (findEntry(snapshot.entries, entry.name, entry.url)) {
    say(`✓ ${entry.name} is in the catalog ${CATALOG_REPO} already (${snapshot.branch}); nothing to request`);
    return;
  }
  const title = requestTitle(entry.name);
  if (!github) {
    const body = requestBody(facts);
    say('');
    say(`To ask for the marketplace entry, open this issue (no token was found in ${TOKEN_NAMES}):`);
    say(newIssueUrl(CATALOG_REPO, title, body));
    say('');
    say('Then: a maintainer creates the repository in ai4os-hub if needed and gives you write access, you push');
    say('(publish again), and a maintainer adds the module to the catalog. It appears about 6 hours later.');
    return;
  }
  facts.login ??= (await github.user()).login;
  const existing = await findRequest(github, facts.login, entry.url, title);
  if (existing) {
    say(`✓ requested already: ${existing.html_url} (${existing.state})`);
    return;
  }
  if (dryRun) {
    say(`… would open the issue "${title}" in ${CATALOG_REPO}`);
    return;
  }
  const body = requestBody(facts);
  let issue: GitHubIssue;
  try {
    issue = await github.createIssue(CATALOG_REPO, title, body);
  } catch (error) {
    // The answer may have been lost after GitHub created it: look before saying it failed.
    const found = (error as { uncertain?: boolean }).uncertain ? await findRequest(github, facts.login, entry.url, title) : undefined;
    if (!found) throw error;
    issue = found;
  }
  say(`+ opened ${issue.html_url}`);
}

async function findRequest(github: GitHub, login: string, url: string, title: string): Promise<GitHubIssue | undefined> {
  const marker = requestMarker(url);
  const mine = await github.issuesBy(CATALOG_REPO, login);
  return (
    mine.find((issue) => issue.title === title || issue.body?.includes(marker)) ??
    (await github.searchIssues(CATALOG_REPO, url)).find((issue) => issue.body?.includes(url) || issue.title === title)
  );
}

async function requestByPull(
  workspace: CatalogWorkspace,
  github: GitHub | undefined,
  catalogUrl: string,
  facts: RequestFacts,
  dryRun: boolean,
): Promise<void> {
  if (!github)
    throw new UserError(
      `--pr needs a GitHub token: set ${TOKEN_NAMES} (or log in with \`gh auth login\`).`,
      'Or leave out --pr: publish then prints the URL of a prefilled issue.',
      1,
    );
  const { entry } = facts;
  const branch = `add-${entry.name}`;
  facts.login ??= (await github.user()).login;
  if (dryRun) {
    const snapshot = await workspace.defaultBranch(catalogUrl);
    if (findEntry(snapshot.entries, entry.name, entry.url)) say(`✓ ${entry.name} is in the catalog already`);
    else say(`… would fork ${CATALOG_REPO}, push ${branch} with the entry and open a pull request`);
    return;
  }
  const fork = await github.fork(CATALOG_REPO);
  await forkReady(workspace, fork.clone_url);
  const outcome = await workspace.addEntry(catalogUrl, fork.clone_url, branch, entry, `Add ${entry.name}`, false);
  if (outcome.kind === 'listed') {
    say(`✓ ${entry.name} is in the catalog ${CATALOG_REPO} already; nothing to request`);
    return;
  }
  say(
    outcome.kind === 'unchanged'
      ? `✓ ${fork.full_name} has the branch ${branch} with the entry already`
      : `+ pushed ${branch} to ${fork.full_name}`,
  );
  const head = `${fork.owner.login}:${branch}`;
  const [existing] = await github.pullsFrom(CATALOG_REPO, head);
  if (existing) {
    say(`✓ pull request open already: ${existing.html_url} (${existing.state})`);
    return;
  }
  const base = (await workspace.defaultBranch(catalogUrl)).branch;
  const pull = await github.createPull(CATALOG_REPO, head, base, requestTitle(entry.name), requestBody(facts));
  say(`+ opened ${pull.html_url}`);
}

/** GitHub makes a new fork in the background: wait (a little) until git can read it. */
async function forkReady(workspace: CatalogWorkspace, url: string): Promise<void> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    if ((await listRemote(workspace.repo, url)).ok) return;
    await new Promise((done) => setTimeout(done, 2000 * attempt));
  }
}

/** The URL of a remote name (or the URL given as --remote). */
async function resolveRemote(repo: Repo, remote: string, info: ModuleInfo): Promise<string> {
  if (/[:/]/.test(remote)) return remote;
  try {
    // As configured: `git remote get-url` would apply url.<base>.insteadOf rewrites.
    return await repo.text(['config', '--get', `remote.${remote}.url`]);
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    throw new UserError(
      `The module has no git remote '${remote}'.`,
      `Add it: git remote add ${remote} ${info.sourceCode ?? `https://github.com/ai4os-hub/${info.name}`}.git (or name one with --remote URL).`,
    );
  }
}

async function setUpstream(repo: Repo, remote: string, branch: string): Promise<void> {
  if (/[:/]/.test(remote)) return;
  if (await repo.succeeds(['rev-parse', '--abbrev-ref', `${branch}@{upstream}`])) return;
  await repo.run(['branch', '--quiet', `--set-upstream-to=${remote}/${branch}`, branch]).catch(() => undefined);
}

/** `owner/name` of a GitHub remote URL (https or scp-like), if it is one. */
export function githubRepository(url: string): { owner: string; name: string; fullName: string } | undefined {
  const match =
    /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  return match ? { owner: match[1]!, name: match[2]!, fullName: `${match[1]}/${match[2]}` } : undefined;
}

function sameRepo(remoteUrl: string, sourceCode: string | undefined): boolean {
  const a = githubRepository(remoteUrl);
  const b = sourceCode ? githubRepository(sourceCode) : undefined;
  return a !== undefined && b !== undefined && a.fullName.toLowerCase() === b.fullName.toLowerCase();
}

/** The GitHub CLI's token, when it is installed and logged in (read from its stdout, never from argv). */
function ghToken(): Promise<Secret | undefined> {
  return new Promise((resolve) => {
    const child = spawn('gh', ['auth', 'token'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      const value = Buffer.concat(out).toString('utf8').trim();
      resolve(code === 0 && value && !/\s/.test(value) ? { value, source: '`gh auth token`' } : undefined);
    });
  });
}
