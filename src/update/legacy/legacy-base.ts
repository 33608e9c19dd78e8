/**
 * The merge base of an adopted module that an official cookiecutter template made: what
 * that template would have produced with the adopted answers (ported.ts, detect.ts,
 * context.ts). With it the first update changes an untouched template file cleanly and
 * only the owner's own edits can conflict, as `cruft link` would, without the old
 * template's repository.
 *
 * Only the files our template also writes are in the base: a file of the old template that
 * ours does not make is the owner's now (a base holding it would make the update delete it).
 */
import type { Answers } from '../../answers/questions.js';
import type { Repo } from '../../git.js';
import { compileWithLocals } from '../../render/compile.js';
import { listTemplates, outputPath } from '../../render/template-set.js';
import type { RenderedFiles } from '../../render/render.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRegularFile, readFiles, readTree } from '../tree.js';
import { isVersion } from '../version.js';
import { legacyContext, type LegacyContext } from './context.js';
import { type Detection, detectLegacyTemplate } from './detect.js';
import { type Layout, LEGACY_TEMPLATES, type LegacyTemplate, legacyTemplateDir } from './ported.js';

export interface LegacyBase {
  template: LegacyTemplate;
  version: string;
  /** The old template's output for the paths our template writes too. */
  files: RenderedFiles;
}

/** The files detection and the context read; each is small in a module the templates made. */
const READ = ['ai4-metadata.yml', 'metadata.json', 'pyproject.toml', 'setup.cfg', 'Dockerfile', 'JenkinsConstants.groovy'];
const MAX_READ_BYTES = 1024 * 1024;

/**
 * The ported version to render, of the module's layout: the one claimed, else the nearest of
 * the same major version, or the latest when the label names another template (`note` says
 * which); else none (`note` says why).
 */
export function portedVersion(detection: Detection): { version?: string; note?: string } {
  const { template, claimed, label, layout } = detection;
  const ported = LEGACY_TEMPLATES[template].ported.filter((p) => p.layout === layout).map((p) => p.version);
  if (ported.length === 0) {
    return { note: `${template}${claimed ? ` ${claimed}` : ''} (${LAYOUT_WORDS[layout]}), whose output is not ported` };
  }
  if (claimed && ported.includes(claimed)) return { version: claimed };
  if (claimed && isVersion(claimed)) {
    // Another major version made other files (ai4-template 1.x: two repositories): no base is better than a wrong one.
    const major = (v: string) => v.split('.')[0];
    const same = ported.filter((v) => major(v) === major(claimed));
    if (same.length === 0) return { note: `${template} ${claimed}, of a major version not ported (ported: ${ported.join(', ')})` };
    const version = same.sort((a, b) => Math.abs(weight(a) - weight(claimed)) - Math.abs(weight(b) - weight(claimed)))[0]!;
    return { version, note: `it says ${claimed}, which is not ported: the nearest ported version` };
  }
  const version = ported[0]!;
  return { version, note: `its label, ${label}, names another template, but its files are ${template}'s: the latest ported version` };
}

const LAYOUT_WORDS: Record<Layout, string> = {
  pyproject: 'pyproject.toml',
  adv: 'pyproject.toml mapping api/ into the package',
  child: 'a child module',
  pbr: 'setup.cfg with pbr',
};

const weight = (v: string) => {
  const [major, minor, patch] = v.split(/[.+-]/).map(Number);
  return (major ?? 0) * 1e6 + (minor ?? 0) * 1e3 + (patch ?? 0);
};

export function renderLegacy(template: LegacyTemplate, version: string, c: LegacyContext): RenderedFiles {
  const dir = join(legacyTemplateDir(template, version), 'files');
  const names = { packageName: String(c.__model_source ?? c.__app_name), repoName: String(c.__repo_name) };
  const files: RenderedFiles = new Map();
  for (const path of listTemplates(dir)) {
    const render = compileWithLocals<{ c: LegacyContext }>(readFileSync(join(dir, path), 'utf8'), path, ['c']);
    files.set(outputPath(path, names), render({ c }));
  }
  return files;
}

export interface LegacyBaseRequest {
  repo: Repo;
  head: string;
  answers: Answers;
  /** YYYY-MM-DD, the module's creation (the templates wrote the day they ran). */
  created: string;
  /** Our template's output: only its paths go into the base. */
  theirs: RenderedFiles;
  print: (text: string) => void;
}

/** The legacy base of the module at `head`, or undefined (then adopt's empty base), saying which and why. */
export async function legacyBase(request: LegacyBaseRequest): Promise<LegacyBase | undefined> {
  const tree = await readTree(request.repo, request.head);
  const paths = new Set([...tree].filter(([, entry]) => isRegularFile(entry)).map(([path]) => path));
  const blobs = await readFiles(request.repo, tree, READ, MAX_READ_BYTES);
  const texts = new Map([...blobs].map(([path, blob]) => [path, blob.toString('utf8')]));
  const read = (path: string) => texts.get(path);
  const detection = detectLegacyTemplate(paths, read);
  if (!detection) return undefined;
  const { version, note } = portedVersion(detection);
  if (!version) {
    request.print(`The module looks made by ${note}: the base is empty, as for a module made by hand.`);
    return undefined;
  }
  const rendered = renderLegacy(
    detection.template,
    version,
    legacyContext(detection, version, request.answers, request.created, read, paths),
  );
  const files: RenderedFiles = new Map([...rendered].filter(([path]) => request.theirs.has(path)));
  request.print(
    `The module looks made by ${detection.template} ${version}${note ? ` (${note})` : ''}: the base of the first update is that template's output for your answers (${files.size} files our template also writes), so only your own edits can conflict.`,
  );
  return { template: detection.template, version, files };
}
