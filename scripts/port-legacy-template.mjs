// How templates/legacy/<template>/<version>/files/ was made: the official cookiecutter
// template's project folder, its Jinja turned into EJS that reads the cookiecutter context
// as `c` (src/update/legacy/context.ts computes it). Run once per ported version:
//   node scripts/port-legacy-template.mjs <exported template folder> <output folder>
// It converts the expressions these templates use; whatever it leaves (`{%` or `{{`) it
// names, for a hand port (the authors loop of pyproject.toml). Whitespace: cookiecutter's
// Jinja keeps the newline after a block tag, as EJS's `<% %>` does.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const [source, output] = process.argv.slice(2);
const PATH_NAMES = [[/\{\{ cookiecutter\.(__app_name|__model_source) \}\}/g, '__pkg__']];
const expression = (text) =>
  text
    .trim()
    .replace(/^cookiecutter\./, 'c.')
    .replace(/\|upper$/, '.toUpperCase()')
    .replace(/\.lower\(\)$/, '.toLowerCase()')
    .replace(/\.replace\('\\'', ''\)$/, `.replaceAll("'", '')`);
const condition = (text) =>
  text
    .trim()
    .replace(/cookiecutter\./g, 'c.')
    .replace(/\|length/g, '.length')
    .replace(/ == /g, ' === ')
    .replace(/\s+/g, ' ');
const convert = (text) =>
  text
    .replaceAll('<%', '<%%')
    .replace(/\{% now 'utc', '%Y' %\}/g, '<%- c.year %>')
    .replace(/\{% now 'utc', '%Y-%m-%d' %\}/g, '<%- c.today %>')
    .replace(/\{\{([^{}]*?)\}\}/g, (all, e) =>
      /^\s*cookiecutter\.[\w.]+(\|upper|\.lower\(\)|\.replace\('\\'', ''\))?\s*$/.test(e) ? `<%- ${expression(e)} %>` : all,
    )
    .replace(/\{% if (.*?) %\}/g, (_, e) => `<% if (${condition(e)}) { %>`)
    .replace(/\{% elif (.*?) %\}/g, (_, e) => `<% } else if (${condition(e)}) { %>`)
    .replace(/\{% else %\}/g, '<% } else { %>')
    .replace(/\{% endif %\}/g, '<% } %>');

const files = readdirSync(source, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
for (const entry of files) {
  const path = relative(source, join(entry.parentPath, entry.name)).split(sep).join('/');
  let target = path
    .split('/')
    .map((part) => part.replace(/^\./, 'dot-'))
    .join('/');
  for (const [from, to] of PATH_NAMES) target = target.replace(from, to);
  const text = convert(readFileSync(join(source, path), 'utf8'));
  const out = join(output, `${target}.ejs`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  if (/\{%|\{\{/.test(text)) console.log(`to port by hand: ${target}`);
}
