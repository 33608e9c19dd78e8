/**
 * Modules in real git repositories in temporary directories, created "with template 0.9.0"
 * or "with 1.0.0" (the fixtures test/fixtures/templates-*) or with the installed template, committed as
 * creation commits them (one commit with the pristine trailer), and helpers to read them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RawAnswers } from '../../src/answers/parse.js';
import type { Answers } from '../../src/answers/questions.js';
import { resolveAnswers } from '../../src/answers/resolve.js';
import { type RenderedFiles, loadTemplateSet, renderModule } from '../../src/render/render.js';
import { GENERATOR_VERSION } from '../../src/paths.js';
import type { Step } from '../../src/update/checkpoint.js';
import { pristineTrailer } from '../../src/update/pristine.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist/cli.js');
export const FIXTURE_090 = join(ROOT, 'test/fixtures/templates-0.9.0');
export const FIXTURE_100 = join(ROOT, 'test/fixtures/templates-1.0.0');
export const FIXTURE_110 = join(ROOT, 'test/fixtures/templates-1.1.0');
export const FIXTURE_120 = join(ROOT, 'test/fixtures/templates-1.2.0');
export const CREATED = '2025-01-15';
/** The template version this package installs: what an update goes to. */
export const INSTALLED_VERSION = loadTemplateSet().version;

/** Git with a fixed identity and no user or system configuration: tests do not depend on the machine. */
export const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Owner',
  GIT_AUTHOR_EMAIL: 'owner@example.org',
  GIT_COMMITTER_NAME: 'Owner',
  GIT_COMMITTER_EMAIL: 'owner@example.org',
};
// update() runs in this process and spawns git: give it the same environment.
Object.assign(process.env, GIT_ENV);

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).replace(/\n$/, '');
}

export async function answersWith(overrides: RawAnswers = {}): Promise<Answers> {
  return resolveAnswers({
    layers: [{ authors: 'Jane Doe <jane@uni.eu>', ...overrides }],
    context: { directoryName: 'demo-model' },
  });
}

/** `.yo-rc.json` as 0.9.0 stored it: the answer `data-type` (now `data-types`), no `gpu` question yet. */
export function as090YoRc(text: string): string {
  const data = JSON.parse(text) as Record<string, Record<string, unknown>>;
  const section = data['create-ai4os-module']!;
  const rewritten = Object.fromEntries(
    Object.entries(section)
      .filter(([key]) => key !== 'gpu')
      .map(([key, value]) => [key === 'data-types' ? 'data-type' : key, value]),
  );
  return `${JSON.stringify({ 'create-ai4os-module': rewritten }, null, 2)}\n`;
}

/** The files of a module created with template 0.9.0. */
export function filesAt090(answers: Answers): RenderedFiles {
  const files = renderModule({ answers, created: CREATED, generatorVersion: '0.0.9' }, loadTemplateSet(FIXTURE_090));
  files.set('.yo-rc.json', as090YoRc(files.get('.yo-rc.json')!));
  return files;
}

/** The files of a module created with template 1.0.0 (which stored the answers as today). */
export function filesAt100(answers: Answers): RenderedFiles {
  return renderModule({ answers, created: CREATED, generatorVersion: '0.1.0' }, loadTemplateSet(FIXTURE_100));
}

/** The files of a module created with template 1.1.0, whose `.yo-rc.json` had no variant nor framework yet. */
export function filesAt110(answers: Answers): RenderedFiles {
  const files = renderModule({ answers, created: CREATED, generatorVersion: '0.1.0' }, loadTemplateSet(FIXTURE_110));
  const data = JSON.parse(files.get('.yo-rc.json')!) as Record<string, Record<string, unknown>>;
  const { variant: _variant, framework: _framework, ...section } = data['create-ai4os-module']!;
  files.set('.yo-rc.json', `${JSON.stringify({ 'create-ai4os-module': section }, null, 2)}\n`);
  return files;
}

/** The files of a module created with template 1.2.0 (stored answers as today). */
export function filesAt120(answers: Answers): RenderedFiles {
  return renderModule({ answers, created: CREATED, generatorVersion: '0.1.0' }, loadTemplateSet(FIXTURE_120));
}

/** The files of a module created with the installed template. */
export function filesAtCurrent(answers: Answers): RenderedFiles {
  return renderModule({ answers, created: CREATED, generatorVersion: GENERATOR_VERSION }, loadTemplateSet());
}

export function writeFiles(dir: string, files: ReadonlyMap<string, string | Buffer>): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function tempDir(prefix = 'ai4os-update-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A repository with the files in one commit, marked as creation marks it. */
const createdModules: string[] = [];

/** A module created by template 0.9.0, in a new repository (in `dir`, or a temporary one); `removeCreatedModules` cleans up. */
export async function module090(dir?: string): Promise<string> {
  const made = createdRepo(filesAt090(await answersWith()), '0.9.0', dir);
  createdModules.push(made);
  return made;
}

/** For afterAll: removes every module `module090` made in this test file. */
export function removeCreatedModules(): void {
  createdModules.splice(0).forEach(removeDir);
}

export function createdRepo(files: RenderedFiles, templateVersion: string, dir = tempDir()): string {
  writeFiles(dir, files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Create demo-model with create-ai4os-module', '-m', pristineTrailer(templateVersion));
  return dir;
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export function edit(dir: string, path: string, change: (text: string) => string): void {
  writeFileSync(join(dir, path), change(read(dir, path)));
}

/** Status, HEAD, index and files: what an interrupted update must leave as it was. */
export function snapshot(dir: string): string {
  return [
    git(dir, 'rev-parse', 'HEAD'),
    spawnSync('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: dir }).stdout.toString(),
    git(dir, 'status', '--porcelain', '--untracked-files=all'),
    git(dir, 'ls-files', '-s'),
    git(dir, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard'),
    spawnSync('git', ['rev-parse', '--verify', '-q', 'MERGE_HEAD'], { cwd: dir }).stdout.toString(),
  ].join('\n--\n');
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function unmerged(dir: string): string[] {
  return [...new Set(git(dir, 'diff', '--name-only', '--diff-filter=U').split('\n').filter(Boolean))];
}

const HALTING_UPDATE = join(ROOT, 'test/update/halting-update.ts');
// tsx by its URL: `--import tsx` would be resolved from the module's directory.
const TSX = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, HALTING_UPDATE];

/** `update` killed (SIGKILL) at `step` by the test-only entry point test/update/halting-update.ts. */
export function killedUpdate(dir: string, step: Step, args: string[] = []) {
  const result = spawnSync(process.execPath, [...TSX, 'kill', step, ...args], {
    cwd: dir,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `update` stopped at `step`, in a process of its own: resolves once it is there, with
 * `resume()`, which lets it go on and resolves to how it ended.
 */
export function pausedUpdate(dir: string, step: Step, args: string[] = []) {
  const child = spawn(process.execPath, [...TSX, 'pause', step, ...args], { cwd: dir, env: { ...process.env, ...GIT_ENV } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ended = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return new Promise<{ resume: () => typeof ended }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes(`paused at ${step}\n`))
        resolve({
          resume: () => {
            child.stdin.end('go\n');
            return ended;
          },
        });
    });
    void ended.then((end) => reject(new Error(`update ended before ${step}: ${end.code}\n${end.stdout}\n${end.stderr}`)));
  });
}
