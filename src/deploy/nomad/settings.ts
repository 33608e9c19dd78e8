/** The Nomad client settings, from the environment variables the nomad CLI reads. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';

/** TLS as NOMAD_CACERT, NOMAD_CAPATH, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY, NOMAD_TLS_SERVER_NAME, NOMAD_SKIP_VERIFY set it. */
export interface NomadTls {
  ca?: string[];
  cert?: string;
  key?: string;
  servername?: string;
  skipVerify: boolean;
}

export interface NomadSettings {
  address: string;
  token?: string;
  namespace?: string;
  region?: string;
  /** NOMAD_HTTP_AUTH, `user[:password]`, sent as basic authentication. */
  httpAuth?: string;
  tls?: NomadTls;
  /** Other values sent (the obscured storage password) to keep out of messages. */
  secrets?: string[];
}

const TLS_VARIABLES = [
  'NOMAD_CACERT',
  'NOMAD_CAPATH',
  'NOMAD_CLIENT_CERT',
  'NOMAD_CLIENT_KEY',
  'NOMAD_TLS_SERVER_NAME',
  'NOMAD_SKIP_VERIFY',
];

export function nomadSettings(env: NodeJS.ProcessEnv = process.env): NomadSettings {
  const address = (env.NOMAD_ADDR || 'http://127.0.0.1:4646').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(address)) throw new UserError(`NOMAD_ADDR=${address}: must start with http:// or https://.`);
  const tls = TLS_VARIABLES.some((name) => env[name]) ? tlsSettings(env) : undefined;
  const token = env.NOMAD_TOKEN?.trim() || undefined;
  if (token && /\s/.test(token)) throw new UserError('NOMAD_TOKEN contains spaces or line breaks inside the value; a token is one word.');
  return {
    address,
    token,
    namespace: env.NOMAD_NAMESPACE || undefined,
    region: env.NOMAD_REGION || undefined,
    httpAuth: env.NOMAD_HTTP_AUTH || undefined,
    tls,
  };
}

function readPem(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `${variable}=${path}: cannot read it (${(error as NodeJS.ErrnoException).code}).`,
      `Point ${variable} at a PEM file.`,
    );
  }
}

function tlsSettings(env: NodeJS.ProcessEnv): NomadTls {
  const ca: string[] = [];
  if (env.NOMAD_CACERT) ca.push(readPem('NOMAD_CACERT', env.NOMAD_CACERT));
  if (env.NOMAD_CAPATH) {
    let names: string[];
    try {
      names = readdirSync(env.NOMAD_CAPATH);
    } catch {
      throw new UserError(`NOMAD_CAPATH=${env.NOMAD_CAPATH}: not a directory.`);
    }
    for (const name of names.filter((n) => /\.(pem|crt)$/.test(n)).sort()) ca.push(readPem('NOMAD_CAPATH', join(env.NOMAD_CAPATH, name)));
  }
  if (Boolean(env.NOMAD_CLIENT_CERT) !== Boolean(env.NOMAD_CLIENT_KEY)) {
    throw new UserError('NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY go together: set both or neither.');
  }
  return {
    ca: ca.length > 0 ? ca : undefined,
    cert: env.NOMAD_CLIENT_CERT ? readPem('NOMAD_CLIENT_CERT', env.NOMAD_CLIENT_CERT) : undefined,
    key: env.NOMAD_CLIENT_KEY ? readPem('NOMAD_CLIENT_KEY', env.NOMAD_CLIENT_KEY) : undefined,
    servername: env.NOMAD_TLS_SERVER_NAME || undefined,
    skipVerify: ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(env.NOMAD_SKIP_VERIFY ?? ''),
  };
}
