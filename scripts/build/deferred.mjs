// esbuild plugin: defer a package's evaluation to its first use. Yeoman imports some packages
// at the top of a module but uses them only inside methods a new module never runs (execa
// for `spawnCommand` and package installs, simple-git for `this.git`, globby for generator
// lookup, which-package-manager for installs), and ora's string-width builds an
// Intl.Segmenter and Unicode-set regexes on import, though ora measures text only when a
// spinner draws on a terminal. Bundled as they are, all of them are compiled and run on
// every start (~30 ms of a 0.3 s creation).
//
// For an import of a listed package from a listed importer, the bundle gets a CommonJS
// facade instead: its exports are getters that `require` the real package on first access.
// esbuild turns that `require` into a lazily run wrapper around the real module, and
// importers of a CommonJS module read its exports at each use, so behaviour is unchanged;
// only the moment of evaluation moves. The facade's export names are read from the real
// package at build time.
import { pathToFileURL } from 'node:url';

/**
 * @param {Array<{ name: string, importer: RegExp }>} deferred packages, each deferred only
 *   for importers whose path matches (other importers get the package as usual).
 */
export function deferredPlugin(deferred) {
  const names = deferred.map((d) => d.name.replace(/[/]/g, '\\/'));
  return {
    name: 'deferred',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, async (args) => {
        if (args.pluginData?.deferred) return undefined;
        const spec = deferred.find((d) => d.name === args.path && d.importer.test(args.importer));
        if (!spec) return undefined;
        const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { deferred: true } });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: real.path, namespace: 'deferred' };
      });
      b.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => ({
        contents: await facade(args.path),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

async function facade(realPath) {
  const real = await import(pathToFileURL(realPath).href);
  const named = Object.keys(real).filter((name) => name !== 'default');
  // Importers in Node's module mode take a CommonJS module's `module.exports` as its default
  // export, so a default export can be forwarded only if it is a function.
  if (real.default !== undefined && typeof real.default !== 'function') {
    throw new Error(`${realPath}: its default export is not a function and cannot be deferred`);
  }
  return [
    `let real; const load = () => (real ??= require(${JSON.stringify(realPath)}));`,
    real.default ? 'module.exports = function (...args) { return load().default.apply(this, args); };' : '',
    ...named.map((name) => `Object.defineProperty(module.exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`),
  ].join('\n');
}
