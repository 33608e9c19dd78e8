// Build-time stand-in for `latest-version` (with ky, package-json, rc and npm-conf): Yeoman
// uses it only to look up npm dependency versions a generator adds to a package.json. A
// module is a Python package and this tool makes no such look-up; if one happened, say so.
export default async function latestVersion(name) {
  throw new Error(`create-ai4os-module does not look up npm versions (asked for ${name})`);
}
