/**
 * DEEPaaS (2.x) finds the model through the entry-point group `deepaas.v2.model`, and uses
 * the object it names as is (a module, or an instance): pyproject.toml
 * `[project.entry-points."deepaas.v2.model"]` (or Poetry's plugins), or setup.cfg
 * (setuptools' `[options.entry_points]`, pbr's `[entry_points]`), naming a module whose file must exist.
 */
import type { EntryPoint } from '../../module-files/package-metadata.js';
import { parsePyproject, PYPROJECT, readPyprojectText, TomlError } from '../../module-files/pyproject.js';
import { parseSetupCfg, readSetupCfgText, SETUP_CFG } from '../../module-files/setup-cfg.js';
import { type ModuleContext, type ModuleFindings, isFile, readReported } from './context.js';

const GROUP = 'deepaas.v2.model';

export async function checkEntryPoint(context: ModuleContext, findings: ModuleFindings): Promise<{ dependencies: string }> {
  const pyproject = readReported(findings, PYPROJECT, readPyprojectText);
  const setupCfg = readReported(findings, SETUP_CFG, readSetupCfgText);
  if (pyproject === null || setupCfg === null) return { dependencies: '' };
  let entryPoints: EntryPoint[] = [];
  const dependencies: string[] = [];
  if (pyproject !== undefined) {
    try {
      const read = parsePyproject(pyproject);
      dependencies.push(...read.dependencies);
      entryPoints = read.entryPoints.filter((entry) => entry.group === GROUP);
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      findings.error('pyproject/syntax', PYPROJECT, `Not valid TOML: ${error.message}`, { line: error.line });
      return { dependencies: '' };
    }
  }
  if (setupCfg !== undefined) {
    const read = parseSetupCfg(setupCfg);
    dependencies.push(...read.dependencies);
    if (entryPoints.length === 0) entryPoints = read.entryPoints.filter((entry) => entry.group === GROUP);
  }
  if (entryPoints.length === 0) {
    const file = pyproject !== undefined ? PYPROJECT : setupCfg !== undefined ? SETUP_CFG : PYPROJECT;
    findings.error('entry-point/missing', file, `No "${GROUP}" entry point: DEEPaaS will not find the model`, {
      hint: `Add to pyproject.toml:\n[project.entry-points."${GROUP}"]\n<package> = "<package>.api"`,
    });
    return { dependencies: dependencies.join('\n') };
  }
  for (const entry of entryPoints) {
    const module = entry.target.split(':')[0]!.trim();
    if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(module)) {
      findings.error('entry-point/module', entry.file, `The entry point ${entry.name} = "${entry.target}" does not name a Python module`, {
        line: entry.line,
      });
      continue;
    }
    const path = module.replace(/\./g, '/');
    const candidates = [`${path}.py`, `${path}/__init__.py`, `src/${path}.py`, `src/${path}/__init__.py`];
    const found = await Promise.all(candidates.map((candidate) => isFile(context, candidate)));
    if (!found.includes(true)) {
      findings.error(
        'entry-point/module',
        entry.file,
        `The entry point ${entry.name} = "${entry.target}" names ${module}, but neither ${candidates[0]} nor ${candidates[1]} exists`,
        {
          line: entry.line,
        },
      );
    }
  }
  return { dependencies: dependencies.join('\n') };
}
