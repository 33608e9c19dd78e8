/**
 * What `npm create ai4os-module` runs: `ai4os-module new`, with its own name in --help.
 * Bundled on its own as CommonJS, and started through V8's code cache (create-ai4os-module.ts).
 */
import { runSingleCommand } from './run.js';

void runSingleCommand('new', process.argv.slice(2), 'npm create ai4os-module --');
