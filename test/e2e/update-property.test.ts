/**
 * Property-based tests of update (fast-check): random owner edits on a module created with
 * the fixture template 0.9.0 (lines added, changed, removed; files added, deleted, renamed),
 * then an update to the installed 1.0.0.
 *  1. Every line the owner wrote survives; every base line both the owner and the template
 *     changed is inside a conflict, and git lists exactly the files with markers as unmerged;
 *     files the owner left alone become the template's new version; deletions stay.
 *  2. With edits that keep the module sound, a clean update leaves a module that the
 *     metadata validator accepts and whose own tests pass.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers/questions.js';
import type { RenderedFiles } from '../../src/render/render.js';
import { metadataMemoryInMegabytes } from '../../src/update/migrations.js';
import { update } from '../../src/update/update.js';
import { venvBin } from '../support/python.js';
import { runAsync } from '../support/spawn.js';
import { answersWith, createdRepo, filesAt090, filesAtCurrent, git, removeDir, runCli, tempDir, unmerged } from '../update/support.js';

const YO_RC = '.yo-rc.json';
const RENAMED_BY_MIGRATION: Record<string, string> = { 'tests/test_deepaas.py': 'tests/test_api.py' };

/** A line of the owner's file: its text, and its index in the 0.9.0 file while unchanged. */
interface Line {
  text: string;
  base?: number;
}

interface OwnerFile {
  lines: Line[];
  /** The 0.9.0 path it comes from; undefined for the owner's own files. */
  origin?: string;
  renamed: boolean;
}

type LineOp = { kind: 'add' | 'change' | 'remove'; at: number };
type Op =
  | { kind: 'edit'; file: number; ops: LineOp[] }
  | { kind: 'addFile'; name: string }
  | { kind: 'deleteFile'; file: number }
  | { kind: 'renameFile'; file: number };

interface Owner {
  files: Map<string, OwnerFile>;
  /** Lines the owner wrote, by current path. */
  written: Map<string, string[]>;
  /** Base lines the owner replaced: base path, index, the owner's line. */
  changed: Array<{ origin: string; index: number; marker: string; path: string }>;
  deleted: Set<string>;
  ownFiles: Map<string, string>;
}

const toLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
const fromLines = (lines: Line[]): string => (lines.length === 0 ? '' : `${lines.map((l) => l.text).join('\n')}\n`);

/** How the owner writes a line in a file: a comment where a comment keeps the file sound. */
interface Dialect {
  /** The line to write, or undefined when the file is not edited by lines. */
  line(path: string, marker: string): string | undefined;
  /** Whether a line may be changed or removed. */
  mutable(path: string, line: Line, previous: Line | undefined): boolean;
  /** Whether a line may be inserted before index `at`. */
  insertable(path: string, lines: Line[], at: number): boolean;
  /** Whether the file may be deleted or renamed. */
  removable(path: string): boolean;
}

const anything: Dialect = {
  line: (_, marker) => `${marker} written by the owner`,
  mutable: () => true,
  insertable: () => true,
  removable: () => true,
};

