// Bundles the two bins and everything they import into dist/, so the published package has
// no runtime dependencies (an install fetches one package, and `npm create` starts fast).
// ai4os-module's commands are split into chunks loaded on demand: `validate` and `check`
// never load Yeoman. create-ai4os-module is one cached bundle. Templates and schemata ship
// beside dist/.
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinImportsPlugin, requireBuiltins } from './build/builtin-imports.mjs';
import { dedupePlugin } from './build/dedupe.mjs';
import { deferredPlugin } from './build/deferred.mjs';
import { hcl2jsonPlugin } from './build/hcl2json.mjs';
import { precompiledTemplatesPlugin } from './build/templates.mjs';
import { precompiledValidatorsPlugin } from './build/validators.mjs';

/** Packages replaced by a stand-in at build time; each stub says why. */
const STUBS = {
  'fly-import': fileURLToPath(new URL('stubs/fly-import.js', import.meta.url)),
  '@inquirer/external-editor': fileURLToPath(new URL('stubs/external-editor.js', import.meta.url)),
  'latest-version': fileURLToPath(new URL('stubs/latest-version.js', import.meta.url)),
  'read-package-up': fileURLToPath(new URL('stubs/read-package-up.js', import.meta.url)),
  inquirer: fileURLToPath(new URL('stubs/inquirer.js', import.meta.url)),
  'yeoman-environment': fileURLToPath(new URL('stubs/yeoman-environment.js', import.meta.url)),
  'cli-spinners': fileURLToPath(new URL('stubs/cli-spinners.js', import.meta.url)),
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
  // Yeoman's conflicter judges files only where one could collide (generators/app/commit.ts).
  { name: '@yeoman/conflicter', importer: /node_modules\/yeoman-environment\/|generators\/app\/commit\.ts$/ },
  { name: 'diff', importer: /node_modules\/@yeoman\/conflicter\// },
  { name: 'cli-table', importer: /node_modules\/@yeoman\/conflicter\// },
  { name: 'dateformat', importer: /node_modules\/@yeoman\/conflicter\// },
  { name: 'minimatch', importer: /node_modules\/(multimatch|mem-fs-editor|@yeoman\/(transform|conflicter))\// },
  { name: 'tinyglobby', importer: /node_modules\/mem-fs-editor\// },
  { name: 'teex', importer: /node_modules\/vinyl\// },
  { name: 'string-width', importer: /node_modules\/ora\// },
  { name: 'globby', importer: /node_modules\/yeoman-environment\// },
  { name: 'which-package-manager', importer: /node_modules\/yeoman-environment\// },
  // The installed templates are precompiled (scripts/build/templates.mjs): EJS compiles only
  // a template set read from a directory (`update --base-templates`).
  { name: 'ejs', importer: /src\/render\/compile\.ts$/ },
];

/**
 * Edits to Yeoman's source as it is bundled, each [text, replacement]. A text that no longer
 * matches (a Yeoman upgrade) fails the build rather than the user's run.
 *  - Yeoman reads its own package.json at import time, relative to its file; once bundled that
 *    path would be ours. Each read is replaced by the package.json it meant, inlined.
 *  - yeoman-generator hands all of lodash to every generator as `this._` (106 KB evaluated on
 *    every start); ours does not use it, and the generator itself uses none of it. Of semver
 *    it uses `lte` alone: that function's module, not all of semver (ranges and all, 30 KB).
 *  - yeoman-environment loads node:crypto (2.5 ms) for an id it makes only for a generator
 *    without `uniqueBy`, which ours has (generators/app/index.ts): loaded on that first use.
 */
const packageJson = (file) => `(${readFileSync(join(dirname(file), '../package.json'), 'utf8')})`;
const YEOMAN_EDITS = {
  'yeoman-environment/dist/environment-base.js': [["require('../package.json')", packageJson]],
  'yeoman-environment/dist/composed-store.js': [
    [
      "import crypto from 'node:crypto';",
      () =>
        "import { createRequire as __yoRequire } from 'node:module';\nconst crypto = { randomBytes: (size) => __yoRequire(import.meta.url)('node:crypto').randomBytes(size) };",
    ],
  ],
  'yeoman-generator/dist/generator.js': [
    ["JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))", packageJson],
    ["import * as _ from 'lodash-es';\n", () => ''],
    ['    _ = _;\n', () => '    _ = undefined;\n'],
    ["import { lte as semverLte } from 'semver';", () => "import semverLte from 'semver/functions/lte.js';"],
  ],
};
const yeomanEditsPlugin = (then) => ({
  name: 'yeoman-edits',
  setup(b) {
    b.onLoad({ filter: /node_modules\/yeoman-(environment|generator)\/dist\/(environment-base|composed-store|generator)\.js$/ }, (args) => {
      const key = Object.keys(YEOMAN_EDITS).find((k) => args.path.endsWith(k));
      let source = readFileSync(args.path, 'utf8');
      for (const [text, replacement] of key ? YEOMAN_EDITS[key] : []) {
        if (!source.includes(text)) throw new Error(`${key} no longer has ${JSON.stringify(text)}: update scripts/build.mjs`);
        source = source.replace(text, replacement(args.path));
      }
      return { contents: then(source), loader: 'js' };
    });
  },
});

/**
 * The creation program (src/cli/create-program.ts) holds the `new` command alone: every other
 * command the command table loads on demand is left out of it (they run as the ai4os-module
 * bin, which the creation's hand-off starts), so it stays small to read and to cache.
 */
const CREATION_COMMAND = new Set(['../create/create.js', '../create/args.js']);
const creationOnlyPlugin = {
  name: 'creation-only',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith('src/cli/commands.ts') && !CREATION_COMMAND.has(args.path)
        ? { path: args.path, namespace: 'not-in-creation' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-in-creation' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the creation program: run it through ai4os-module`)});`,
      loader: 'js',
    }));
  },
};

/** Options of every build; `cjs` for CommonJS output (see scripts/build/builtin-imports.mjs). */
const shared = ({ cjs = false } = {}) => ({
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // yaml's ES module build (what it gives any runtime but Node): esbuild can tree-shake and
  // hoist it, where the CommonJS build it gives Node is ~60 wrapped modules run one by one on
  // every start. The two differ only in !!binary (src/validate constructs that itself),
  // debug logging and how a warning is printed.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  plugins: [
    stubPlugin,
    deferredPlugin(DEFERRED),
    dedupePlugin(),
    yeomanEditsPlugin(cjs ? requireBuiltins : (source) => source),
    precompiledValidatorsPlugin(),
    precompiledTemplatesPlugin(),
    hcl2jsonPlugin(),
    ...(cjs ? [builtinImportsPlugin()] : []),
  ],
});

rmSync('dist', { recursive: true, force: true });
// Chunks and bundles stay in dist/ itself: src/paths.ts finds the package root one level up.
// `ai4os-module`: ES modules, each command in chunks loaded on demand.
const result = await build({
  ...shared(),
  entryPoints: { cli: 'src/cli/ai4os-module.ts' },
  outdir: 'dist',
  chunkNames: '[name]-[hash]',
  splitting: true,
  format: 'esm',
  metafile: true,
  // Bundled CommonJS modules still `require` Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// Tests read it to check which commands load what; package.json keeps it out of the package.
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));

// `create-ai4os-module`: the creation program as one CommonJS file, which V8 can cache
// compiled (src/cli/code-cache.ts), and the bin that starts it, told the file's hash.
const program = 'create-program.cjs';
const common = shared({ cjs: true });
const programBuild = {
  ...common,
  entryPoints: ['src/cli/create-program.ts'],
  outfile: `dist/${program}`,
  format: 'cjs',
  // V8 runs the bundle as a script, which has no import(): esbuild makes each a require.
  supported: { 'dynamic-import': false },
  plugins: [creationOnlyPlugin, ...common.plugins],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build(programBuild);
const hash = createHash('sha256')
  .update(readFileSync(`dist/${program}`))
  .digest('hex')
  .slice(0, 16);
// CommonJS too: Node starts a CommonJS file ~6 ms sooner than an ES module (no ESM loader).
await build({
  ...shared({ cjs: true }),
  plugins: [],
  entryPoints: ['src/cli/create-ai4os-module.ts'],
  outfile: 'dist/create.cjs',
  format: 'cjs',
  define: { CREATE_PROGRAM: JSON.stringify({ file: program, hash }), 'import.meta.url': '__importMetaUrl' },
  banner: programBuild.banner,
});
