// esbuild plugin: bundle each package version once. npm installs the same version of a
// package at several paths when it cannot hoist it (minimatch 10 sits under mem-fs-editor,
// multimatch and @yeoman/conflicter, because ejs holds minimatch 5 at the top), and a bundler
// takes each path for a different module: three copies to read and run on every start. Here
// a bare import that resolves into a copy of a name@version installed more than once is
// pointed at one of them, the same one every build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The package directory a resolved file belongs to: the path up to its last node_modules/<name>. */
function packageDir(file) {
  const parts = file.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const nameParts = parts[at + 1].startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + nameParts).join(sep);
}

/** Every installed package directory under `dir`/node_modules, nested ones included. */
function installedPackages(dir, found = []) {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => join(entry, name)) : [entry];
    for (const name of scoped) {
      const pkg = join(modules, name);
      if (!existsSync(join(pkg, 'package.json'))) continue;
      found.push(pkg);
      installedPackages(pkg, found);
    }
  }
  return found;
}

export function dedupePlugin(root = process.cwd()) {
  return {
    name: 'dedupe',
    setup(b) {
      /** Package directory -> the directory bundled for its name@version: the least nested, then by name. */
      const canonical = new Map();
      b.onStart(() => {
        const byId = new Map();
        const depth = (dir) => dir.split(`${sep}node_modules${sep}`).length;
        const order = (a, b) => depth(a) - depth(b) || (a < b ? -1 : 1);
        for (const dir of installedPackages(root).sort(order)) {
          const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
          const id = `${name}@${version}`;
          if (!byId.has(id)) byId.set(id, dir);
          canonical.set(dir, byId.get(id));
        }
      });
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.dedupe || args.namespace !== 'file') return undefined;
        const resolved = await b.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: { dedupe: true },
        });
        if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== 'file') return undefined;
        const dir = packageDir(resolved.path);
        const target = dir && canonical.get(dir);
        if (!target || target === dir) return undefined;
        return { path: join(target, relative(dir, resolved.path)), sideEffects: resolved.sideEffects };
      });
    },
  };
}
