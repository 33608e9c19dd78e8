/**
 * Template files an update does not add, because the module is laid out its own way and the
 * file would change what it serves or how its tests run:
 *  - `pyproject.toml` next to the owner's setup.py/setup.cfg: a second packaging definition
 *    (pip would build from it: another distribution name, version and entry point);
 *  - `<pkg>/api.py` when the owner's `deepaas.v2.model` entry point is served from another
 *    file (a module elsewhere, an `api/` folder mapped by package-dir): a second API module,
 *    and with it the template modules only that API uses;
 *  - in an adopted module, the `<pkg>/api.py` that serves its entry point: it is the owner's,
 *    whichever template first wrote it, and the template's would serve another API;
 *  - files under `tests/` when the owner has tests of its own there: the template's
 *    fixtures (an autouse one in conftest.py), `__init__.py` (how pytest imports them) and
 *    tests of the template's API would run with them.
 * Each is held back with its reason, which update's report prints; `update --adopt-layout`
 * takes the template's layout instead (migrations.ts, `adopt-layout`).
 */
import { parsePyproject, PYPROJECT, TomlError } from '../module-files/pyproject.js';
import { DEEPAAS_GROUP, type EntryPoint, type PackageMetadata } from '../module-files/package-metadata.js';
import { declaresPackage, parseSetupCfg, SETUP_CFG, SETUP_PY } from '../module-files/setup-cfg.js';
import type { FileChanges, Migration } from './migrations.js';
import { comparePaths } from '../compare-paths.js';

/** The template's modules of the package that exist only for its API module. */
const API_COMPANIONS = ['config.py', 'model.py', 'schemas.py', 'responses.py', 'tracking.py'];

export type HeldReason = 'second-packaging' | 'second-api' | 'owner-api' | 'api-companion' | 'owner-tests' | 'template-tests';

export interface Held {
  path: string;
  reason: HeldReason;
  /** Why, in words, naming the owner's files. */
  why: string;
}

export interface LayoutInput {
  /** The owner's paths (HEAD, in the new layout). */
  ours: ReadonlySet<string>;
  /** The paths of the old template output, the merge base (empty for an adopted module). */
  base: ReadonlySet<string>;
  /** The paths of the new template output. */
  theirs: ReadonlySet<string>;
  packageName: string;
  /** The text of one of the owner's files (in the new layout), undefined when absent or unreadable. */
  read: (path: string) => string | undefined;
  /** The owner's `deepaas.v2.model` entry points, as HEAD declares them (`ownerEntryPoints`). */
  entryPoints: readonly EntryPoint[];
  /** The file a dotted module name is imported from, as setuptools maps it (undefined when none). */
  locate: (dotted: string) => string | undefined;
  /** `update --adopt-layout`: the template's tests are added next to the owner's. */
  adoptLayout?: boolean;
  /** The first update of an adopted module (its base is a legacy template's output, or nothing). */
  adopted?: boolean;
}

function shownPaths(paths: string[]): string {
  return paths.length === 1 ? paths[0]! : `${paths[0]} and ${paths.length - 1} more`;
}

/** The sections of setup.cfg about building the package (setuptools' and pbr's), which --adopt-layout removes. */
const PACKAGING_SECTION = /^(?:metadata|files|entry_points|options(?:\..*)?|pbr|global|sdist|bdist_wheel|wheel|egg_info|build_sphinx)$/;

/** Does setup.cfg declare the package, or only configure tools (flake8, pytest, ...)? */
function definesPackage(text: string | undefined): boolean {
  return text !== undefined && declaresPackage(parseSetupCfg(text).ini);
}

/** setup.cfg without its packaging sections; undefined when nothing else is left. */
export function withoutPackagingSections(text: string): string | undefined {
  const chunks: Array<{ section?: string; lines: string[] }> = [{ lines: [] }];
  for (const line of text.split(/(?<=\n)/)) {
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) chunks.push({ section: header[1]!.trim(), lines: [] });
    chunks.at(-1)!.lines.push(line);
  }
  const kept = chunks.filter((c) => c.section !== undefined && !PACKAGING_SECTION.test(c.section));
  if (kept.length === 0) return undefined;
  return [chunks[0]!, ...kept].map((c) => c.lines.join('')).join('');
}

/**
 * `update --adopt-layout`: the template's pyproject.toml becomes the packaging definition;
 * setup.py goes (setuptools would still run it, and pbr's would take over the build) and so
 * do setup.cfg's packaging sections (its tool sections stay). The distribution name, version
 * and entry point are answers, which the rendered pyproject.toml keeps.
 */
