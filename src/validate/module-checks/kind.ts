/**
 * A child module reuses a hub module's image (`FROM ai4oshub/<parent>`) and brings no Python
 * package of its own: the DEEPaaS entry point, deep-start and rclone come from the parent,
 * so the checks of a package do not apply to it.
 */
import { dockerfileFacts, parseDockerfile, readDockerfileText } from '../../module-files/dockerfile.js';
import { PYPROJECT } from '../../module-files/pyproject.js';
import { SETUP_CFG } from '../../module-files/setup-cfg.js';
import { type ModuleContext, exists } from './context.js';

/** Base images that already hold deep-start, rclone and DEEPaaS. */
export const PLATFORM_IMAGE = /^(?:ai4oshub|deephdc)\/|^registry\.cloud\.ai4eosc\.eu\//;

export async function isChildModule(context: ModuleContext, dockerfile: string): Promise<boolean> {
  if ((await exists(context, PYPROJECT)) || (await exists(context, SETUP_CFG))) return false;
  try {
    const text = readDockerfileText(context.dir, dockerfile);
    const base = text === undefined ? undefined : dockerfileFacts(parseDockerfile(text)).baseImage?.value;
    return base !== undefined && PLATFORM_IMAGE.test(base.replace(/\$\{?\w+\}?/g, ''));
  } catch {
    // An unreadable or unparsable Dockerfile is the Dockerfile check's to report.
    return false;
  }
}
