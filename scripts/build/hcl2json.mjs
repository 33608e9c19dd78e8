// esbuild plugin: bundle @cdktf/hcl2json (HashiCorp's HCL parser as WASM), which
// `validate DIR` loads to parse Nomad jobs. The package reads its WASM next to its own
// file (`__dirname`), which a bundle does not have: the read is pointed at a path the
// caller sets (src/validate/module-checks/nomad.ts, beside its chunk), and the WASM is
// copied into dist/. A package upgrade that changes the read fails the build.
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const WASM_READ = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';

export function hcl2jsonPlugin() {
  const packageDir = dirname(createRequire(import.meta.url).resolve('@cdktf/hcl2json/package.json'));
  return {
    name: 'hcl2json-wasm',
    setup(b) {
      b.onLoad({ filter: /@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes(WASM_READ))
          throw new Error('@cdktf/hcl2json no longer reads its WASM as expected: update scripts/build/hcl2json.mjs');
        return { contents: source.replace(WASM_READ, 'globalThis.__hcl2jsonWasmPath'), loader: 'js' };
      });
      // Only on runtimes without a global `performance` (not Node 20+).
      b.onResolve({ filter: /^performance$/ }, () => ({ path: 'performance', external: true }));
      b.onEnd((result) => {
        if (result.errors.length === 0)
          copyFileSync(
            join(packageDir, 'main.wasm.gz'),
            join(b.initialOptions.outdir ?? dirname(b.initialOptions.outfile), 'hcl2json.wasm.gz'),
          );
      });
    },
  };
}
