#!/usr/bin/env node
/** The helper CLI: `ai4os-module <command> [...]` (the commands: commands.ts). */
import { runProgram } from './run.js';

await runProgram(process.argv.slice(2));
