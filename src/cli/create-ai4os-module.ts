#!/usr/bin/env node
/** What `npm create ai4os-module` runs: `ai4os-module new`, with its own name in --help. */
import { runCommand } from './run.js';

await runCommand(async (argv, cwd) => {
  const { main } = await import('../create/create.js');
  return main(argv, cwd, 'npm create ai4os-module --');
}, process.argv.slice(2));
