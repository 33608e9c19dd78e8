/**
 * `ai4os-module completion bash|zsh|fish`: a completion script written from the command
 * table, for ai4os-module (commands, then each command's flags, the values of flags with
 * fixed choices or suggestions, files and directories where a flag or argument takes one)
 * and for create-ai4os-module (the flags of `new`).
 */
import { COMMANDS } from './commands.js';
import { allFlags } from './parse.js';
import type { Command, FlagSpec, PositionalSpec } from './spec.js';

type Shell = 'bash' | 'zsh' | 'fish';

interface Completed {
  name: string;
  summary: string;
  flags: [string, FlagSpec][];
  positionals: readonly PositionalSpec[];
}

const TOP_FLAGS: [string, FlagSpec][] = [
  ['help', { type: 'boolean', short: 'h', help: 'Show this help' }],
  ['version', { type: 'boolean', short: 'v', help: 'Show the version' }],
];

export async function main({ positionals }: { positionals: { shell: string } }): Promise<number> {
  const commands = await Promise.all(COMMANDS.map(completed));
  process.stdout.write(SCRIPTS[positionals.shell as Shell](commands));
  return 0;
}

async function completed(command: Command): Promise<Completed> {
  const more = command.moreFlags ? await command.moreFlags.load() : {};
  return { name: command.name, summary: command.summary, flags: Object.entries(allFlags(command, more)), positionals: command.positionals };
}

const values = (spec: FlagSpec) => spec.choices ?? spec.suggestions;
const commandNames = () => COMMANDS.map((c) => c.name);
/** What a positional takes, as completion sees it. */
function positionalValues(p: PositionalSpec | undefined): readonly string[] | 'file' | 'directory' | undefined {
  if (!p) return undefined;
  if (p.choices) return p.choices;
  if (p.kind === 'command') return commandNames();
  if (p.kind === 'directory') return 'directory';
  return p.kind ? 'file' : undefined;
}

// bash ---------------------------------------------------------------------------------------

const sh = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const bashNames = (name: string, spec: FlagSpec) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])];

function bash(commands: Completed[]): string {
  const valueCases = commands.flatMap((c) =>
    c.flags
      .filter(([, spec]) => spec.type === 'string')
      .map(([name, spec]) => {
        const pattern = bashNames(name, spec)
          .map((flag) => sh(`${c.name}:${flag}`))
          .join('|');
        const offer = values(spec);
        const action = offer
          ? `_ai4os_module_offer "$cur" ${offer.map(sh).join(' ')}`
          : spec.complete === 'file'
            ? 'mapfile -t COMPREPLY < <(compgen -f -- "$cur")'
            : spec.complete === 'directory'
              ? 'mapfile -t COMPREPLY < <(compgen -d -- "$cur")'
              : ':';
        return `    ${pattern}) ${action}; return ;;`;
      }),
  );
  const flagCases = commands.map(
    (c) =>
      `      ${sh(c.name)}) _ai4os_module_offer "$cur" ${c.flags
        .flatMap(([name, spec]) => bashNames(name, spec))
        .map(sh)
        .join(' ')} ;;`,
  );
  const argumentCases = commands.flatMap((c) => {
    const taken = positionalValues(c.positionals[0]);
    if (!taken) return [];
    const action =
      taken === 'file'
        ? 'mapfile -t COMPREPLY < <(compgen -f -- "$cur")'
        : taken === 'directory'
          ? 'mapfile -t COMPREPLY < <(compgen -d -- "$cur")'
          : `_ai4os_module_offer "$cur" ${taken.map(sh).join(' ')}`;
    return [`    ${sh(c.name)}) ${action} ;;`];
  });
  return `# bash completion for ai4os-module and create-ai4os-module, made by \`ai4os-module completion bash\`.
# Load it with: source <(ai4os-module completion bash)

# Adds to COMPREPLY each of the words after $1 that starts with $1.
_ai4os_module_offer() {
  local cur=$1 word
  shift
  for word in "$@"; do
    [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
  done
}

# Completes a word of a command: $1 the command, $2 the word, $3 the word before it.
_ai4os_module_command() {
  local command=$1 cur=$2 prev=$3
  case "$command:$prev" in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    case $command in
${flagCases.join('\n')}
    esac
    return
  fi
  case $command in
${argumentCases.join('\n')}
  esac
}

# The word being completed and the one before; bash splits --flag=value at the '='.
_ai4os_module_words() {
  cur=\${COMP_WORDS[COMP_CWORD]}
  prev=\${COMP_WORDS[COMP_CWORD-1]}
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=\${COMP_WORDS[COMP_CWORD-2]}
  fi
}

_ai4os_module() {
  COMPREPLY=()
  local cur prev command= i
  _ai4os_module_words
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      -*) ;;
      *) command=\${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      _ai4os_module_offer "$cur" ${TOP_FLAGS.flatMap(([name, spec]) => bashNames(name, spec))
        .map(sh)
        .join(' ')}
    else
      _ai4os_module_offer "$cur" ${commandNames().map(sh).join(' ')}
    fi
    return
  fi
  _ai4os_module_command "$command" "$cur" "$prev"
}

_create_ai4os_module() {
  COMPREPLY=()
  local cur prev
  _ai4os_module_words
  _ai4os_module_command new "$cur" "$prev"
}

complete -o filenames -F _ai4os_module ai4os-module
complete -o filenames -F _create_ai4os_module create-ai4os-module
`;
}

