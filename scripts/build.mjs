// Bundles the two bins and everything they import into dist/, so the published package has
// no runtime dependencies (an install fetches one package, and `npm create` starts fast). Commands are split into chunks loaded on
// demand: `validate` and `check` never load Yeoman. Templates and schemata ship beside dist/.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupePlugin } from './build/dedupe.mjs';
import { deferredPlugin } from './build/deferred.mjs';
import { hcl2jsonPlugin } from './build/hcl2json.mjs';
import { precompiledValidatorsPlugin } from './build/validators.mjs';

/** Packages replaced by a stand-in at build time; each stub says why. */
const STUBS = {
  'fly-import': fileURLToPath(new URL('stubs/fly-import.js', import.meta.url)),
  '@inquirer/external-editor': fileURLToPath(new URL('stubs/external-editor.js', import.meta.url)),
  'latest-version': fileURLToPath(new URL('stubs/latest-version.js', import.meta.url)),
  'read-package-up': fileURLToPath(new URL('stubs/read-package-up.js', import.meta.url)),
  inquirer: fileURLToPath(new URL('stubs/inquirer.js', import.meta.url)),
  'yeoman-environment': fileURLToPath(new URL('stubs/yeoman-environment.js', import.meta.url)),
};
const stubPlugin = {
  name: 'stubs',
  setup(b) {
    const names = Object.keys(STUBS).map((name) => name.replace(/[/]/g, '\\/'));
    // A stub may import the real package (lazily): that import resolves as usual.
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      args.importer === STUBS[args.path] ? undefined : { path: STUBS[args.path] },
    );
  },
};

/** Packages evaluated on first use rather than at start-up (scripts/build/deferred.mjs). */
const DEFERRED = [
  { name: 'execa', importer: /node_modules\/yeoman-(generator|environment)\// },
  { name: 'simple-git', importer: /node_modules\/yeoman-generator\// },
  { name: 'string-width', importer: /node_modules\/ora\// },
  { name: 'globby', importer: /node_modules\/yeoman-environment\// },
  { name: 'which-package-manager', importer: /node_modules\/yeoman-environment\// },
];

/**
 * Yeoman reads its own package.json at import time, relative to its file; once bundled that
 * path would be ours. Each read is replaced by the package.json it meant, inlined. A pattern
 * that no longer matches (a Yeoman upgrade) fails the build rather than the user's run.
 */
const OWN_PACKAGE_JSON_READS = {
  'yeoman-environment/dist/environment-base.js': "require('../package.json')",
  'yeoman-generator/dist/generator.js': "JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))",
};
const ownPackageJsonPlugin = {
  name: 'own-package-json',
  setup(b) {
    b.onLoad({ filter: /node_modules\/yeoman-(environment|generator)\/dist\/(environment-base|generator)\.js$/ }, (args) => {
      const key = Object.keys(OWN_PACKAGE_JSON_READS).find((k) => args.path.endsWith(k));
      const source = readFileSync(args.path, 'utf8');
      if (!key) return { contents: source, loader: 'js' };
      const read = OWN_PACKAGE_JSON_READS[key];
      if (!source.includes(read)) throw new Error(`${key} no longer reads its package.json as expected: update scripts/build.mjs`);
      const pkg = readFileSync(join(dirname(args.path), '../package.json'), 'utf8');
      return { contents: source.replace(read, `(${pkg})`), loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
const result = await build({
  entryPoints: {
    create: 'src/cli/create-ai4os-module.ts',
    cli: 'src/cli/ai4os-module.ts',
  },
  outdir: 'dist',
  // Chunks stay in dist/ itself: src/paths.ts finds the package root one level up.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  metafile: true,
  // yaml's ES module build (what it gives any runtime but Node): esbuild can tree-shake and
  // hoist it, where the CommonJS build it gives Node is ~60 wrapped modules run one by one on
  // every start. The two differ only in !!binary (src/validate constructs that itself),
  // debug logging and how a warning is printed.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  plugins: [stubPlugin, deferredPlugin(DEFERRED), dedupePlugin(), ownPackageJsonPlugin, precompiledValidatorsPlugin(), hcl2jsonPlugin()],
  logLevel: 'warning',
  // Bundled CommonJS modules still `require` Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// Tests read it to check which commands load what; package.json keeps it out of the package.
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
