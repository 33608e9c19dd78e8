/**
 * The Dockerfile against the hub's contract (`ARG tag`, then `FROM <base>:${tag}`, `ARG
 * branch`; installs the module, DEEPaaS and deep-start; `EXPOSE 5000 6006 8888`; a default
 * command that serves DEEPaaS): the hub's Jenkins pipeline builds it with
 * `--build-arg branch=<branch> [--build-arg tag=<base tag>]`, starts the image's default
 * command (ENTRYPOINT and CMD) and asks `GET /v2/models/` on port 5000; the platform runs it
 * with `deep-start --deepaas` in place of CMD (so set-up belongs in ENTRYPOINT) and mounts
 * storage with its own sidecar task. Errors are what makes the hub's build or image check
 * fail; the rest are warnings. A child module, or any module FROM an image of the
 * platform, inherits the command, deep-start and DEEPaaS from it.
 */
import {
  DockerfileSyntaxError,
  type Instruction,
  KNOWN_INSTRUCTIONS,
  parseDockerfile,
  readDockerfileText,
} from '../../module-files/dockerfile.js';
import { readOptionalModuleText } from '../../module-files/read-text.js';
import { join } from 'node:path';
import { type ModuleFindings, readReported } from './context.js';
import type { JenkinsConstants } from './jenkins.js';
import type { ModuleKind } from './kind.js';

/** The Dockerfile as read: absent, refused (reported), not parsable (reported), or its instructions. */
export type DockerfileRead =
  | { state: 'absent' }
  | { state: 'refused' }
  | { state: 'broken' }
  | { state: 'read'; instructions: Instruction[] };

/** Reads the Dockerfile the hub builds; reports one it cannot read or parse. */
export function readDockerfile(findings: ModuleFindings, file: string): DockerfileRead {
  const text = readReported(findings, file, (dir, shown) => readDockerfileText(dir, file, shown));
  if (text === null) return { state: 'refused' };
  if (text === undefined) return { state: 'absent' };
  try {
    return { state: 'read', instructions: parseDockerfile(text) };
  } catch (error) {
    if (!(error instanceof DockerfileSyntaxError)) throw error;
    findings.error('dockerfile/syntax', file, `Docker cannot parse this: ${error.message}`, { line: error.line });
    return { state: 'broken' };
  }
}

const runs = (instructions: Instruction[]) =>
  instructions
    .filter((i) => i.cmd.toUpperCase() === 'RUN')
    .map((i) => i.original)
    .join('\n');

/** `pip install -e …`: setuptools' editable install, which puts the module's folder on the path. */
export function installsEditable(read: DockerfileRead): boolean {
  return read.state === 'read' && /\bpip3?\s+install\b[^\n]*\s(?:-e|--editable)(?:\s|=)/.test(runs(read.instructions));
}