function applyOps(base: RenderedFiles, ops: Op[], dialect: Dialect, ownFile: (name: string) => string): Owner {
  const files = new Map<string, OwnerFile>();
  for (const [path, text] of base) {
    if (path !== YO_RC) files.set(path, { lines: toLines(text).map((t, i) => ({ text: t, base: i })), origin: path, renamed: false });
  }
  const owner: Owner = { files, written: new Map(), changed: [], deleted: new Set(), ownFiles: new Map() };
  let counter = 0;
  const templateFiles = () => [...files.keys()].filter((p) => files.get(p)!.origin !== undefined).sort();
  for (const op of ops) {
    const candidates = templateFiles();
    if (op.kind === 'addFile') {
      if (!files.has(op.name)) {
        const text = ownFile(op.name);
        files.set(op.name, { lines: toLines(text).map((t) => ({ text: t })), renamed: false });
        owner.ownFiles.set(op.name, text);
      }
      continue;
    }
    const pool = op.kind === 'edit' ? candidates : candidates.filter((p) => dialect.removable(p));
    if (pool.length === 0) continue;
    const path = pool[op.file % pool.length]!;
    const file = files.get(path)!;
    if (op.kind === 'deleteFile') {
      files.delete(path);
      owner.written.delete(path);
      if (!file.renamed) owner.deleted.add(file.origin!);
      owner.changed = owner.changed.filter((c) => c.path !== path);
    } else if (op.kind === 'renameFile') {
      const to = `moved/${path}`;
      if (files.has(to) || file.renamed) continue;
      files.delete(path);
      files.set(to, { ...file, renamed: true });
      if (owner.written.has(path)) owner.written.set(to, owner.written.get(path)!);
      owner.written.delete(path);
      owner.changed = owner.changed.filter((c) => c.path !== path);
    } else {
      for (const { kind, at } of op.ops) {
        const marker = `OWNER-${++counter}`;
        const text = dialect.line(path, marker);
        if (text === undefined) continue;
        const lines = file.lines;
        if (kind === 'add') {
          const index = lines.length === 0 ? 0 : at % (lines.length + 1);
          if (!dialect.insertable(path, lines, index)) continue;
          lines.splice(index, 0, { text });
          owner.written.set(path, [...(owner.written.get(path) ?? []), text]);
          continue;
        }
        if (lines.length === 0) continue;
        const index = at % lines.length;
        const line = lines[index]!;
        if (!dialect.mutable(path, line, lines[index - 1])) continue;
        // The line replaced or removed may be one the owner wrote earlier.
        owner.written.set(
          path,
          (owner.written.get(path) ?? []).filter((w) => w !== line.text),
        );
        owner.changed = owner.changed.filter((c) => !(c.path === path && c.marker === line.text));
        if (kind === 'change') {
          lines[index] = { text };
          owner.written.get(path)!.push(text);
          if (line.base !== undefined && !file.renamed) owner.changed.push({ origin: file.origin!, index: line.base, marker: text, path });
        } else {
          lines.splice(index, 1);
        }
      }
    }
  }
  return owner;
}

/** Replace the working tree with the owner's files and commit them. */
function commitOwner(dir: string, owner: Owner): void {
  for (const entry of readdirSync(dir)) if (entry !== '.git' && entry !== YO_RC) rmSync(join(dir, entry), { recursive: true });
  for (const [path, file] of owner.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), fromLines(file.lines));
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'Owner edits');
}