export const ADOPT_LAYOUT: Pick<Migration, 'id' | 'summary' | 'reads' | 'files'> = {
  id: 'adopt-layout',
  summary: "pyproject.toml replaces setup.py and setup.cfg's packaging sections",
  reads: [PYPROJECT, SETUP_PY, SETUP_CFG],
  files: (texts): FileChanges => {
    const changes: FileChanges = {};
    // Already packaged by a pyproject.toml of its own: that is the layout, nothing moves.
    if (texts[PYPROJECT] !== undefined) return changes;
    if (texts[SETUP_PY] !== undefined) changes[SETUP_PY] = null;
    const setupCfg = texts[SETUP_CFG];
    if (setupCfg !== undefined && definesPackage(setupCfg)) changes[SETUP_CFG] = withoutPackagingSections(setupCfg) ?? null;
    return changes;
  },
};

/** What the owner's packaging declares: pyproject.toml's, else setup.cfg's. */
export function ownerPackage(read: LayoutInput['read']): PackageMetadata | undefined {
  const pyproject = read(PYPROJECT);
  if (pyproject !== undefined) {
    try {
      const declared = parsePyproject(pyproject);
      if (declared.name || declared.entryPoints.length > 0) return declared;
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
    }
  }
  const setupCfg = read(SETUP_CFG);
  return setupCfg === undefined ? undefined : parseSetupCfg(setupCfg);
}

export function deepaasEntryPoints(pkg: PackageMetadata | undefined): EntryPoint[] {
  return (pkg?.entryPoints ?? []).filter((entry) => entry.group === DEEPAAS_GROUP);
}

/** The template files the update holds back, with why, in path order. */
export function heldFiles(input: LayoutInput): Held[] {
  const { ours, base, theirs, packageName } = input;
  const isNew = (path: string) => theirs.has(path) && !ours.has(path);
  const held: Held[] = [];

  const packaging = [SETUP_PY, SETUP_CFG].filter((path) => ours.has(path) && (path !== SETUP_CFG || definesPackage(input.read(path))));
  if (isNew(PYPROJECT) && packaging.length > 0) {
    held.push({
      path: PYPROJECT,
      reason: 'second-packaging',
      why: `your module is packaged by ${packaging.join(' and ')}; next to them, pip would build it from pyproject.toml instead`,
    });
  }

  const api = `${packageName}/api.py`;
  const located = input.entryPoints.map((entry) => ({ entry, file: input.locate(entry.target.split(':')[0]!.trim()) }));
  const served = located.filter(({ file }) => file !== api);
  const apiHeld = isNew(api) && served.length > 0;
  if (apiHeld) {
    const { entry, file } = served[0]!;
    const where = file ? `is served from ${file}` : 'names a module this repository does not hold';
    held.push({
      path: api,
      reason: 'second-api',
      why: `your entry point ${entry.name} = ${entry.target} (${entry.file}) ${where}; a second API module would ship next to it`,
    });
  }
  // In an adopted module, the api.py that serves its entry point is the owner's, whichever
  // template first wrote it: replacing it would change what the module serves (--adopt-layout
  // moves the packaging, never the owner's code).
  const servedByApi = located.find(({ file }) => file === api)?.entry;
  const ownerServes = !!input.adopted && !apiHeld && servedByApi !== undefined && ours.has(api) && theirs.has(api);
  if (ownerServes) {
    held.push({
      path: api,
      reason: 'owner-api',
      why: `kept as yours: it serves your entry point ${servedByApi.name} = ${servedByApi.target}, and an update of an adopted module does not rewrite what it serves`,
    });
  }
  // An api.py the base does not have is the owner's own: the template's helpers of its API are not its.
  const ownApi = ownerServes || (ours.has(api) && !base.has(api));
  if (apiHeld || ownApi) {
    const why = apiHeld
      ? `only the template's ${api}, not added, uses it`
      : `your ${api} is your own; only the template's API module uses it`;
    for (const companion of API_COMPANIONS.map((name) => `${packageName}/${name}`).filter(isNew)) {
      held.push({ path: companion, reason: 'api-companion', why });
    }
  }

  // The template's tests test its API module: not added without it (held, or the owner's
  // own in its place), nor, unless --adopt-layout, into a tests/ with tests of the owner's.
  const ownTests = [...ours].filter((path) => path.startsWith('tests/') && !base.has(path));
  for (const path of [...theirs].filter((p) => p.startsWith('tests/') && isNew(p))) {
    const name = path.slice('tests/'.length);
    if (apiHeld || ownApi) {
      const whose = apiHeld ? `its ${api}, which is not added` : `its API module; your ${api} is your own`;
      held.push({ path, reason: 'template-tests', why: `it belongs to the template's tests, of ${whose}` });
    } else if (ownTests.length > 0 && !input.adoptLayout) {
      const effect =
        name === 'conftest.py'
          ? "the template's fixtures would apply to them"
          : name === '__init__.py'
            ? 'it would change how pytest imports them'
            : "it tests the template's API, not yours";
      held.push({ path, reason: 'owner-tests', why: `your tests/ holds tests of its own (${shownPaths(ownTests)}); ${effect}` });
    }
  }
  return held.sort((a, b) => comparePaths(a.path, b.path));
}
