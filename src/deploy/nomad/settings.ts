/** The Nomad client settings, from the environment variables the nomad CLI reads. */
import { UserError } from '../../errors.js';

export interface NomadSettings {
  address: string;
  token?: string;
  namespace?: string;
  region?: string;
  /** NOMAD_HTTP_AUTH, `user[:password]`, sent as basic authentication. */
  httpAuth?: string;
}

const TLS_VARIABLES = ['NOMAD_CACERT', 'NOMAD_CAPATH', 'NOMAD_CLIENT_CERT', 'NOMAD_CLIENT_KEY', 'NOMAD_TLS_SERVER_NAME', 'NOMAD_SKIP_VERIFY'];

export function nomadSettings(env: NodeJS.ProcessEnv = process.env): NomadSettings {
  const address = (env.NOMAD_ADDR || 'http://127.0.0.1:4646').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(address)) throw new UserError(`NOMAD_ADDR=${address}: must start with http:// or https://.`);
  const tls = TLS_VARIABLES.filter((name) => env[name]);
  if (tls.length > 0) {
    throw new UserError(
      `${tls.join(', ')} ${tls.length === 1 ? 'is' : 'are'} set, and this version cannot yet present client certificates or trust a CA of its own.`,
      'Reach the cluster through a local proxy that does TLS (e.g. `nomad operator api`), or deploy with the nomad CLI: `nomad job run nomad/<repo>.nomad.hcl`.',
    );
  }
  const token = env.NOMAD_TOKEN?.trim() || undefined;
  if (token && /\s/.test(token)) throw new UserError('NOMAD_TOKEN contains spaces or line breaks inside the value; a token is one word.');
  return { address, token, namespace: env.NOMAD_NAMESPACE || undefined, region: env.NOMAD_REGION || undefined, httpAuth: env.NOMAD_HTTP_AUTH || undefined };
}
