/**
 * `deploy --target nomad`: the module's job file parsed and validated by the cluster,
 * registered check-and-set, then followed with blocking queries until its task runs, fails
 * or --timeout passes; the API's address is the allocation's `api` port.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { ModuleFacts } from '../module.js';
import { HttpError } from '../../http.js';
import {
  type Allocation,
  type AllocationStub,
  type AllocMetric,
  type Evaluation,
  type NomadApi,
  type NomadJob,
  type RegisterResponse,
  connectNomad,
} from './api.js';
import { nomadSettings } from './settings.js';

export interface NomadOptions {
  update: boolean;
  variables: Record<string, string>;
  cpu?: number;
  memory?: number;
  timeoutSeconds: number;
  json: boolean;
  /** Values among the variables to keep out of messages. */
  secrets: string[];
}

const MAIN_TASK = 'main';

export function jobFile(module: ModuleFacts): string {
  return join(module.dir, 'nomad', `${module.repoName}.nomad.hcl`);
}

function readJobFile(module: ModuleFacts): string {
  const path = jobFile(module);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`The module has no Nomad job file: ${path}.`, 'Restore it (git checkout nomad/), or run `ai4os-module update`.');
  }
}

/** --cpu and --memory applied to the main task, as the platform edits the parsed job. */
function withResources(job: NomadJob, cpu: number | undefined, memory: number | undefined): NomadJob {
  if (cpu === undefined && memory === undefined) return job;
  for (const group of job.TaskGroups ?? []) {
    for (const task of group.Tasks ?? []) {
      if (task.Name !== MAIN_TASK) continue;
      task.Resources = {
        ...task.Resources,
        ...(cpu === undefined ? {} : { Cores: cpu, CPU: 0 }),
        ...(memory === undefined ? {} : { MemoryMB: memory, MemoryMaxMB: memory }),
      };
    }
  }
  return job;
}

function placementProblems(failed: Record<string, AllocMetric>): string[] {
  return Object.entries(failed).flatMap(([group, metric]) => [
    `  group "${group}": ${metric.NodesEvaluated ?? 0} nodes evaluated, ${metric.NodesFiltered ?? 0} filtered, ${metric.NodesExhausted ?? 0} exhausted`,
    ...Object.entries({ ...metric.ConstraintFiltered, ...metric.ClassExhausted }).map(([what, n]) => `    ${what}: ${n} node(s)`),
    ...Object.entries(metric.DimensionExhausted ?? {}).map(([what, n]) => `    not enough ${what} on ${n} node(s)`),
  ]);
}

function taskEvents(alloc: AllocationStub): string[] {
  return Object.entries(alloc.TaskStates ?? {}).flatMap(([task, state]) =>
    (state.Events ?? []).map(
      (e) =>
        `  ${task}: ${e.Type}${e.DisplayMessage || e.DriverError || e.Message ? `: ${e.DisplayMessage || e.DriverError || e.Message}` : ''}`,
    ),
  );
}

export function apiAddress(alloc: Allocation): { ip: string; port: number } | undefined {
  const shared = alloc.AllocatedResources?.Shared;
  const port = shared?.Ports?.find((p) => p.Label === 'api');
  const network = shared?.Networks?.[0];
  const ip = port?.HostIP || network?.IP;
  const value = port?.Value ?? [...(network?.DynamicPorts ?? []), ...(network?.ReservedPorts ?? [])].find((p) => p.Label === 'api')?.Value;
  return ip && value ? { ip, port: value } : undefined;
}

