// esbuild plugin: the validators of the bundled metadata schemas, compiled ahead of time.
// src/validate/precompiled.ts is replaced by one lazy import per schema version; each is ajv
// standalone code made by src/validate/standalone.ts (the same options and Python-semantics
// keywords the run-time compiler uses), so `validate` loads neither ajv's compiler nor pays
// for compiling (about 40 ms of the 150 ms budget of a run).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withSourceModule } from './source-module.mjs';

const NAMESPACE = 'ai4os-precompiled-validator';

const standaloneModules = (root) =>
  withSourceModule(root, 'src/validate/standalone.ts', ({ standaloneValidators }) =>
    standaloneValidators((version) => JSON.parse(readFileSync(join(root, `schemata/ai4-apps-v${version}.json`), 'utf8'))),
  );

export function precompiledValidatorsPlugin(root = process.cwd()) {
  let modules;
  return {
    name: 'precompiled-validators',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]validate[\\/]precompiled\.ts$/ }, async () => {
        modules ??= await standaloneModules(root);
        const entries = Object.keys(modules).map(
          (version) => `  ${JSON.stringify(version)}: () => import(${JSON.stringify(`${NAMESPACE}:${version}`)}),`,
        );
        return { contents: `export const PRECOMPILED = {\n${entries.join('\n')}\n};\n`, loader: 'js' };
      });
      b.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({
        path: `validator-v${args.path.slice(NAMESPACE.length + 1)}`,
        namespace: NAMESPACE,
      }));
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: modules[args.path.slice('validator-v'.length)],
        loader: 'js',
        // The generated code requires ajv's run-time helpers and ./py-runtime.ts (src/validate/python).
        resolveDir: resolve(root, 'src/validate/python'),
      }));
    },
  };
}
