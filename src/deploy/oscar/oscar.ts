/**
 * `deploy --target oscar`: the module's `oscar/<repo>.yaml` created on an OSCAR cluster, or
 * the service of that name updated (PUT) when it exists; `--invoke` runs it synchronously
 * and prints what it answers, `--status` and `--stop` find it by the file's name.
 */
import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { HttpError, type HttpResponse } from '../../http.js';
import { readModuleText } from '../../module-files/read-text.js';
import type { OscarService } from '../../module-files/oscar-service.js';
import type { OscarApi } from './api.js';

export interface ServiceOverrides {
  image?: string;
  tag?: string;
  cpu?: number;
  memory?: number;
}

/** The file's service with the flags' image, tag, CPU and memory. */
export function withOverrides(service: OscarService, options: ServiceOverrides): OscarService {
  const out: OscarService = { ...service };
  if (options.image !== undefined || options.tag !== undefined) {
    const [, name, tag] = /^(.*?)(?::([^/:]+))?$/.exec(service.image)!;
    out.image = `${options.image ?? name}:${options.tag ?? tag ?? 'latest'}`;
  }
  if (options.cpu !== undefined) out.cpu = String(options.cpu);
  if (options.memory !== undefined) out.memory = `${options.memory}Mi`;
  return out;
}

const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** `--invoke`: a JSON object given inline, or the path of a file holding one. */
export function invokeRequest(value: string, cwd: string): Record<string, unknown> {
  const inline = value.trimStart().startsWith('{');
  const text = inline ? value : readModuleText(resolve(cwd, value), { maxBytes: MAX_REQUEST_BYTES, shown: value, what: 'a request' });
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `--invoke ${inline ? 'JSON' : value}: not valid JSON (${(error as Error).message}).`,
      'Give a JSON object of the arguments of predict, e.g. --invoke \'{"help": ""}\' to list them.',
    );
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request))
    throw new UserError(
      `--invoke ${inline ? 'JSON' : value}: must be a JSON object of the arguments of predict.`,
      'For example {"help": ""}.',
    );
  return request as Record<string, unknown>;
}

/** Prints what a run answered; a result `{"error": ...}` (the script's way to fail) exits 1. */
export function printRun(response: HttpResponse): number {
  const text = response.text.endsWith('\n') ? response.text : `${response.text}\n`;
  process.stdout.write(text);
  const data = response.data as Record<string, unknown> | undefined;
  return data && typeof data === 'object' && 'error' in data ? 1 : 0;
}

function endpoint(api: OscarApi, name: string): string {
  return `${api.cluster}/run/${name}`;
}

export async function deployOscar(api: OscarApi, service: OscarService, json: boolean): Promise<number> {
  const existing = await api.get(service.name);
  process.stderr.write(`${existing ? 'Updating' : 'Creating'} the OSCAR service ${service.name} (${service.image}) on ${api.cluster}…\n`);
  if (existing) await api.update(service);
  else {
    try {
      await api.create(service);
    } catch (error) {
      // A create without an answer may have taken effect: the service is there, or it is not.
      if (!(error instanceof HttpError) || !error.uncertain || !(await api.get(service.name))) throw error;
      process.stderr.write(`The cluster did not confirm, but the service ${service.name} exists.\n`);
    }
  }
  const action = existing ? 'updated' : 'created';
  if (json) process.stdout.write(`${JSON.stringify({ name: service.name, status: action, endpoint: endpoint(api, service.name) })}\n`);
  else
    process.stdout.write(
      `Service ${service.name} ${action} on ${api.cluster}\n  endpoint: ${endpoint(api, service.name)}\n` +
        `Call it with: ai4os-module deploy --target oscar --cluster ${api.cluster} --invoke '{"help": ""}'\n`,
    );
  return 0;
}

async function deployed(api: OscarApi, name: string) {
  const service = await api.get(name);
  if (!service) throw new UserError(`No service ${name} on ${api.cluster}.`, 'Deploy it first: ai4os-module deploy --target oscar.', 3);
  return service;
}

export async function statusOscar(api: OscarApi, name: string, json: boolean): Promise<number> {
  const { token: _token, script: _script, ...service } = await deployed(api, name);
  if (json) process.stdout.write(`${JSON.stringify({ ...service, endpoint: endpoint(api, name) })}\n`);
  else
    process.stdout.write(
      `Service ${name} on ${api.cluster}: ${service.image}, cpu ${String(service.cpu ?? '?')}, memory ${String(service.memory ?? '?')}\n` +
        `  endpoint: ${endpoint(api, name)}\n`,
    );
  return 0;
}

export async function stopOscar(api: OscarApi, name: string, json: boolean): Promise<number> {
  if (!(await api.remove(name))) throw new UserError(`No service ${name} on ${api.cluster}.`, undefined, 3);
  process.stdout.write(json ? `${JSON.stringify({ name, status: 'deleted' })}\n` : `Deleted the service ${name} on ${api.cluster}.\n`);
  return 0;
}

export async function invokeOscar(api: OscarApi, name: string, request: Record<string, unknown>): Promise<number> {
  const service = await deployed(api, name);
  return printRun(await api.run(name, request, service.token));
}