/** Base line indices (0-based) the template changed or removed between two texts, by git diff. */
function templateTouched(before: string, after: string): Set<number> {
  const dir = tempDir('ai4os-diff-');
  try {
    writeFileSync(join(dir, 'a'), before);
    writeFileSync(join(dir, 'b'), after);
    const out = spawnSync('git', ['diff', '--no-index', '-U0', '--no-indent-heuristic', '--diff-algorithm=myers', 'a', 'b'], {
      cwd: dir,
      encoding: 'utf8',
    }).stdout;
    const touched = new Set<number>();
    for (const match of out.matchAll(/^@@ -(\d+)(?:,(\d+))? /gm)) {
      const [start, count] = [Number(match[1]), match[2] === undefined ? 1 : Number(match[2])];
      for (let i = 0; i < count; i++) touched.add(start - 1 + i);
    }
    return touched;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines between `<<<<<<< yours` and `=======`. */
function oursSideOfConflicts(text: string): Set<string> {
  const inside = new Set<string>();
  let state: 'out' | 'ours' | 'theirs' = 'out';
  for (const line of text.split('\n')) {
    if (line.startsWith('<<<<<<< ')) state = 'ours';
    else if (line === '=======' && state === 'ours') state = 'theirs';
    else if (line.startsWith('>>>>>>> ')) state = 'out';
    else if (state === 'ours') inside.add(line);
  }
  return inside;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .filter((path) => !path.startsWith('.git/'));
}

const readIn = (dir: string, path: string): string | undefined =>
  existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : undefined;

const lineOp = fc.record({ kind: fc.constantFrom('add', 'change', 'remove'), at: fc.nat(400) }) as fc.Arbitrary<LineOp>;
function opArbitrary(ownNames: string[]): fc.Arbitrary<Op> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('edit'), file: fc.nat(60), ops: fc.array(lineOp, { minLength: 1, maxLength: 6 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('addFile'), name: fc.constantFrom(...ownNames) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteFile'), file: fc.nat(60) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameFile'), file: fc.nat(60) }) },
  ) as fc.Arbitrary<Op>;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('update merges any owner edits without losing one', () => {
  let answers: Answers;
  let base: RenderedFiles;
  let theirs: RenderedFiles;
  /** 0.9.0 output after the migrations, by 1.0.0 path. */
  const migratedBase = new Map<string, string>();
  const touched = new Map<string, Set<number>>();

  beforeAll(async () => {
    answers = await answersWith();
    base = filesAt090(answers);
    theirs = filesAtCurrent(answers);
    for (const [path, text] of base) {
      if (path === YO_RC) continue;
      const to = RENAMED_BY_MIGRATION[path] ?? path;
      migratedBase.set(to, to === 'ai4-metadata.yml' ? metadataMemoryInMegabytes(text) : text);
      if (theirs.has(to)) touched.set(to, templateTouched(migratedBase.get(to)!, theirs.get(to)!));
    }
  });

  it('keeps every owner line; conflicts exactly where both changed a line', async () => {
    const ownNames = ['NOTES.md', 'owner/extra.py', '.dockerignore', 'docs/usage.md'];
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary(ownNames), { minLength: 1, maxLength: 8 }), async (ops) => {
        const owner = applyOps(base, ops, anything, (name) => `${name} is the owner's\nsecond line\n`);
        const dir = createdRepo(base, '0.9.0');
        dirs.push(dir);
        commitOwner(dir, owner);
        const outcome = await update({ cwd: dir, print: () => {} });
        const mapped = (path: string) => (owner.files.has(RENAMED_BY_MIGRATION[path] ?? '') ? path : (RENAMED_BY_MIGRATION[path] ?? path));

        // Every line the owner wrote is still there, in the file at the same (or migrated) path.
        for (const [path, lines] of owner.written) {
          const text = readIn(dir, mapped(path));
          expect(text, `${path} is gone`).toBeDefined();
          const present = new Set(text!.split('\n'));
          for (const line of lines) expect(present.has(line), `${line} lost from ${path}`).toBe(true);
        }
        // A base line both changed: a conflict, with the owner's line on the owner's side.
        const conflicted = new Set(unmerged(dir));
        for (const change of owner.changed) {
          const path = mapped(change.origin);
          const baseLines = toLines(migratedBase.get(path) ?? '');
          const unique = baseLines.filter((l) => l === baseLines[change.index]).length === 1;
          if (!unique || !touched.get(path)?.has(change.index)) continue;
          expect(conflicted.has(path), `${path}:${change.index + 1} changed by both, not in conflict`).toBe(true);
          expect(oursSideOfConflicts(readIn(dir, path)!).has(change.marker)).toBe(true);
        }
        // Git's index lists as unmerged exactly the files with conflict markers.
        const withMarkers = filesIn(dir).filter((p) => /^<<<<<<< yours$/m.test(readIn(dir, p)!));
        expect([...conflicted].sort()).toEqual(withMarkers.sort());
        expect(outcome.status).toBe(conflicted.size > 0 ? 'conflicts' : 'updated');
        // Files the owner did not touch become the template's; deleted ones stay deleted.
        for (const [path, text] of base) {
          if (path === YO_RC) continue;
          const file = owner.files.get(path);
          const to = mapped(path);
          if (owner.deleted.has(path)) {
            expect(readIn(dir, path), `${path} came back`).toBeUndefined();
            expect(readIn(dir, to), `${to} came back`).toBeUndefined();
          } else if (file && !file.renamed && fromLines(file.lines) === text && !owner.ownFiles.has(to)) {
            expect(readIn(dir, to), `${to} is not the template's`).toBe(theirs.get(to));
          }
        }
        // The owner's own files are as the owner wrote them.
        for (const [path, text] of owner.ownFiles) expect(readIn(dir, path)).toBe(text);
        removeDir(dir);
      }),
      { numRuns: 35 },
    );
  });
});

