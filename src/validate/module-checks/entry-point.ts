/**
 * DEEPaaS (2.x) finds the model through the entry-point group `deepaas.v2.model`, and uses
 * the object it names as is (a module, or an instance): pyproject.toml
 * `[project.entry-points."deepaas.v2.model"]` (or Poetry's plugins), or setup.cfg
 * (setuptools' `[options.entry_points]`, pbr's `[entry_points]`). The target is read as
 * `importlib.metadata` reads it, and its module looked up as setuptools installs it
 * (src/module-files/python-layout.ts). Without a model `GET /v2/models/` lists none, and
 * the hub's image check fails.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEEPAAS_GROUP, type EntryPoint } from '../../module-files/package-metadata.js';
import { parsePyproject, PYPROJECT, readPyprojectText, TomlError } from '../../module-files/pyproject.js';
import { locatePythonModule } from '../../module-files/python-layout.js';
import { parseSetupCfg, readSetupCfgText, SETUP_CFG } from '../../module-files/setup-cfg.js';
import { type ModuleContext, type ModuleFindings, readReported } from './context.js';

/**
 * importlib.metadata's `EntryPoint.pattern` (CPython 3.9-3.13): `module[:attr][ [extras]]`,
 * where module and attr are `[\w.]+`. A value it does not match cannot be loaded.
 */
const ENTRY_POINT_VALUE = /^(?<module>[\p{L}\p{N}_.]+)\s*(?::\s*(?<attr>[\p{L}\p{N}_.]+)\s*)?(?:\[.*\]\s*)?$/u;

export interface PackageFacts {
  /** Requirement lines of the packaging files. */
  dependencies: string;
}

export async function checkEntryPoint(context: ModuleContext, findings: ModuleFindings, installsEditable: boolean): Promise<PackageFacts> {
  const pyproject = readReported(findings, PYPROJECT, readPyprojectText);
  const setupCfg = readReported(findings, SETUP_CFG, readSetupCfgText);
  if (pyproject === null || setupCfg === null) return { dependencies: '' };
  let entryPoints: EntryPoint[] = [];
  const dependencies: string[] = [];
  if (pyproject !== undefined) {
    try {
      const read = parsePyproject(pyproject);
      dependencies.push(...read.dependencies);
      entryPoints = read.entryPoints.filter((entry) => entry.group === DEEPAAS_GROUP);
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      findings.error('pyproject/syntax', PYPROJECT, `Not valid TOML: ${error.message}`, { line: error.line });
      return { dependencies: '' };
    }
  }
  if (setupCfg !== undefined) {
    const read = parseSetupCfg(setupCfg);
    dependencies.push(...read.dependencies);
    if (entryPoints.length === 0) entryPoints = read.entryPoints.filter((entry) => entry.group === DEEPAAS_GROUP);
  }
  if (entryPoints.length === 0) {
    const file = pyproject !== undefined ? PYPROJECT : SETUP_CFG;
    findings.error('entry-point/missing', file, `No "${DEEPAAS_GROUP}" entry point: DEEPaaS will not find the model`, {
      hint: `Add to pyproject.toml:\n[project.entry-points."${DEEPAAS_GROUP}"]\n<package> = "<package>.api"`,
    });
    return { dependencies: dependencies.join('\n') };
  }
  for (const entry of entryPoints) {
    const module = ENTRY_POINT_VALUE.exec(entry.target)?.groups?.module;
    if (!module || !/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(module)) {
      findings.error(
        'entry-point/module',
        entry.file,
        `The entry point ${entry.name} = "${entry.target}" is not a dotted Python module name (with an optional ":object"): importlib.metadata, which DEEPaaS loads it with, cannot read it`,
        { line: entry.line, hint: 'Python module names have letters, digits and "_", no "-".' },
      );
      continue;
    }
    if (locatePythonModule(context.dir, module) !== undefined) continue;
    const path = module.replace(/\./g, '/');
    const inTree = [`${path}.py`, `${path}/__init__.py`].find((file) =>
      statSync(join(context.dir, file), { throwIfNoEntry: false })?.isFile(),
    );
    if (inTree && installsEditable) {
      findings.warn(
        'entry-point/packaging',
        entry.file,
        `The entry point ${entry.name} = "${entry.target}" names ${module}, which setuptools does not install from this packaging: it imports only because the Dockerfile's \`pip install -e\` puts the module's folder on the path`,
        { line: entry.line, hint: `List the package that holds ${inTree} in the packaging, so that \`pip install .\` installs it too.` },
      );
      continue;
    }
    findings.error(
      'entry-point/module',
      entry.file,
      inTree
        ? `The entry point ${entry.name} = "${entry.target}" names ${module}: ${inTree} is there, but setuptools does not install it from this packaging`
        : `The entry point ${entry.name} = "${entry.target}" names ${module}, but neither ${path}.py nor ${path}/__init__.py is installed by this packaging`,
      { line: entry.line },
    );
  }
  return { dependencies: dependencies.join('\n') };
}
