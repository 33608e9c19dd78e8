/**
 * Everything checked before anything leaves the machine: the metadata as both the hub's
 * Jenkins (schema 2.0.0) and the platform API (the latest schema) read it, the platform's own
 * rule on links.source_code, the module files `validate .` checks (LICENSE among them), a
 * clean tree on a branch, a VERSION not yet released, and the module's own tests.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../validate/findings.js';
import { validateTargets } from '../validate/command.js';
import { LATEST_SCHEMA_VERSION } from '../validate/schemas.js';
import { HUB_SCHEMA_VERSION } from '../validate/schema-choice.js';
import { PLATFORM_SOURCE_ORGS } from '../validate/warnings.js';
import type { Repo } from '../git.js';
import { METADATA_FILE, type ModuleInfo } from './module-info.js';
import { isVersion, tagOf } from './version.js';

export interface Problem {
  /** What is wrong, naming the file or the field. */
  message: string;
  /** What to do. */
  fix: string;
}

export interface Preflight {
  problems: Problem[];
  /** One line per check that passed, for the report and the marketplace request. */
  passed: string[];
  /** The branch HEAD is on. */
  branch?: string;
  head?: string;
  /** The release tag exists already, on HEAD (a rerun after a push that failed). */
  tagOnHead: boolean;
}

export interface PreflightInput {
  repo: Repo;
  info: ModuleInfo;
  /** The version to release: VERSION, or what --bump will make of it. */
  version: string;
  /** The refs of the remote, when it could be read. */
  remoteRefs?: Map<string, string>;
  skipTests: boolean;
  /** A --bump is to come: the tree may not have the new VERSION yet. */
  bumping: boolean;
}

export async function preflight(input: PreflightInput): Promise<Preflight> {
  const { info } = input;
  const result: Preflight = { problems: [], passed: [], tagOnHead: false };
  await checkMetadata(info.dir, result);
  checkSourceCode(info, result);
  await checkGit(input, result);
  if (!input.skipTests && result.problems.length === 0) await checkTests(info.dir, result);
  if (input.skipTests) result.passed.push('tests skipped (--skip-tests)');
  return result;
}

async function checkMetadata(dir: string, result: Preflight): Promise<void> {
  for (const [version, target, who] of [
    [HUB_SCHEMA_VERSION, METADATA_FILE, "the hub's Jenkins"],
    [LATEST_SCHEMA_VERSION, '.', 'the platform API'],
  ] as const) {
    const [report] = await validateTargets(
      { targets: [target], metadataVersion: version, quiet: true, strict: false, format: 'text' },
      dir,
    );
    const errors = report!.errors;
    if (errors.length === 0) {
      result.passed.push(`metadata valid with schema ${version} (as ${who} checks it)${target === '.' ? ', module files checked' : ''}`);
      continue;
    }
    for (const error of errors) {
      result.problems.push({
        message: `${place(error)}: ${error.message} (schema ${version}, as ${who} checks it)`,
        fix: error.hint ?? `Fix it, then check with: ai4os-module validate --metadata-version ${version} ${target}`,
      });
    }
  }
}

function place(finding: Finding): string {
  return `${finding.file}${finding.line !== undefined ? `:${finding.line}:${finding.column ?? 1}` : ''}${finding.path ? ` ${finding.path}` : ''}`;
}

function checkSourceCode(info: ModuleInfo, result: Preflight): void {
  const orgs = PLATFORM_SOURCE_ORGS.join('|');
  if (info.sourceCode && new RegExp(`^https://github\\.com/(${orgs})/[\\w.-]+/?$`).test(info.sourceCode)) {
    result.passed.push(`links.source_code under github.com/${/github\.com\/([^/]+)/.exec(info.sourceCode)![1]}`);
    return;
  }
  result.problems.push({
    message: `${METADATA_FILE}: links.source_code is ${info.sourceCode ? `'${info.sourceCode}'` : 'missing'}; the platform lists only modules whose source code is under https://github.com/ai4os-hub/ (or ai4os/, deephdc/) and shows any other as a placeholder tagged "invalid metadata"`,
    fix: `Set links.source_code to https://github.com/ai4os-hub/${info.name}, the repository the maintainers create for the module.`,
  });
}

