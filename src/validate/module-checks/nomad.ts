/**
 * The module's Nomad job (nomad/*.hcl), parsed with HashiCorp's HCL parser (@cdktf/hcl2json,
 * WASM, about 0.1 s to load: imported only when a job file exists), then checked for what
 * the job the platform API deploys has: a service job whose docker task runs
 * `deep-start --deepaas` with the `api` port mapped to 5000 (`monitor` 6006, `ide` 8888). Returns the image it runs.
 * All findings are warnings: the platform deploys modules from its own job template, so a
 * job here matters to `ai4os-module deploy` and to people who run it on their own Nomad.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineOf, type ModuleContext, type ModuleFindings, plainFile, readReported } from './context.js';

/** A Nomad job is a few kB. */
const MAX_JOB_BYTES = 256 * 1024;

type Hcl = Record<string, unknown>;

export interface NomadImage {
  file: string;
  image: string;
  line?: number;
}

async function jobFiles(context: ModuleContext): Promise<string[]> {
  const inNomad = await readdir(join(context.dir, 'nomad')).then(
    (names) => names.filter((name) => /\.(?:hcl|nomad)$/.test(name)).map((name) => `nomad/${name}`),
    () => [],
  );
  const atRoot = await readdir(context.dir).then((names) => names.filter((name) => /\.nomad(?:\.hcl)?$/.test(name)));
  return [...inNomad, ...atRoot].sort();
}

async function hclParser(): Promise<(file: string, text: string) => Promise<Hcl>> {
  // Bundled, the parser finds its WASM beside this chunk (see scripts/build/hcl2json.mjs).
  (globalThis as { __hcl2jsonWasmPath?: string }).__hcl2jsonWasmPath ??= fileURLToPath(new URL('./hcl2json.wasm.gz', import.meta.url));
  const hcl2json = await import('@cdktf/hcl2json');
  // A CommonJS package: bundled, its exports arrive as `default` only.
  const parse = hcl2json.parse ?? (hcl2json as unknown as { default: typeof hcl2json }).default.parse;
  return parse as (file: string, text: string) => Promise<Hcl>;
}

export async function checkNomadJobs(context: ModuleContext, findings: ModuleFindings): Promise<NomadImage[]> {
  const files = await jobFiles(context);
  if (files.length === 0) return [];
  const parse = await hclParser();
  const images: NomadImage[] = [];
  for (const file of files) {
    const text = readReported(findings, file, plainFile(file, MAX_JOB_BYTES, 'a Nomad job file'));
    if (typeof text !== 'string') continue;
    let job: Hcl;
    try {
      job = await parse(file, text);
    } catch (error) {
      const message = (error as Error).message.replace(/^parse config: \[|\]$/g, '');
      const line = /:(\d+),\d+/.exec(message)?.[1];
      findings.warn('nomad/syntax', file, `HCL does not parse: ${message.replace(/^[^:]*:\d+,[\d-]+(?:-\d+,\d+)?: /, '')}`, {
        line: line ? Number(line) : undefined,
      });
      continue;
    }
    const image = checkJob(job, file, text, findings);
    if (image) images.push(image);
  }
  return images;
}

const blocks = (value: unknown): Hcl[] =>
  value && typeof value === 'object'
    ? Object.values(value as Hcl).flatMap((entries) => (Array.isArray(entries) ? (entries as Hcl[]) : []))
    : [];
const first = (value: unknown): Hcl | undefined => (Array.isArray(value) ? (value[0] as Hcl) : undefined);

function checkJob(root: Hcl, file: string, text: string, findings: ModuleFindings): NomadImage | undefined {
  const jobs = blocks(root.job);
  if (jobs.length === 0) {
    findings.warn('nomad/job', file, 'There is no job block', { line: 1 });
    return undefined;
  }
  const job = jobs[0]!;
  if (job.type !== undefined && job.type !== 'service') {
    findings.warn('nomad/job', file, `The job type is ${JSON.stringify(job.type)}; the platform deploys modules as "service" jobs`, {
      line: lineOf(text, /^\s*type\s*=/m),
    });
  }
  const groups = blocks(job.group);
  const ports = groups
    .flatMap((group) => (Array.isArray(group.network) ? (group.network as Hcl[]) : []))
    .flatMap((network) => Object.entries((network.port ?? {}) as Hcl));
  const api = ports.find(([name]) => name === 'api');
  if (!api || first(api[1])?.to !== 5000) {
    findings.warn('nomad/ports', file, 'No port "api" mapped to 5000: the platform reaches DEEPaaS through it', {
      line: lineOf(text, /\bnetwork\s*\{/),
    });
  }
  const tasks = groups.flatMap((group) => blocks(group.task));
  const task = tasks.find((t) => t.driver === 'docker');
  if (!task) {
    findings.warn('nomad/task', file, 'No task with driver = "docker"', { line: lineOf(text, /\btask\s+"/) });
    return undefined;
  }
  const config = first(task.config);
  if (typeof config?.image !== 'string' || config.image === '') {
    findings.warn('nomad/image', file, 'The docker task names no image', { line: lineOf(text, /\bconfig\s*\{/) });
    return undefined;
  }
  // An image filled in when the job runs cannot be compared with the metadata's.
  const image = resolveVariables(config.image, root.variable as Hcl | undefined);
  if (!image) return undefined;
  const command = [config?.command, ...(Array.isArray(config?.args) ? config.args : [])]
    .filter((part) => typeof part === 'string')
    .join(' ');
  if (command && !/\bdeep-start\b[\s\S]*--deepaas|\bdeepaas-run\b/.test(command)) {
    findings.warn('nomad/command', file, `The task runs "${command}"; the platform runs deep-start --deepaas`, {
      line: lineOf(text, /^\s*command\s*=/m),
    });
  }
  return { file, image: image.replace(/:[^/:]*$/, ''), line: lineOf(text, /^\s*image\s*=/m) };
}

/** `${var.name}` replaced by the variable's default; undefined when one has none. */
function resolveVariables(value: string, variables: Hcl | undefined): string | undefined {
  let unresolved = false;
  const resolved = value.replace(/\$\{\s*var\.(\w+)\s*\}/g, (_, name: string) => {
    const fallback = first(variables?.[name])?.default;
    if (typeof fallback !== 'string' && typeof fallback !== 'number') {
      unresolved = true;
      return '';
    }
    return String(fallback);
  });
  // `${NOMAD_META_…}` and the like are filled in by Nomad, not by the job's variables.
  return unresolved || resolved.includes('${') ? undefined : resolved;
}
