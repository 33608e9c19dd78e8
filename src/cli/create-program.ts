#!/usr/bin/env node
/** What `npm create ai4os-module` runs: `ai4os-module new`, with its own name in --help. */
import { runSingleCommand } from './run.js';

await runSingleCommand('new', process.argv.slice(2), 'npm create ai4os-module --');