async function checkGit(input: PreflightInput, result: Preflight): Promise<void> {
  const { repo, info, version } = input;
  const branch = await repo.text(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => undefined);
  if (!branch) {
    result.problems.push({ message: 'HEAD is not on a branch (detached)', fix: 'Switch to the branch to publish: git switch main' });
  } else {
    result.branch = branch;
  }
  const head = await repo.text(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => undefined);
  if (!head) {
    result.problems.push({
      message: 'The repository has no commit yet',
      fix: 'Commit the module: git add -A && git commit -m "First version"',
    });
    return;
  }
  result.head = head;
  // The tag (and a --bump commit) record who made them.
  if (!(await repo.succeeds(['var', 'GIT_COMMITTER_IDENT']))) {
    result.problems.push({
      message: 'git does not know who you are (user.name and user.email are not set)',
      fix: 'Set them: git config --global user.name "Your Name" && git config --global user.email you@example.org',
    });
  }
  const dirty = await repo.text(['status', '--porcelain', '--untracked-files=normal']);
  if (dirty) {
    const files = dirty
      .split('\n')
      .slice(0, 8)
      .map((line) => line.slice(3));
    result.problems.push({
      message: `The working tree has changes that are not committed: ${files.join(', ')}${dirty.split('\n').length > 8 ? ', …' : ''}`,
      fix: 'Commit them (git add -A && git commit) or put them aside (git stash -u); publish releases what is committed.',
    });
  } else {
    result.passed.push(`clean tree on ${branch ?? 'a detached HEAD'}`);
  }
  if (!isVersion(info.version)) {
    result.problems.push({
      message: `VERSION is '${info.version}', which is not a version like 1.2.3`,
      fix: 'Write a version such as 0.1.0 into VERSION and commit it.',
    });
    return;
  }
  const tag = tagOf(version);
  const local = await repo.text(['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`]).catch(() => undefined);
  const remote = input.remoteRefs?.get(`refs/tags/${tag}`);
  const released = [local, remote].find((commit) => commit !== undefined && (commit !== head || input.bumping));
  if (released) {
    result.problems.push({
      message: `Version ${version} is released already: the tag ${tag} ${local === released ? '' : 'on the remote '}is on commit ${released.slice(0, 12)}, not on this one`,
      fix: 'Raise the version: publish --bump patch (or minor, major), which updates VERSION and the metadata and commits.',
    });
    return;
  }
  result.tagOnHead = local === head;
  result.passed.push(`version ${version} not released yet${result.tagOnHead ? ` (the tag ${tag} is on this commit already)` : ''}`);
}

async function checkTests(dir: string, result: Preflight): Promise<void> {
  const local = ['.venv', 'venv'].map((venv) => join(dir, venv, 'bin', 'pytest')).find((path) => existsSync(path));
  const outcome = await runProgram(local ?? 'pytest', ['-q', '-p', 'no:cacheprovider'], dir);
  if (outcome === 'missing') {
    result.problems.push({
      message: 'pytest is not installed, so the module tests cannot run',
      fix: 'Install the test requirements (pip install -r requirements-test.txt), or pass --skip-tests.',
    });
  } else if (outcome.code === 0 || outcome.code === 5) {
    // 5: no tests collected, which is not a failure of the module.
    result.passed.push(outcome.code === 0 ? 'module tests pass (pytest)' : 'no module tests found (pytest)');
  } else {
    const tail = outcome.output.trim().split('\n').slice(-15).join('\n');
    result.problems.push({
      message: `The module tests fail (pytest exit ${outcome.code}):\n${tail}`,
      fix: 'Make them pass (run pytest in the module), or pass --skip-tests to publish without them.',
    });
  }
}

function runProgram(command: string, args: string[], cwd: string): Promise<{ code: number; output: string } | 'missing'> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve('missing') : reject(error)));
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}
