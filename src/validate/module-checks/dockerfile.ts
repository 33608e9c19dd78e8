/**
 * The Dockerfile against the hub's contract (`ARG tag`, then `FROM <base>:${tag}`, `ARG
 * branch`; installs the module, DEEPaaS, rclone and deep-start; `EXPOSE 5000 6006 8888`;
 * default command `deep-start --deepaas`): the hub's Jenkins pipeline builds it with
 * `--build-arg branch=<branch> [--build-arg tag=<base tag>]`, starts the image's default
 * command and expects DEEPaaS on port 5000; the platform runs it with `deep-start`,
 * storage through rclone, and replaces CMD (so set-up belongs in ENTRYPOINT).
 * Errors are what makes the hub's build or image check fail; the rest are warnings.
 */
import {
  DockerfileSyntaxError,
  type Instruction,
  KNOWN_INSTRUCTIONS,
  parseDockerfile,
  readDockerfileText,
} from '../../module-files/dockerfile.js';
import { type ModuleFindings, readReported } from './context.js';
import type { JenkinsConstants } from './jenkins.js';
import { PLATFORM_IMAGE } from './kind.js';

export function checkDockerfile(findings: ModuleFindings, jenkins: JenkinsConstants, requirements: string): void {
  const file = jenkins.dockerfile;
  const text = readReported(findings, file, (dir, shown) => readDockerfileText(dir, file, shown));
  if (text === null) return;
  if (text === undefined) {
    findings.error('dockerfile/missing', file, `There is no ${file}: the hub builds the module's image from it`);
    return;
  }
  let instructions: Instruction[];
  try {
    instructions = parseDockerfile(text);
  } catch (error) {
    if (!(error instanceof DockerfileSyntaxError)) throw error;
    findings.error('dockerfile/syntax', file, `Docker cannot parse this: ${error.message}`, { line: error.line });
    return;
  }
  const at = (instruction: Instruction | undefined) => ({ line: instruction?.startLine ?? 1 });
  const named = (name: string) => instructions.filter((i) => i.cmd.toUpperCase() === name);

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
  // sets base_cpu_tag or base_gpu_tag.
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
  if (!named('ARG').some((i) => i.value.some((v) => /^branch(?:=|$)/.test(v)))) {
    findings.warn('dockerfile/branch', file, 'No `ARG branch`: the hub builds with --build-arg branch=<branch>', {
      ...at(from),
      hint: 'Add `ARG branch=main` after FROM.',
    });
  }

  // The final stage is the image.
  const lastFrom = instructions.map((i) => i.cmd.toUpperCase()).lastIndexOf('FROM');
  const stage = instructions.slice(lastFrom);
  const inStage = (name: string) => stage.filter((i) => i.cmd.toUpperCase() === name);
  const baseImage = (instructions[lastFrom]!.value[0] ?? '').replace(/\$\{?\w+\}?/g, '');
  const child = PLATFORM_IMAGE.test(baseImage);

  const exposed = new Set(inStage('EXPOSE').flatMap((i) => i.value.map((port) => port.replace(/\/\w+$/, ''))));
  const missingPorts = ['5000', '6006', '8888'].filter((port) => !exposed.has(port));
  if (missingPorts.length > 0 && !child) {
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

  const cmd = inStage('CMD').at(-1);
  const entrypoint = inStage('ENTRYPOINT').at(-1);
  const command = cmd ? (cmd.json ? cmd.value.join(' ') : (cmd.value[0] ?? '')) : '';
  if (!cmd && !entrypoint && !child) {
    findings.error('dockerfile/cmd', file, 'No CMD: the hub starts the image and expects DEEPaaS on port 5000', {
      line: instructions[instructions.length - 1]!.endLine,
      hint: 'CMD ["deep-start", "--deepaas"]',
    });
  } else if (cmd) {
    if (/\bdeepaas-run\b/.test(command) && !/0\.0\.0\.0/.test(command)) {
      findings.error(
        'dockerfile/cmd',
        file,
        'deepaas-run listens on 127.0.0.1 unless told otherwise: outside the container nothing can reach it',
        {
          ...at(cmd),
          hint: 'CMD ["deep-start", "--deepaas"] (or deepaas-run --listen-ip 0.0.0.0 --listen-port 5000)',
        },
      );
    } else if (!/\bdeep-start\b[\s\S]*--deepaas|\bdeepaas-run\b/.test(command)) {
      findings.warn(
        'dockerfile/cmd',
        file,
        'The default command is not `deep-start --deepaas`: the hub checks that the image serves DEEPaaS on port 5000',
        at(cmd),
      );
    }
    if (/&&|;|\|\|/.test(command)) {
      findings.warn(
        'dockerfile/cmd',
        file,
        'CMD chains several commands, but the platform replaces CMD when it deploys: set-up there would not run',
        {
          ...at(cmd),
          hint: 'Move the set-up into an ENTRYPOINT script and keep CMD ["deep-start", "--deepaas"].',
        },
      );
    }
  }

  if (!child) {
    const runs = named('RUN')
      .map((i) => i.original)
      .join('\n');
    if (!/deep-start/.test(runs)) {
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
    if (!/rclone/.test(runs)) {
      findings.warn('dockerfile/rclone', file, "rclone is not installed: the platform mounts the user's storage with it", at(from));
    }
    const installsModule = /pip3?\s+install[^\n]*(?:\s-e\s+\.|\s\.(?:\s|$|\[)|-r\s+requirements)/.test(runs);
    if (!/deepaas/i.test(runs) && !(installsModule && /^\s*deepaas\b/im.test(requirements))) {
      findings.warn(
        'dockerfile/deepaas',
        file,
        'Nothing here installs DEEPaaS (neither a RUN naming deepaas nor the module with deepaas in its requirements)',
        at(from),
      );
    }
  }
}
