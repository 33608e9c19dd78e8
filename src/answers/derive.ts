import { PYTHON_KEYWORDS, PYTHON_STDLIB_MODULES } from './python-names.js';

/** Latin letters without their accents, so "Détection d'Objets" still gives a readable name. */
function asciiFold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** "My Model: v2 (beta)" -> "my-model-v2-beta"; empty when the text has no letter or digit. */
export function slugify(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** "my-model" -> "My Model": the title a module gets when only a directory is named. */
export function titleFromDirectory(dirName: string): string {
  return dirName
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Why `name` cannot be the module's Python package, or undefined when it can. */
export function pythonPackageProblem(name: string): string | undefined {
  if (!isPythonIdentifier(name)) {
    return 'must be a Python identifier: letters, digits and _, not starting with a digit';
  }
  if (name !== name.toLowerCase()) return 'must be lower case (PEP 8 package names)';
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword`;
  if (PYTHON_STDLIB_MODULES.has(name)) {
    return `"${name}" would shadow the Python standard library module of that name`;
  }
  if (name === 'deepaas' || name === 'tests') return `"${name}" is already used by the module's own files`;
  return undefined;
}

/** The repository name with `_` for `-`, made importable when it would not be. */
export function packageNameFromRepo(repoName: string): string {
  let name = repoName.replace(/-/g, '_');
  if (/^[0-9]/.test(name)) name = `module_${name}`;
  if (pythonPackageProblem(name)) name = `${name}_module`;
  return name;
}
