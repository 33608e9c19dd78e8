/** `ai4os-module check [DIR] [--format text|json]`. */
import { UserError } from '../errors.js';
import { commandArgs } from './args.js';
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
  const args = commandArgs(argv, cwd, { command: 'check', help: HELP, options: { format: { type: 'string', default: 'text' } } });
  if (!args) return 0;
  const { format } = args.values;
  if (format !== 'text' && format !== 'json') {
    throw new UserError(`Unknown format "${format}".`, 'Use --format text or --format json.');
  }
  const result = checkModule(args.dir);
  process.stdout.write(format === 'json' ? `${JSON.stringify(result)}\n` : `${describeCheck(result)}\n`);
  return CHECK_EXIT[result.status];
}
