// esbuild plugin, for CommonJS output: a default import of a Node built-in
// (`import fs from 'node:fs'`) becomes `const fs = globalThis.process.getBuiltinModule('node:fs')`
// (Node >= 20.16, which `engines` requires). esbuild would otherwise give each importing
// module a copy of the built-in's exports (`__toESM`, one getter per property: node:process
// has over a hundred), ~60 copies on a creation's start. A built-in's default export is its
// exports object, so both read the same values. Not `require`, which a module may redefine.
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';

const DEFAULT_IMPORT = /^import ([A-Za-z_$][\w$]*) from (['"])([\w:/]+)\2;?$/gm;

/** `source` with each default import of a built-in made a lookup. */
export function requireBuiltins(source) {
  return source.replace(DEFAULT_IMPORT, (statement, name, quote, specifier) =>
    isBuiltin(specifier) ? `const ${name} = globalThis.process.getBuiltinModule(${quote}${specifier}${quote});` : statement,
  );
}

export function builtinImportsPlugin() {
  return {
    name: 'builtin-imports',
    setup(b) {
      b.onLoad({ filter: /\.(m?js|ts)$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const edited = requireBuiltins(source);
        return edited === source ? undefined : { contents: edited, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}
