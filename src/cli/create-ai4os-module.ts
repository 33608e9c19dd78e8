#!/usr/bin/env node
/**
 * The `create-ai4os-module` bin: it starts the creation program (create-program.ts, one
 * CommonJS bundle) through V8's code cache, so that every creation after the first on this
 * machine skips compiling it (code-cache.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { userCacheDir } from '../user-cache.js';
import { type CodeCache, runBundle } from './code-cache.js';

/** The bundle's file name and the hash of its contents, set at build time (scripts/build.mjs). */
declare const CREATE_PROGRAM: { file: string; hash: string };

const argv = process.argv.slice(2);
/** Runs that compile little of the program: a cache made by one would serve creations poorly. */
const BRIEF = new Set(['--help', '-h', '--version', '-v', '--list']);
const cache: CodeCache | undefined =
  (process.env.NODE_DISABLE_COMPILE_CACHE ?? '') === ''
    ? {
        dir: join(userCacheDir(), 'v8'),
        name: 'create',
        hash: CREATE_PROGRAM.hash,
        keep: (exitCode) => exitCode === 0 && !argv.some((arg) => BRIEF.has(arg)),
      }
    : undefined;

runBundle(fileURLToPath(new URL(`./${CREATE_PROGRAM.file}`, import.meta.url)), cache);
