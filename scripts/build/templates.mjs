// esbuild plugin: the module templates, compiled to functions ahead of time.
// src/render/precompiled.ts is replaced by the installed template set's version and one
// function per template, made by src/render/precompile.ts with the options render compiles
// with at run time (src/render/compile.ts), so a creation loads no EJS compiler and compiles
// nothing (EJS compiled the 26 templates on every run). Template sets read from a directory
// (`update --base-templates`) are still compiled at run time; EJS is deferred for that.
import { join } from 'node:path';
import { withSourceModule } from './source-module.mjs';

const precompiledSource = (root) =>
  withSourceModule(root, 'src/render/precompile.ts', ({ precompiledModuleSource }) => precompiledModuleSource(join(root, 'templates')));

export function precompiledTemplatesPlugin(root = process.cwd()) {
  let contents;
  return {
    name: 'precompiled-templates',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]render[\\/]precompiled\.ts$/ }, async () => {
        contents ??= await precompiledSource(root);
        return { contents, loader: 'js' };
      });
    },
  };
}
