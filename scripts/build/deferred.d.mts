import type { Plugin } from 'esbuild';

/** Packages to defer, each only for importers whose path matches. */
export function deferredPlugin(deferred: { name: string; importer: RegExp }[]): Plugin;
