/**
 * `deploy --target ai4os --federated-server`: the platform's federated server tool (a Flower
 * server, ai4os/ai4os-federated-server) started for the module's clients, with its `flower`
 * settings; the address the clients use (`python -m <pkg>.federated --server HOST:443`)
 * once it runs. --status, --stop and --list go to the tools' routes.
 */
import { UserError } from '../../errors.js';
import type { ModuleFacts } from '../module.js';
import { inRange, waitRunning } from './ai4os.js';
import type { Strategy } from './federated-options.js';
import type { ConfField, Deployment, ModuleConf, Papi } from './papi.js';

export const FEDERATED_TOOL = 'ai4os-federated-server';

/** Strategies the server starts from `initial_model.keras`, a file its image does not hold (fedserver/server.py). */
const NEEDS_INITIAL_MODEL: readonly Strategy[] = ['FedAdam', 'FedOpt', 'FedYogi'];

export interface FederatedServerOptions {
  vo: string;
  tag?: string;
  rounds?: number;
  strategy?: Strategy;
  minClients?: number;
  metric: string;
  cpu?: number;
  memory?: number;
  disk?: number;
  wait: boolean;
  timeoutSeconds: number;
  json: boolean;
}

/** The tool's defaults, ranges and options (ai4-papi etc/tools/ai4os-federated-server/user.yaml), when the catalog says nothing. */
const DOCUMENTED: ModuleConf = {
  general: { docker_tag: { value: 'latest' } },
  hardware: {
    cpu_num: { value: 1, range: [1, 2] },
    ram: { value: 2000, range: [2000, 8000] },
    disk: { value: 1000, range: [1000, 2000] },
  },
  flower: {
    rounds: { value: 5, range: [1, null] },
    min_fit_clients: { value: 2, range: [2, null] },
    min_available_clients: { value: 2, range: [2, null] },
    strategy: {
      value: 'Federated Averaging (FedAvg)',
      options: [
        'Federated Averaging (FedAvg)',
        'FedProx strategy (FedProx)',
        'Federated Optimization with Adam (FedAdam)',
        'Federated Median (FedMedian)',
        'Federated Averaging with Momentum (FedAvgM)',
        'Adaptive Federated Optimization (FedOpt)',
        'Adaptive Federated Optimization using Yogi (FedYogi)',
        'FedAvgOpt',
      ],
    },
  },
};

/** The option the server compares FEDERATED_STRATEGY with: "Federated Averaging (FedAvg)" for FedAvg. */
function strategyOption(strategy: Strategy, f: ConfField): string {
  const options = (f.options ?? []).map(String);
  const option = options.find((o) => o === strategy || o.endsWith(`(${strategy})`));
  if (!option) throw new UserError(`--strategy ${strategy}: the platform's federated server offers ${options.join('; ')}.`);
  return option;
}

/** The configuration the tools route receives: general, hardware (only what was asked for) and flower. */
export function federatedServerConf(
  module: ModuleFacts,
  options: FederatedServerOptions,
  catalog: ModuleConf,
): Record<string, Record<string, unknown>> {
  const field = (group: string, key: string): ConfField => catalog[group]?.[key] ?? DOCUMENTED[group]?.[key] ?? { value: undefined };
  const general = {
    title: `Federated server: ${module.title}`.slice(0, 45),
    desc: `Flower server for the clients of ${module.repoName} (python -m ${module.packageName}.federated)`.slice(0, 1000),
    docker_image: 'ai4oshub/ai4os-federated-server',
    docker_tag: options.tag ?? String(field('general', 'docker_tag').value ?? 'latest'),
    service: 'fedserver',
  };
  const hardware: Record<string, number> = {};
  if (options.cpu !== undefined) hardware.cpu_num = inRange('cpu', options.cpu, field('hardware', 'cpu_num'), options.vo);
  if (options.memory !== undefined) hardware.ram = inRange('memory', options.memory, field('hardware', 'ram'), options.vo);
  if (options.disk !== undefined) hardware.disk = inRange('disk', options.disk, field('hardware', 'disk'), options.vo);
  const minClients = options.minClients ?? Number(field('flower', 'min_fit_clients').value ?? 2);
  const flower = {
    rounds: inRange('rounds', options.rounds ?? Number(field('flower', 'rounds').value ?? 5), field('flower', 'rounds'), options.vo),
    metric: options.metric,
    min_fit_clients: inRange('min-clients', minClients, field('flower', 'min_fit_clients'), options.vo),
    min_available_clients: inRange('min-clients', minClients, field('flower', 'min_available_clients'), options.vo),
    strategy: strategyOption(options.strategy ?? 'FedAvg', field('flower', 'strategy')),
  };
  return Object.keys(hardware).length > 0 ? { general, hardware, flower } : { general, flower };
}

