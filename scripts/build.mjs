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
 */
const packageJson = (file) => `(${readFileSync(join(dirname(file), '../package.json'), 'utf8')})`;
const YEOMAN_EDITS = {
  'yeoman-environment/dist/environment-base.js': [["require('../package.json')", packageJson]],
  'yeoman-generator/dist/generator.js': [
    ["JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))", packageJson],
    ["import * as _ from 'lodash-es';\n", () => ''],
    ['    _ = _;\n', () => '    _ = undefined;\n'],
    ["import { lte as semverLte } from 'semver';", () => "import semverLte from 'semver/functions/lte.js';"],
  ],
};
const yeomanEditsPlugin = {
  name: 'yeoman-edits',
  setup(b) {
    b.onLoad({ filter: /node_modules\/yeoman-(environment|generator)\/dist\/(environment-base|generator)\.js$/ }, (args) => {
      const key = Object.keys(YEOMAN_EDITS).find((k) => args.path.endsWith(k));
      let source = readFileSync(args.path, 'utf8');
      for (const [text, replacement] of key ? YEOMAN_EDITS[key] : []) {
        if (!source.includes(text)) throw new Error(`${key} no longer has ${JSON.stringify(text)}: update scripts/build.mjs`);
        source = source.replace(text, replacement(args.path));
      }
      return { contents: source, loader: 'js' };
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
  plugins: [
    stubPlugin,
    deferredPlugin(DEFERRED),
    dedupePlugin(),
    yeomanEditsPlugin,
    precompiledValidatorsPlugin(),
    precompiledTemplatesPlugin(),
    hcl2jsonPlugin(),
  ],
  logLevel: 'warning',
  // Bundled CommonJS modules still `require` Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// Tests read it to check which commands load what; package.json keeps it out of the package.
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
