/** `ai4os-module check [DIR] [--format text|json]`. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { CHECK_EXIT, checkModule, describeCheck } from './check.js';

const HELP = `Usage: ai4os-module check [DIRECTORY] [--format text|json]

Say whether the module (by default the current directory) is at the template version of
this create-ai4os-module. For CI: exit 0 up to date, 1 an update is available, 3 the
module is newer than this tool (use a newer create-ai4os-module), 2 not a module.

Options:
  --format text|json   Output format (default text)
  -h, --help           Show this help
`;

export async function main(argv: string[], cwd: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UserError((error as Error).message, 'See ai4os-module check --help.');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UserError(`Unknown format "${values.format}".`, 'Use --format text or --format json.');
  }
  if (positionals.length > 1) throw new UserError(`Expected one directory, got ${positionals.length}.`);
  const result = checkModule(resolve(cwd, positionals[0] ?? '.'));
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(result)}\n` : `${describeCheck(result)}\n`);
  return CHECK_EXIT[result.status];
}
