/**
 * The platform token: AI4OS_TOKEN, or standard input with --token-stdin, or oidc-agent over
 * its UNIX socket (OIDC_SOCK) with the request liboidcagent sends. Never from argv; the value
 * only goes into the Authorization header (the HTTP client redacts it from every message).
 */
import { createConnection } from 'node:net';
import { UserError } from '../../errors.js';
import { type Secret, secretFromEnv, secretFromStdin } from '../../http.js';

export const KEYCLOAK = 'https://login.cloud.ai4eosc.eu/realms/ai4eosc';

const HOW_TO_GET_ONE = [
  'Give a token of the platform (Keycloak of AI4OS) in one of these ways:',
  '  AI4OS_TOKEN=<token> ai4os-module deploy --target ai4os ...',
  '  oidc-token ai4os | ai4os-module deploy --target ai4os --token-stdin ...',
  '  oidc-agent: set OIDC_SOCK (eval $(oidc-agent)) and --oidc-account NAME or OIDC_ACCOUNT, after',
  `  oidc-gen --issuer ${KEYCLOAK} --scope "openid profile email offline_access" ai4os`,
  '(see the platform docs on tokens: https://docs.ai4eosc.eu).',
].join('\n');

/** oidc-agent's IPC: one JSON request on the socket, one JSON answer. */
export function oidcAgentToken(socket: string, account: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = createConnection(socket);
    let answer = '';
    connection.setTimeout(30_000, () => connection.destroy(new Error('no answer within 30 s')));
    connection.on('connect', () =>
      connection.write(JSON.stringify({ request: 'access_token', account, min_valid_period: 60, application_hint: 'ai4os-module' })),
    );
    connection.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      let parsed: { status?: string; access_token?: string; error?: string };
      try {
        parsed = JSON.parse(answer);
      } catch {
        return; // more to come
      }
      connection.end();
      if (parsed.status === 'success' && parsed.access_token) resolve(parsed.access_token);
      else
        reject(
          new UserError(
            `oidc-agent gave no token for account "${account}": ${parsed.error ?? parsed.status ?? 'no answer'}.`,
            `Check the account name (oidc-add -l lists them) and load it: oidc-add ${account}.`,
            1,
          ),
        );
    });
    connection.on('error', (error) =>
      reject(
        new UserError(
          `Cannot reach oidc-agent at OIDC_SOCK=${socket}: ${error.message}.`,
          'Start it (eval $(oidc-agent)) or give the token with AI4OS_TOKEN or --token-stdin.',
          1,
        ),
      ),
    );
  });
}

export async function platformToken(
  options: { tokenStdin: boolean; oidcAccount?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Secret> {
  if (options.tokenStdin) return secretFromStdin(HOW_TO_GET_ONE);
  const fromEnv = secretFromEnv(['AI4OS_TOKEN'], env);
  if (fromEnv) return fromEnv;
  const socket = env.OIDC_SOCK;
  const account = options.oidcAccount ?? env.OIDC_ACCOUNT;
  if (socket && account) return { value: await oidcAgentToken(socket, account), source: `oidc-agent account ${account}` };
  if (socket)
    throw new UserError(
      'oidc-agent runs (OIDC_SOCK is set) but no account is named.',
      'Add --oidc-account NAME or set OIDC_ACCOUNT (oidc-add -l lists the accounts).',
    );
  throw new UserError('The AI4OS platform wants a token for this, and none was given.', HOW_TO_GET_ONE);
}
