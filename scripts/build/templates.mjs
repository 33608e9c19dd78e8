// esbuild plugin: the module templates, compiled to functions ahead of time.
// src/render/precompiled.ts is replaced by the installed template set's version and one
// function per template, made by src/render/precompile.ts with the options render compiles
// with at run time (src/render/compile.ts), so a creation loads no EJS compiler and compiles
// nothing (EJS compiled the 26 templates on every run). Template sets read from a directory
// (`update --base-templates`) are still compiled at run time; EJS is deferred for that.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function precompiledSource(root) {
  const bundled = await build({
    entryPoints: [join(root, 'src/render/precompile.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ai4os-templates-'));
  try {
    const file = join(dir, 'precompile.mjs');
    writeFileSync(file, bundled.outputFiles[0].text);
    const { precompiledModuleSource } = await import(pathToFileURL(file).href);
    return precompiledModuleSource(join(root, 'templates'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
