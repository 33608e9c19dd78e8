// Figures for `validate`: one file as a whole process beside `node -e 0`, and 400
// files in one call against the reference (`ai4-metadata validate`, from the test venv)
// started once per file, as CI runs it, and once for all the files.
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_BASELINE, ROOT, median, report, tempDir, timeProcess, timedNode } from './lib.mjs';

const CLI = join(ROOT, 'dist/cli.js');
const REFERENCE = join(ROOT, '.cache/python-venv/bin/ai4-metadata');
const SAMPLES = join(ROOT, 'test/fixtures/ai4-metadata/instances/valid');
const FILES = 400;

/** 400 valid metadata files: the reference's samples and a generated module's, varied. */
function writeFiles(dir) {
  const module = tempDir();
  timeProcess(process.execPath, [join(ROOT, 'dist/create.cjs'), 'bench-model', '--yes', '--no-git', '--author', 'Jane Doe <jane@uni.eu>'], {
    cwd: module,
  });
  const bases = [
    readFileSync(join(module, 'bench-model/ai4-metadata.yml'), 'utf8'),
    readFileSync(join(SAMPLES, 'sample-v2.mods.yaml'), 'utf8'),
    readFileSync(join(SAMPLES, 'sample-v2.pytho.json'), 'utf8'),
  ];
  rmSync(module, { recursive: true, force: true });
  const names = [];
  for (let i = 0; i < FILES; i++) {
    const base = bases[i % bases.length];
    const json = base.trimStart().startsWith('{');
    const name = `m${String(i).padStart(3, '0')}.${json ? 'json' : 'yml'}`;
    writeFileSync(join(dir, name), json ? base.replace('"title": "', `"title": "${i} `) : base.replace(/^title: /m, `title: ${i} `));
    names.push(name);
  }
  return names;
}

/** Files meant to exhaust a loader: each must end quickly with a clear error (exit 4). */
function writeHostileFiles(dir) {
  writeFileSync(join(dir, 'huge.yml'), '');
  truncateSync(join(dir, 'huge.yml'), 50 * 1024 * 1024);
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const [i, name] of [...'bcdefghi'].entries()) bomb.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
  writeFileSync(join(dir, 'bomb.yml'), `${bomb.join('\n')}\n`);
  writeFileSync(join(dir, 'deep.json'), `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  writeFileSync(join(dir, 'deep.yml'), `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  // Targets: the bounds the tests asserted before speed left them.
  return [
    ['a 50 MB file', 'huge.yml', '<= 5 s'],
    ['an alias bomb (10^9 nodes)', 'bomb.yml', '<= 2 s'],
    ['JSON nested 100000 deep', 'deep.json', '<= 5 s'],
    ['YAML nested 100000 deep', 'deep.yml', '<= 5 s'],
  ];
}

export async function run() {
  console.log('Validate');
  const dir = tempDir('ai4os-bench-validate-');
  mkdirSync(dir, { recursive: true });
  const names = writeFiles(dir);
  const one = names[0];

  report('node -e 0 (Node start, for comparison)', NODE_BASELINE(), '-');
  report(
    'ai4os-module validate FILE (one file, whole process)',
    timedNode(15, process.execPath, [CLI, 'validate', '-q', one], () => ({ cwd: dir })),
    '<= 0.15 s',
  );

  const hostile = tempDir('ai4os-bench-hostile-');
  for (const [what, file, target] of writeHostileFiles(hostile)) {
    report(
      `ai4os-module validate, ${what} (exit 4)`,
      median(5, process.execPath, [CLI, 'validate', '-q', file], () => ({ cwd: hostile, status: 4 })),
      target,
    );
  }
  rmSync(hostile, { recursive: true, force: true });

  const ours = median(5, process.execPath, [CLI, 'validate', '-q', ...names], () => ({ cwd: dir }));
  report(`ai4os-module validate ${FILES} files, one call`, ours, '-');
  if (!existsSync(REFERENCE)) {
    console.log(`  (no reference at ${REFERENCE}: run the tests once to create the venv)`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  let perFile = 0;
  for (const name of names) perFile += timeProcess(REFERENCE, ['validate', '-q', name], { cwd: dir });
  const once = median(3, REFERENCE, ['validate', '-q', ...names], () => ({ cwd: dir }));
  report(`ai4-metadata validate, started once per file (${FILES} runs)`, perFile, '-');
  report(`ai4-metadata validate, ${FILES} files in one run`, once, '-');
  report('throughput vs the reference once per file', `${(perFile / ours).toFixed(1)}x`, '>= 20x');
  report('throughput vs the reference in one run', `${(once / ours).toFixed(1)}x`, '-');
  rmSync(dir, { recursive: true, force: true });
}

// `node scripts/bench/validate.mjs` runs this one alone.
if (import.meta.url === `file://${process.argv[1]}`) await run();
