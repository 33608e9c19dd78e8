// How templates/legacy/<template>/<version>/files/ was made: the official cookiecutter
// template's project folder, its Jinja turned into EJS that reads the cookiecutter context
// as `c` (src/update/legacy/context.ts computes it). Run once per ported version:
//   node scripts/port-legacy-template.mjs <exported template folder> <output folder>
// It converts the expressions and blocks these templates use; whatever it leaves (`{%` or
// `{{`) it names, for a hand port. Whitespace: cookiecutter's Jinja keeps the newline after
// a block tag, as EJS's `<% %>` does; `{%-` eats the whitespace before it, written out here.
// The child template's JenkinsConstants.groovy also gets, by hand, the tail its
// post-generation hook appends (templates/legacy/README.md).
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
// pyproject.toml's authors: parallel lists split on commas.
const AUTHORS_LOOP =
  /\n\{%- set names = cookiecutter\.author_name\.split\(','\) -%\}\n\{%- set emails = cookiecutter\.author_email\.split\(','\) -%\}\n\{%- for i in range\(0, names\|length\) %\}(\n[^\n]*)\{\{ names\[i\]\.strip\(\) \}\}([^\n]*)\{\{ emails\[i\]\.strip\(\) \}\}([^\n]*)\n\{%- endfor %\}/;
const convert = (text) =>
  text
    .replaceAll('<%', '<%%')
    .replace(
      AUTHORS_LOOP,
      (_, before, between, after) => `<% for (const a of c.authors) { %>${before}<%- a.name %>${between}<%- a.email %>${after}<% } %>`,
    )
    .replace(/\n\{%- if cookiecutter\.(\w+) %\}(\n[^\n]*)\n\{%- endif %\}/g, (_, flag, line) => `<% if (c.${flag}) { %>${line}<% } %>`)
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