/** `fedserver-<uuid>.<datacenter>-deployments.cloud.ai4eosc.eu:443`: the server's endpoint as gRPC over TLS reaches it. */
export function clientAddress(d: Deployment): string | undefined {
  const url = d.endpoints?.fedserver;
  if (!url) return undefined;
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '443'}`;
}

function report(packageName: string | undefined, d: Deployment, vo: string, json: boolean): string {
  const address = clientAddress(d);
  if (json) return `${JSON.stringify({ ...d, vo, ...(address ? { address } : {}) })}\n`;
  const lines = [`Federated server ${d.job_ID} in ${vo}: ${d.status}${d.error_msg ? `: ${d.error_msg}` : ''}`];
  if (address) {
    lines.push(
      `Address for the clients: ${address}`,
      `Start each client where its data is:`,
      `  python -m ${packageName ?? '<package>'}.federated --server ${address}`,
      `A server started with --tag tokens asks for a token: the dashboard shows it with the deployment's secrets;`,
      `give it to each client in ${packageName ? packageName.toUpperCase() : '<PACKAGE>'}_FEDERATED_TOKEN.`,
    );
  } else {
    lines.push(`Its address is known once it runs: ai4os-module deploy --target ai4os --federated-server --vo ${vo} --status ${d.job_ID}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function deployFederatedServer(papi: Papi, module: ModuleFacts, options: FederatedServerOptions): Promise<number> {
  if (module.packageName === undefined)
    throw new UserError(
      `${module.repoName} has no Python package of its own (a child module), so it has no Flower client to run against a federated server.`,
      'Start the federated server from a module with a package, created with --federated.',
    );
  if (!module.federated)
    process.stderr.write(
      `Note: ${module.repoName} has no Flower client yet; \`ai4os-module update --set federated=true\` adds ${module.packageName}/federated.py.\n`,
    );
  if (options.strategy && NEEDS_INITIAL_MODEL.includes(options.strategy))
    process.stderr.write(
      `Note: the server starts ${options.strategy} from initial_model.keras, which its image does not hold: put one there (service jupyter or vscode) or choose another --strategy.\n`,
    );
  const catalog = (await papi.toolConfig(FEDERATED_TOOL, options.vo)) ?? {};
  const conf = federatedServerConf(module, options, catalog);
  process.stderr.write(`Starting the federated server (${conf.flower!.strategy}, ${conf.flower!.rounds} rounds) in ${options.vo}…\n`);
  // Never repeated: a second POST would start a second server.
  const id = await papi.create(options.vo, conf, FEDERATED_TOOL);
  const d = options.wait ? await waitRunning(papi, id, options, 'tools') : { job_ID: id, status: 'queued' };
  process.stdout.write(report(module.packageName, d, options.vo, options.json));
  return 0;
}

export async function statusFederatedServer(
  papi: Papi,
  packageName: string | undefined,
  id: string,
  vo: string,
  json: boolean,
): Promise<number> {
  const d = await papi.get(id, vo, 'tools');
  if (!d) throw new UserError(`No tool deployment ${id} in ${vo}.`, `--federated-server --list shows the federated servers of ${vo}.`, 3);
  process.stdout.write(report(packageName, d, vo, json));
  return 0;
}

export async function listFederatedServers(papi: Papi, vo: string, json: boolean): Promise<number> {
  const servers = (await papi.list(vo, 'tools')).filter((d) => d.tool_name === undefined || d.tool_name === FEDERATED_TOOL);
  if (json) process.stdout.write(`${JSON.stringify(servers)}\n`);
  else if (servers.length === 0) process.stdout.write(`No federated servers in ${vo}.\n`);
  else
    for (const d of servers) {
      const address = clientAddress(d);
      process.stdout.write(`${d.job_ID}  ${d.status.padEnd(9)} ${d.title ?? ''}${address ? `  ${address}` : ''}\n`);
    }
  return 0;
}

export async function stopFederatedServer(papi: Papi, id: string, vo: string, json: boolean): Promise<number> {
  await papi.remove(id, vo, 'tools');
  process.stdout.write(json ? `${JSON.stringify({ job_ID: id, status: 'deleted' })}\n` : `Deleted federated server ${id} in ${vo}.\n`);
  return 0;
}