export function checkDockerfile(
  findings: ModuleFindings,
  jenkins: JenkinsConstants,
  read: DockerfileRead,
  kind: ModuleKind,
  requirements: string,
): void {
  const file = jenkins.dockerfile;
  if (read.state === 'absent') {
    findings.error('dockerfile/missing', file, `There is no ${file}: the hub builds the module's image from it`);
    return;
  }
  if (read.state !== 'read') return;
  const { instructions } = read;
  const at = (instruction: Instruction | undefined) => ({ line: instruction?.startLine ?? 1 });
  const named = (name: string) => instructions.filter((i) => i.cmd.toUpperCase() === name);
  const child = kind.kind === 'child';

  for (const instruction of instructions) {
    if (!KNOWN_INSTRUCTIONS.has(instruction.cmd.toUpperCase())) {
      findings.error('dockerfile/instruction', file, `Unknown instruction ${instruction.cmd}: docker build stops here`, at(instruction));
    }
  }
  const firstFrom = instructions.findIndex((i) => i.cmd.toUpperCase() === 'FROM');
  if (firstFrom === -1) {
    findings.error('dockerfile/from', file, 'There is no FROM: Docker needs a base image', { line: 1 });
    return;
  }
  const beforeFrom = instructions.slice(0, firstFrom);
  const stray = beforeFrom.find((i) => i.cmd.toUpperCase() !== 'ARG');
  if (stray) findings.error('dockerfile/from', file, `${stray.cmd} comes before the first FROM; only ARG may`, at(stray));

  // The base image tag, which the hub passes as --build-arg tag=… when JenkinsConstants.groovy
  // sets base_cpu_tag and base_gpu_tag.
  const from = instructions[firstFrom]!;
  const tagDeclared = beforeFrom.some((i) => i.cmd.toUpperCase() === 'ARG' && i.value.some((v) => /^tag(?:=|$)/.test(v)));
  const tagUsed = /\$\{?tag\b/.test(from.value[0] ?? '');
  if (!tagDeclared || !tagUsed) {
    const message = !tagDeclared ? 'No `ARG tag` before FROM' : 'FROM does not use ${tag}';
    if (jenkins.passesTag) {
      findings.error(
        'dockerfile/tag',
        file,
        `${message}: the hub builds the CPU and GPU images with --build-arg tag=…, so both would be the same image`,
        {
          ...at(from),
          hint: 'Write `ARG tag=<default>` and then `FROM <base image>:${tag}`.',
        },
      );
    } else {
      findings.warn(
        'dockerfile/tag',
        file,
        `${message}: the hub's contract is \`ARG tag\` then \`FROM <base>:\${tag}\`, so the base tag can be chosen at build time`,
        at(from),
      );
    }
  }
  const allRuns = runs(instructions);
  // Only a Dockerfile that clones the repository builds the branch the hub names.
  if (!child && /\bgit\s+clone\b/.test(allRuns) && !named('ARG').some((i) => i.value.some((v) => /^branch(?:=|$)/.test(v)))) {
    findings.warn(
      'dockerfile/branch',
      file,
      'No `ARG branch`: the hub builds with --build-arg branch=<branch>, and this clones a fixed branch',
      {
        ...at(from),
        hint: 'Add `ARG branch=main` after FROM, and clone with `-b $branch`.',
      },
    );
  }

  // The final stage is the image.
  const lastFrom = instructions.map((i) => i.cmd.toUpperCase()).lastIndexOf('FROM');
  const stage = instructions.slice(lastFrom);
  const inStage = (name: string) => stage.filter((i) => i.cmd.toUpperCase() === name);
  // An image of the platform as base (a parent module, an ai4oshub base) brings its default
  // command, deep-start and DEEPaaS.
  const inherits = kind.platformBase !== undefined;

  const exposed = new Set(inStage('EXPOSE').flatMap((i) => i.value.map((port) => port.replace(/\/\w+$/, ''))));
  const missingPorts = ['5000', '6006', '8888'].filter((port) => !exposed.has(port));
  if (missingPorts.length > 0 && !inherits) {
    findings.warn(
      'dockerfile/expose',
      file,
      `EXPOSE lacks ${missingPorts.join(', ')}: the platform serves DEEPaaS on 5000, monitoring on 6006 and the IDE on 8888`,
      {
        line: inStage('EXPOSE')[0]?.startLine ?? instructions[instructions.length - 1]!.startLine,
        hint: 'EXPOSE 5000 6006 8888',
      },
    );
  }

  checkDefaultCommand(findings, file, inStage('ENTRYPOINT').at(-1), inStage('CMD').at(-1), inherits, instructions);

  if (!inherits) {
    if (!/deep-start/.test(allRuns)) {
      findings.warn(
        'dockerfile/deep-start',
        file,
        'deep-start is not installed: the platform starts DEEPaaS, JupyterLab and VS Code with it',
        {
          ...at(from),
          hint: 'RUN git clone https://github.com/ai4os/deep-start /srv/.deep-start && ln -s /srv/.deep-start/deep-start.sh /usr/local/bin/deep-start',
        },
      );
    }
    const installsModule = /pip3?\s+install[^\n]*(?:\s-e\s+\.|\s\.(?:\s|$|\[)|-r\s+requirements)/.test(allRuns);
    if (!/deepaas/i.test(allRuns) && !(installsModule && /^\s*deepaas\b/im.test(requirements))) {
      findings.warn(
        'dockerfile/deepaas',
        file,
        'Nothing here installs DEEPaaS (neither a RUN naming deepaas nor the module with deepaas in its requirements)',
        at(from),
      );
    }
  }
}

/** The words of an exec-form instruction, or the shell text of a shell-form one. */
const words = (i: Instruction) => (i.json ? i.value : [i.value[0] ?? '']);

/**
 * What the hub's image check starts: ENTRYPOINT with CMD as its arguments (exec form), or
 * CMD alone. It serves DEEPaaS through deep-start, deepaas-run on 0.0.0.0, or an
 * ENTRYPOINT script of the repository that runs one of them (or execs its arguments, CMD).
 */
function checkDefaultCommand(
  findings: ModuleFindings,
  file: string,
  entrypoint: Instruction | undefined,
  cmd: Instruction | undefined,
  inherits: boolean,
  instructions: Instruction[],
): void {
  if (!cmd && !entrypoint) {
    if (!inherits) {
      findings.error('dockerfile/cmd', file, 'No CMD: the hub starts the image and expects DEEPaaS on port 5000', {
        line: instructions[instructions.length - 1]!.endLine,
        hint: 'CMD ["deep-start", "--deepaas"]',
      });
    }
    return;
  }
  // A shell-form ENTRYPOINT ignores CMD.
  const args = cmd && (!entrypoint || entrypoint.json) ? words(cmd).join(' ') : '';
  let command = args;
  const blame = entrypoint ?? cmd!;
  if (entrypoint) {
    const program = words(entrypoint).join(' ');
    const first = program.trim().split(/\s+/)[0] ?? '';
    if (/(?:^|\/)(?:deep-start|deepaas-run)$/.test(first)) command = `${program} ${args}`;
    else {
      const script = entrypointScript(findings, first);
      // A script the repository does not hold: what it runs cannot be seen here.
      if (script === undefined) return;
      // A script that execs "$@" runs CMD; otherwise what it runs is the command.
      command = /\bexec\s+"\$@"/.test(script) ? args : script;
    }
  }
  if (/\bdeepaas-run\b/.test(command) && !/\bdeep-start\b/.test(command) && !/--listen-ip[\s=]+["']?0\.0\.0\.0/.test(command)) {
    findings.error(
      'dockerfile/cmd',
      file,
      'deepaas-run listens on 127.0.0.1 unless told otherwise: outside the container nothing can reach it',
      {
        line: (cmd && /\bdeepaas-run\b/.test(words(cmd).join(' ')) ? cmd : blame).startLine,
        hint: 'CMD ["deep-start", "--deepaas"] (or deepaas-run --listen-ip 0.0.0.0 --listen-port 5000)',
      },
    );
  } else if (!serves(command) && !inherits) {
    findings.warn(
      'dockerfile/cmd',
      file,
      'The default command runs neither deep-start nor deepaas-run: the hub checks that the image serves DEEPaaS on port 5000',
      { line: blame.startLine },
    );
  }
  if (cmd && !cmd.json && /&&|;|\|\|/.test(cmd.value[0] ?? '')) {
    findings.warn(
      'dockerfile/cmd',
      file,
      'CMD chains several commands, but the platform replaces CMD when it deploys: set-up there would not run',
      {
        line: cmd.startLine,
        hint: 'Move the set-up into an ENTRYPOINT script and keep CMD ["deep-start", "--deepaas"].',
      },
    );
  }
}

/** deep-start (which starts DEEPaaS unless asked for another service) or deepaas-run. */
function serves(command: string): boolean {
  const lines = command.split('\n').filter((line) => !/^\s*#/.test(line));
  return lines.some(
    (line) =>
      (/\bdeep-start\b/.test(line) && (!/--(?:jupyter|vscode)\b/.test(line) || /--deepaas\b/.test(line))) || /\bdeepaas-run\b/.test(line),
  );
}

/**
 * The text of an ENTRYPOINT script the repository holds: its path in the image
 * (`/usr/local/bin/entrypoint.sh`, `repo/UI/entrypoint.sh` under WORKDIR) matched against
 * the repository by its longest tail that is a file there.
 */
function entrypointScript(findings: ModuleFindings, path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join('/');
    if (!/\.(?:sh|bash)$/.test(candidate)) return undefined;
    try {
      const text = readOptionalModuleText(join(findings.context.dir, candidate), {
        maxBytes: 256 * 1024,
        shown: candidate,
        what: 'a script',
      });
      if (text !== undefined) return text;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