// zsh ----------------------------------------------------------------------------------------

/** A description between [ ] in an _arguments spec. */
const zshDescription = (text: string) => text.replace(/[\\[\]]/g, '\\$&');
/** A value in an action's ( ) list. */
const zshValue = (text: string) => text.replace(/[\\\s()[\]:'"`$|&;<>*?#~]/g, '\\$&');

function zshAction(spec: FlagSpec): string {
  const offer = values(spec);
  if (offer) return `(${offer.map(zshValue).join(' ')})`;
  if (spec.complete === 'file') return '_files';
  if (spec.complete === 'directory') return '_files -/';
  return ' ';
}

function zshFlagSpecs([name, spec]: [string, FlagSpec]): string[] {
  const description = `[${zshDescription(spec.help)}]`;
  const value = spec.type === 'string' ? `:${zshDescription(spec.value ?? 'VALUE').replace(/:/g, '\\:')}:${zshAction(spec)}` : '';
  const forms = [
    `--${name}${spec.type === 'string' ? '=' : ''}`,
    ...(spec.short ? [`-${spec.short}${spec.type === 'string' ? '+' : ''}`] : []),
  ];
  const exclusion = spec.multiple ? '*' : spec.short ? `(--${name} -${spec.short})` : '';
  return forms.map((form) => `${exclusion}${form}${description}${value}`);
}

function zshPositional(p: PositionalSpec): string {
  const taken = positionalValues(p);
  const action = taken === 'file' ? '_files' : taken === 'directory' ? '_files -/' : taken ? `(${taken.map(zshValue).join(' ')})` : ' ';
  return `${p.variadic ? '*' : '1'}:${p.name.replace(/:/g, '\\:')}:${action}`;
}

const zshFunction = (name: string) => `_ai4os_module_${name.replace(/[^a-z0-9]/g, '_')}`;

function zsh(commands: Completed[]): string {
  const functions = commands.map((c) => {
    const specs = [...c.flags.flatMap(zshFlagSpecs), ...c.positionals.map(zshPositional)];
    return `${zshFunction(c.name)}() {\n  _arguments -s -S \\\n${specs.map((s) => `    ${sh(s)}`).join(' \\\n')}\n}`;
  });
  const described = commands.map((c) => `    ${sh(`${c.name.replace(/:/g, '\\:')}:${c.summary}`)}`);
  return `#compdef ai4os-module create-ai4os-module
# zsh completion for ai4os-module and create-ai4os-module, made by \`ai4os-module completion zsh\`.
# Load it with: source <(ai4os-module completion zsh)   (after compinit)

${functions.join('\n\n')}

_ai4os_module() {
  local curcontext=$curcontext state line
  _arguments -C \\
${TOP_FLAGS.flatMap(([name, spec]) => [`--${name}`, `-${spec.short}`].map((form) => `    ${sh(`(- *)${form}[${zshDescription(spec.help)}]`)} \\`)).join('\n')}
    '1:command:->command' \\
    '*::argument:->argument'
  case $state in
    command)
      local -a commands=(
${described.join('\n')}
      )
      _describe -t commands command commands
      ;;
    argument)
      case $words[1] in
${commands.map((c) => `        ${sh(c.name)}) ${zshFunction(c.name)} ;;`).join('\n')}
      esac
      ;;
  esac
}

compdef _ai4os_module ai4os-module
compdef ${zshFunction('new')} create-ai4os-module
`;
}

// fish ---------------------------------------------------------------------------------------

const fishQuote = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;
/** Candidates for -a: one token each, spaces and fish's special characters escaped. */
const fishCandidates = (list: readonly string[]) => fishQuote(list.map((v) => v.replace(/[\\\s'"$()*?~{}[\]|&;<>#]/g, '\\$&')).join(' '));

function fishFlag(bin: string, condition: string, [name, spec]: [string, FlagSpec]): string {
  const parts = ['complete', '-c', bin];
  if (condition) parts.push('-n', fishQuote(condition));
  if (spec.short) parts.push('-s', spec.short);
  parts.push('-l', name);
  const offer = values(spec);
  if (spec.type === 'string') {
    if (offer) parts.push('-x', '-a', fishCandidates(offer));
    else if (spec.complete === 'file') parts.push('-r', '-F');
    else if (spec.complete === 'directory') parts.push('-x', '-a', fishQuote('(__fish_complete_directories)'));
    else parts.push('-x');
  }
  parts.push('-d', fishQuote(spec.help));
  return parts.join(' ');
}

function fishPositional(bin: string, condition: string, p: PositionalSpec | undefined): string[] {
  const taken = positionalValues(p);
  if (!taken) return [];
  const parts = ['complete', '-c', bin];
  if (condition) parts.push('-n', fishQuote(condition));
  if (taken === 'file') parts.push('-F');
  else if (taken === 'directory') parts.push('-a', fishQuote('(__fish_complete_directories)'));
  else parts.push('-a', fishCandidates(taken));
  return [parts.join(' ')];
}

function fish(commands: Completed[]): string {
  const lines = [
    '# fish completion for ai4os-module and create-ai4os-module, made by `ai4os-module completion fish`.',
    '# Install it with: ai4os-module completion fish > ~/.config/fish/completions/ai4os-module.fish',
    '',
    'complete -c ai4os-module -f',
    ...TOP_FLAGS.map((flag) => fishFlag('ai4os-module', '__fish_use_subcommand', flag)),
    ...commands.map((c) => `complete -c ai4os-module -n __fish_use_subcommand -a ${fishQuote(c.name)} -d ${fishQuote(c.summary)}`),
  ];
  for (const c of commands) {
    const condition = `__fish_seen_subcommand_from ${c.name}`;
    lines.push(
      '',
      ...c.flags.map((flag) => fishFlag('ai4os-module', condition, flag)),
      ...fishPositional('ai4os-module', condition, c.positionals[0]),
    );
  }
  const create = commands.find((c) => c.name === 'new')!;
  lines.push(
    '',
    'complete -c create-ai4os-module -f',
    ...create.flags.map((flag) => fishFlag('create-ai4os-module', '', flag)),
    ...fishPositional('create-ai4os-module', '', create.positionals[0]),
    '',
  );
  return lines.join('\n');
}

const SCRIPTS: Record<Shell, (commands: Completed[]) => string> = { bash, zsh, fish };