export async function deployNomad(module: ModuleFacts, options: NomadOptions): Promise<number> {
  const api = await connectNomad({ ...nomadSettings(), secrets: options.secrets });
  const hcl = readJobFile(module);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const job = withResources(await api.parse(hcl, options.variables), options.cpu, options.memory);
  const validation = await api.validate(job);
  for (const warning of (validation.Warnings ?? '').split('\n').filter((w) => w.trim())) say(`Nomad warns: ${warning.trim()}`);
  const errors = validation.ValidationErrors?.length ? validation.ValidationErrors : validation.Error ? [validation.Error] : [];
  if (errors.length > 0) {
    throw new UserError(
      `Nomad rejects the job in ${jobFile(module)}:\n${errors.map((e) => `  ${e}`).join('\n')}`,
      'Fix the job file (or the -var values) and deploy again.',
    );
  }

  const existing = await api.job(job.ID);
  if (existing && !options.update) {
    throw new UserError(
      `Nomad (${api.address}) already has a job "${job.ID}"${existing.Namespace ? ` in namespace ${existing.Namespace}` : ''} (version ${existing.Version ?? '?'}, ${existing.Status ?? 'unknown status'}).`,
      "Add --update to replace it with this module's job, or --stop to remove it. If it is someone else's, rename the module's job.",
      1,
    );
  }
  say(`${existing ? 'Updating' : 'Registering'} job "${job.ID}" on ${api.address}…`);
  let registered: RegisterResponse;
  try {
    registered = await api.register(job, existing?.JobModifyIndex ?? 0, { hcl, variables: options.variables });
  } catch (error) {
    // No answer: registering again could fail on the index or replace a newer job. Whether
    // this one took effect shows in the job's modify index; then follow its newest evaluation.
    if (!(error instanceof HttpError) || !error.uncertain) throw error;
    const now = await api.job(job.ID).catch(() => undefined);
    if (!now || now.JobModifyIndex === existing?.JobModifyIndex) throw error;
    const newest = (await api.evaluations(job.ID)).sort((a, b) => (b.CreateIndex ?? 0) - (a.CreateIndex ?? 0))[0];
    if (!newest) throw error;
    say(`Nomad did not confirm the registration, but job "${job.ID}" was registered (modify index ${now.JobModifyIndex}).`);
    registered = { EvalID: newest.ID };
  }
  if (registered.Warnings) say(`Nomad warns: ${registered.Warnings}`);
  const version = (await api.job(job.ID))?.Version;

  const remaining = () => (deadline - Date.now()) / 1000;
  const timedOut = (what: string) =>
    new UserError(
      `${what} within ${options.timeoutSeconds} s. The job stays registered.`,
      'See `ai4os-module deploy --target nomad --status`; wait longer with --timeout SECONDS; remove it with --stop.',
      1,
    );

  // The evaluation: placed, or why not.
  let evaluation: Evaluation;
  let index = 0;
  for (;;) {
    const answer = await api.evaluation(registered.EvalID, index, Math.min(60, remaining()));
    evaluation = answer.value;
    index = answer.index;
    if (evaluation.Status !== 'pending') break;
    if (remaining() <= 0) throw timedOut(`The evaluation of "${job.ID}" did not complete`);
  }
  if (evaluation.FailedTGAllocs && Object.keys(evaluation.FailedTGAllocs).length > 0) {
    throw new UserError(
      `Nomad could not place "${job.ID}":\n${placementProblems(evaluation.FailedTGAllocs).join('\n')}`,
      'Ask for fewer resources (--cpu, --memory), another datacenter (-var datacenter=NAME), or wait for capacity; the job stays registered (--stop removes it).',
      1,
    );
  }
  if (evaluation.Status !== 'complete') {
    throw new UserError(
      `The evaluation of "${job.ID}" ended ${evaluation.Status}${evaluation.StatusDescription ? `: ${evaluation.StatusDescription}` : ''}.`,
      undefined,
      1,
    );
  }

  // The allocations of this version, until the main task runs.
  index = 0;
  for (;;) {
    const answer = await api.allocations(job.ID, index, Math.min(60, remaining()));
    index = answer.index;
    const ours = answer.value.filter((a) => version === undefined || a.JobVersion === version);
    const failed = ours.find((a) => a.ClientStatus === 'failed' || a.ClientStatus === 'lost' || a.TaskStates?.[MAIN_TASK]?.Failed);
    if (failed) {
      throw new UserError(
        `The allocation ${failed.ID.slice(0, 8)} of "${job.ID}" failed (${failed.ClientStatus}). Task events:\n${taskEvents(failed).join('\n') || '  (none)'}`,
        "Fix what the events say; `--logs` shows the task's output.",
        1,
      );
    }
    const running = ours.find((a) => a.ClientStatus === 'running' && a.TaskStates?.[MAIN_TASK]?.State === 'running');
    if (running) {
      const alloc = await api.allocation(running.ID);
      const address = apiAddress(alloc);
      const url = address && `http://${address.ip}:${address.port}`;
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ status: 'running', job: job.ID, allocation: alloc.ID, api: url && `${url}/v2/`, swagger: url && `${url}/api` })}\n`,
        );
      } else {
        process.stdout.write(
          `"${job.ID}" runs on Nomad (allocation ${alloc.ID.slice(0, 8)}):\n${url ? `  API:        ${url}/v2/\n  Swagger UI: ${url}/api\n` : '  (no address for port "api")\n'}`,
        );
      }
      return 0;
    }
    if (remaining() <= 0) throw timedOut(`The task "${MAIN_TASK}" of "${job.ID}" was not running`);
  }
}

async function latestAllocation(api: NomadApi, id: string): Promise<AllocationStub | undefined> {
  const { value } = await api.allocations(id, 0, 0);
  return [...value].sort((a, b) => (b.CreateIndex ?? 0) - (a.CreateIndex ?? 0))[0];
}

async function jobId(module: ModuleFacts, api: NomadApi, variables: Record<string, string>): Promise<string> {
  return (await api.parse(readJobFile(module), variables)).ID;
}

export async function statusNomad(module: ModuleFacts, variables: Record<string, string>, json: boolean): Promise<number> {
  const api = await connectNomad(nomadSettings());
  const id = await jobId(module, api, variables);
  const job = await api.job(id);
  if (!job) {
    if (json) process.stdout.write(`${JSON.stringify({ status: 'not registered', job: id })}\n`);
    else process.stdout.write(`Nomad (${api.address}) has no job "${id}".\n`);
    return 3;
  }
  const alloc = await latestAllocation(api, id);
  const full = alloc && (await api.allocation(alloc.ID));
  const address = full && apiAddress(full);
  const url = address && `http://${address.ip}:${address.port}`;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ status: job.Status, job: id, version: job.Version, allocation: alloc?.ID, allocationStatus: alloc?.ClientStatus, api: url && `${url}/v2/` })}\n`,
    );
  } else {
    process.stdout.write(`"${id}" on ${api.address}: ${job.Status} (version ${job.Version ?? '?'})\n`);
    if (alloc) process.stdout.write(`  allocation ${alloc.ID.slice(0, 8)}: ${alloc.ClientStatus}${url ? `, API ${url}/v2/` : ''}\n`);
  }
  return 0;
}

