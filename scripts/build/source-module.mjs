// A TypeScript module of src/, bundled and imported at build time, so a build plugin can run
// the very code the tool runs (the schema compiler, the template compiler) to precompute its output.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bundles `entry` (a path under `root`), imports it and passes its exports to `use`. */
export async function withSourceModule(root, entry, use) {
  const bundled = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ai4os-build-'));
  try {
    const file = join(dir, basename(entry).replace(/\.ts$/, '.mjs'));
    writeFileSync(file, bundled.outputFiles[0].text);
    return await use(await import(pathToFileURL(file).href));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
