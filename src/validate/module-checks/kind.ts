/**
 * The kind of a module, from its files (never from `links.ai4_template`, which is often
 * wrong about the shape): the one place `validate DIR` decides which checks apply.
 * - `deepaas`: a Python package of its own (pyproject.toml or setup.cfg, any layout
 *   setuptools accepts) that DEEPaaS serves through its `deepaas.v2.model` entry point;
 * - `child`: no package, and a Dockerfile FROM another module's image on the platform
 *   (`ai4oshub/<parent>`): the entry point, deep-start and the default command come from
 *   the parent. An image the module builds itself (WITOIL's `FROM
 *   ai4oshub/witoil-for-imagine:base`) is not a parent; neither is an ai4oshub base image
 *   under a module with a package (semseg's `ai4oshub/tensorflow`), which is `deepaas`;
 * - `container`: no package, a Dockerfile that installs the code from elsewhere (the DEEP-OC
 *   repositories: `git clone` of another repository, then `pip install`);
 * - `tool`: no package and no Dockerfile where the hub would build one (a third-party image,
 *   metadata only, Dockerfiles under docker/ built by the tool's own workflow).
 */
import { dockerfileFacts, parseDockerfile, readDockerfileText } from '../../module-files/dockerfile.js';
import { readPyprojectText } from '../../module-files/pyproject.js';
import { declaresPackage, parseIni, readSetupCfgText } from '../../module-files/setup-cfg.js';
import { parseToml } from '../../module-files/toml.js';
import type { ModuleKindName } from '../findings.js';
import type { ModuleContext } from './context.js';
import { imageOf } from './images.js';

export interface ModuleKind {
  kind: ModuleKindName;
  /**
   * The final stage's base when it is an image of the platform other than the module's own
   * (`links.docker_image`): it brings a default command, deep-start and DEEPaaS. A child's parent.
   */
  platformBase?: string;
}

/** Organisations and registries of the platform's own images. */
export const PLATFORM_IMAGE = /^(?:ai4oshub|deephdc)\/|^registry\.cloud\.ai4eosc\.eu\//;

export async function moduleKind(context: ModuleContext, dockerfile: string): Promise<ModuleKind> {
  const hasPackage = buildsPackage(context.dir);
  let text: string | undefined;
  let base: string | undefined;
  try {
    text = readDockerfileText(context.dir, dockerfile);
    if (text !== undefined) base = dockerfileFacts(parseDockerfile(text)).baseImage?.value.replace(/\$\{?\w+\}?/g, '');
  } catch {
    // Unreadable or not parsable: the Dockerfile check says why; there is one, so this is no tool.
    text = '';
  }
  const links = (context.metadata?.value as { links?: { docker_image?: unknown } } | null)?.links;
  const own = typeof links?.docker_image === 'string' ? imageOf(links.docker_image).toLowerCase() : undefined;
  const platformBase = base !== undefined && PLATFORM_IMAGE.test(base) && base.toLowerCase() !== own ? base : undefined;
  const found = (kind: ModuleKindName): ModuleKind => (platformBase ? { kind, platformBase } : { kind });
  if (hasPackage) return found('deepaas');
  if (text === undefined) return { kind: 'tool' };
  return found(platformBase ? 'child' : 'container');
}

/**
 * pyproject.toml or setup.cfg that builds a Python package (not one that only configures
 * flake8, black or pytest). A file that cannot be read or parsed counts: its own check says why.
 */
function buildsPackage(dir: string): boolean {
  try {
    const pyproject = readPyprojectText(dir);
    if (pyproject !== undefined) {
      const { data } = parseToml(pyproject);
      const tool = data.tool as Record<string, unknown> | undefined;
      if ('project' in data || 'build-system' in data || (tool && ('setuptools' in tool || 'poetry' in tool))) return true;
    }
    const setupCfg = readSetupCfgText(dir);
    if (setupCfg !== undefined) {
      if (declaresPackage(parseIni(setupCfg))) return true;
    }
    return false;
  } catch {
    return true;
  }
}
