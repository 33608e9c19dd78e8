/**
 * Where the package's data lives. This file sits one level below the package root both as
 * source (`src/paths.ts`) and once bundled (`dist/*.js`), so one relative URL serves both.
 */
import { fileURLToPath } from 'node:url';
import pkg from '../package.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const TEMPLATES_DIR = `${ROOT}templates`;
export const SCHEMATA_DIR = `${ROOT}schemata`;
/** The `ai4os-module` bin, which the creation starts for the helpers it hands off to. */
export const CLI_BIN = `${ROOT}dist/cli.js`;
export const GENERATOR_VERSION: string = pkg.version;
