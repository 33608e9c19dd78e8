/**
 * Validators of the bundled schemas, compiled ahead of time. From source this is empty and
 * schemas.ts compiles at run time; the build (scripts/build/validators.mjs) replaces this
 * module with one loader per schema version, each a chunk of ajv standalone code made with
 * the same options (py-schema.ts), so a run pays neither for ajv's compiler nor for compiling.
 */
import type { ValidateFunction } from 'ajv';

export const PRECOMPILED: Record<string, () => Promise<{ default: ValidateFunction }>> | undefined = undefined;
