// esbuild plugin: load a package only on its first use. Yeoman imports some packages at the
// top of a module but uses them only inside methods a new module never runs (execa for
// `spawnCommand` and package installs, simple-git for `this.git`, globby for generator
// lookup, which-package-manager for installs), and ora's string-width builds an
// Intl.Segmenter and Unicode-set regexes on import, though ora measures text only when a
// spinner draws on a terminal. Bundled with the rest, they are read, compiled and run on
// every start (~40 ms of a 0.3 s creation).
//
// Each such package is bundled on its own into dist/deferred/<name>-<hash>.cjs, and the
// importers get a CommonJS facade instead: its exports are getters that `require` that file
// on first access (a synchronous load, so the package's API is unchanged). esbuild has the
// importers of a CommonJS module read its exports at each use, so a package nobody calls is
// never loaded. The facade's export names are read from the real package at build time.
// The package's own dependencies go into its file, so one used elsewhere too is there twice.
import { createHash } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const FACADE = '.facade.cjs';

/**
 * @param {Array<{ name: string, importer: RegExp }>} deferred packages, each deferred only
 *   for importers whose path matches (other importers get the package as usual).
 */
export function deferredPlugin(deferred) {
  const names = deferred.map((d) => d.name.replace(/[/]/g, '\\/'));
  return {
    name: 'deferred',
    setup(b) {
      /** Real entry file -> its deferred file, relative to the output directory. */
      const files = new Map();
      b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, async (args) => {
        if (args.pluginData?.deferred) return undefined;
        const spec = deferred.find((d) => d.name === args.path && d.importer.test(args.importer));
        if (!spec) return undefined;
        const real = await b.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: { deferred: true },
        });
        if (real.errors.length > 0) return { errors: real.errors };
        const hash = createHash('sha256').update(relative(process.cwd(), real.path)).digest('hex').slice(0, 8);
        files.set(real.path, `deferred/${basename(spec.name)}-${hash}.cjs`);
        // The facade is CommonJS whatever the package is: a `.cjs` name, so esbuild does not
        // take the facade of an `.mjs` entry for an ES module.
        return { path: `${real.path}${FACADE}`, namespace: 'deferred' };
      });
      b.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => ({
        contents: await facade(args.path.slice(0, -FACADE.length), `./${files.get(args.path.slice(0, -FACADE.length))}`),
        loader: 'js',
      }));
      // Resolved at run time, beside the chunk that requires it (chunks sit in the output directory).
      b.onResolve({ filter: /^\.\/deferred\//, namespace: 'deferred' }, (args) => ({ path: args.path, external: true }));
      b.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        const { outdir, outfile, target, minify, legalComments } = b.initialOptions;
        const out = outdir ?? dirname(outfile);
        for (const [real, file] of files) {
          await build({
            entryPoints: [real],
            outfile: join(out, file),
            bundle: true,
            format: 'cjs',
            platform: 'node',
            target,
            minify,
            legalComments,
            logLevel: 'warning',
          });
        }
      });
    },
  };
}

async function facade(realPath, file) {
  const real = await import(pathToFileURL(realPath).href);
  const named = Object.keys(real).filter((name) => name !== 'default');
  // Importers in Node's module mode take a CommonJS module's `module.exports` as its default
  // export, so a default export can be forwarded only if it is a function, or if it is that
  // `module.exports` object of a CommonJS package (ejs): the facade's getters stand for it.
  const exportsObject =
    typeof real.default === 'object' && real.default !== null && named.every((name) => real.default[name] === real[name]);
  if (real.default !== undefined && typeof real.default !== 'function' && !exportsObject) {
    throw new Error(`${realPath}: its default export is not a function and cannot be deferred`);
  }
  return [
    `let real; const load = () => (real ??= require(${JSON.stringify(file)}));`,
    typeof real.default === 'function' ? 'module.exports = function (...args) { return load().default.apply(this, args); };' : '',
    ...named.map(
      (name) =>
        `Object.defineProperty(module.exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`,
    ),
  ].join('\n');
}