/** Comment syntax per file, for edits that keep the module sound. */
const COMMENT: Array<[RegExp, string]> = [
  [/\.(py|ya?ml|toml|txt)$|(^|\/)(Dockerfile|\.gitignore)$/, '#'],
  [/(^|\/)(Jenkinsfile|JenkinsConstants\.groovy)$/, '//'],
  [/\.md$/, ''],
];
const prefixOf = (path: string) => COMMENT.find(([pattern]) => pattern.test(path))?.[1];
const endsContinued = (line: Line | undefined) => line !== undefined && /\\\s*$/.test(line.text);

const sound: Dialect = {
  line: (path, marker) => {
    const prefix = prefixOf(path);
    if (prefix === undefined || path === 'VERSION') return undefined;
    return prefix === '' ? `${marker} written by the owner.` : `${prefix} ${marker} written by the owner`;
  },
  mutable: (path, line, previous) => {
    const prefix = prefixOf(path);
    if (prefix === undefined || endsContinued(previous)) return false;
    return prefix === '' || line.text.trim() === '' || line.text.trim().startsWith(prefix);
  },
  insertable: (path, lines, at) => prefixOf(path) !== undefined && !endsContinued(lines[at - 1]),
  // Only files no check requires are deleted or renamed.
  removable: (path) => ['.stestr.conf', 'models/.gitkeep', 'data/.gitkeep'].includes(path),
};

function validateCommandExists(): boolean {
  return /^\s+validate\s/m.test(runCli(['--help'], process.cwd()).stdout);
}

describe('a clean update leaves a sound module', () => {
  let counter = 0;
  it('accepted by the metadata validator, its own tests passing', async () => {
    const withValidate = validateCommandExists();
    const ownNames = ['OWNER_NOTES.md', 'tests/test_owner.py', '.dockerignore'];
    const ownFile = (name: string) =>
      name.endsWith('.py') ? 'def test_owner_was_here():\n    assert 1 + 1 == 2\n' : `${name} belongs to the owner\n`;
    let cleanRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary(ownNames), { minLength: 1, maxLength: 6 }), async (ops) => {
        counter += 1;
        const answers = await answersWith({ title: `Prop Module ${process.pid} ${counter}` });
        const base = filesAt090(answers);
        const owner = applyOps(base, ops, sound, ownFile);
        const dir = createdRepo(base, '0.9.0');
        dirs.push(dir);
        commitOwner(dir, owner);
        const outcome = await update({ cwd: dir, print: () => {} });
        if (outcome.status !== 'updated') return;
        cleanRuns += 1;
        await runAsync(venvBin('ai4-metadata'), ['validate', 'ai4-metadata.yml'], { cwd: dir });
        if (withValidate) {
          const validate = runCli(['validate', '.'], dir);
          expect(validate.code, validate.stdout + validate.stderr).toBe(0);
        }
        const pip = (args: string[]) => runAsync(venvBin('pip'), ['--disable-pip-version-check', '--quiet', ...args], { cwd: dir });
        await pip(['install', '--no-deps', '--no-build-isolation', '-e', dir]);
        try {
          await runAsync(venvBin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: dir });
        } finally {
          await pip(['uninstall', '--yes', answers.repoName]);
        }
        removeDir(dir);
      }),
      { numRuns: 8 },
    );
    expect(cleanRuns).toBeGreaterThan(0);
  });
});