export async function logsNomad(module: ModuleFacts, variables: Record<string, string>, follow: boolean): Promise<number> {
  const api = await connectNomad(nomadSettings());
  const id = await jobId(module, api, variables);
  const alloc = await latestAllocation(api, id);
  if (!alloc)
    throw new UserError(
      `Nomad (${api.address}) has no allocation of "${id}", so no log.`,
      'Deploy it with `ai4os-module deploy --target nomad`.',
      3,
    );
  if (!follow) {
    process.stdout.write(await api.logs(alloc.ID, MAIN_TASK, 'stdout'));
    process.stderr.write(await api.logs(alloc.ID, MAIN_TASK, 'stderr'));
    return 0;
  }
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  try {
    await Promise.all([
      api.followLogs(alloc.ID, MAIN_TASK, 'stdout', (c) => process.stdout.write(c), stop.signal),
      api.followLogs(alloc.ID, MAIN_TASK, 'stderr', (c) => process.stderr.write(c), stop.signal),
    ]);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  return 0;
}

export async function stopNomad(module: ModuleFacts, variables: Record<string, string>, purge: boolean, json: boolean): Promise<number> {
  const api = await connectNomad(nomadSettings());
  const id = await jobId(module, api, variables);
  if (!(await api.job(id))) {
    if (json) process.stdout.write(`${JSON.stringify({ status: 'not registered', job: id })}\n`);
    else process.stdout.write(`Nomad (${api.address}) has no job "${id}"; nothing to stop.\n`);
    return 0;
  }
  const { EvalID } = await api.deregister(id, purge);
  if (json) process.stdout.write(`${JSON.stringify({ status: purge ? 'purged' : 'stopped', job: id, evaluation: EvalID })}\n`);
  else process.stdout.write(`${purge ? 'Stopped and purged' : 'Stopped'} "${id}" on ${api.address}.\n`);
  return 0;
}

export async function listNomad(json: boolean): Promise<number> {
  const api = await connectNomad(nomadSettings());
  const jobs = await api.jobs();
  if (json) process.stdout.write(`${JSON.stringify(jobs.map((j) => ({ job: j.ID, status: j.Status, namespace: j.Namespace })))}\n`);
  else if (jobs.length === 0)
    process.stdout.write(`Nomad (${api.address}) has no jobs${api.settings.namespace ? ` in namespace ${api.settings.namespace}` : ''}.\n`);
  else for (const j of jobs) process.stdout.write(`${j.ID}  ${j.Status ?? ''}\n`);
  return 0;
}
