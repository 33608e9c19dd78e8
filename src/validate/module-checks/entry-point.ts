/**
 * DEEPaaS (2.x) finds the model through the entry-point group `deepaas.v2.model`, and uses
 * the object it names as is (a module, or an instance): pyproject.toml `[project.entry-points."deepaas.v2.model"]` (or Poetry's plugins, or
 * setup.cfg `[options.entry_points]`), naming a module whose file must exist.
 */
import { type ModuleContext, type ModuleFindings, isFile, lineOf, readModuleFile } from './context.js';
import { parseToml, TomlError, type TomlTable, type TomlValue } from '../../toml.js';

const GROUP = 'deepaas.v2.model';

interface EntryPoint {
  name: string;
  target: string;
  file: string;
  line?: number;
}

export async function checkEntryPoint(context: ModuleContext, findings: ModuleFindings): Promise<{ dependencies: string }> {
  const pyproject = await readModuleFile(context, 'pyproject.toml');
  const setupCfg = await readModuleFile(context, 'setup.cfg');
  const entryPoints: EntryPoint[] = [];
  let dependencies = '';
  if (pyproject !== undefined) {
    try {
      const { data, lines } = parseToml(pyproject);
      const project = table(data.project);
      dependencies = list(project?.dependencies).join('\n');
      for (const [path, group] of [
        ['project.entry-points', table(table(project?.['entry-points'])?.[GROUP])],
        ['tool.poetry.plugins', table(table(table(table(data.tool)?.poetry)?.plugins)?.[GROUP])],
      ] as const) {
        for (const [name, target] of Object.entries(group ?? {})) {
          if (typeof target === 'string') entryPoints.push({ name, target, file: 'pyproject.toml', line: lines.get(`${path}.${GROUP}.${name}`) });
        }
      }
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      findings.error('pyproject/syntax', 'pyproject.toml', `Not valid TOML: ${error.message}`, { line: error.line });
      return { dependencies };
    }
  }
  if (entryPoints.length === 0 && setupCfg !== undefined) entryPoints.push(...setupCfgEntryPoints(setupCfg));
  if (entryPoints.length === 0) {
    const file = pyproject !== undefined ? 'pyproject.toml' : setupCfg !== undefined ? 'setup.cfg' : 'pyproject.toml';
    findings.error('entry-point/missing', file, `No "${GROUP}" entry point: DEEPaaS will not find the model`, {
      hint: `Add to pyproject.toml:\n[project.entry-points."${GROUP}"]\n<package> = "<package>.api"`,
    });
    return { dependencies };
  }
  for (const entry of entryPoints) {
    const module = entry.target.split(':')[0]!.trim();
    if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(module)) {
      findings.error('entry-point/module', entry.file, `The entry point ${entry.name} = "${entry.target}" does not name a Python module`, { line: entry.line });
      continue;
    }
    const path = module.replace(/\./g, '/');
    const candidates = [`${path}.py`, `${path}/__init__.py`, `src/${path}.py`, `src/${path}/__init__.py`];
    const found = await Promise.all(candidates.map((candidate) => isFile(context, candidate)));
    if (!found.includes(true)) {
      findings.error('entry-point/module', entry.file, `The entry point ${entry.name} = "${entry.target}" names ${module}, but neither ${candidates[0]} nor ${candidates[1]} exists`, {
        line: entry.line,
      });
    }
  }
  return { dependencies };
}

function table(value: TomlValue | undefined): TomlTable | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function list(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** setup.cfg `[options.entry_points]` `deepaas.v2.model =` followed by indented `name = target` lines. */
function setupCfgEntryPoints(text: string): EntryPoint[] {
  const section = /^\[options\.entry_points\][^\n]*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text);
  if (!section) return [];
  const group = new RegExp(`^${GROUP.replace(/\./g, '\\.')}\\s*=\\s*\\n((?:[ \\t]+.*\\n?)*)`, 'm').exec(section[1]!);
  if (!group) return [];
  return group[1]!
    .split('\n')
    .map((line) => /^\s*([^=\s]+)\s*=\s*(\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, target: m[2]!, file: 'setup.cfg', line: lineOf(text, new RegExp(`^\\s*${m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`, 'm')) }));
}
