/**
 * How `deploy --target oscar` signs in to an OSCAR cluster: an OIDC access token (OSCAR_TOKEN,
 * or standard input with --token-stdin) sent as `Authorization: Bearer`, or OSCAR's basic
 * auth (OSCAR_USER, default `oscar`, and OSCAR_PASSWORD, or a hidden prompt in a terminal).
 * Never from argv; the values only go into the Authorization header, which the HTTP client
 * redacts from every message.
 */
import { UserError } from '../../errors.js';
import { type Secret, secretFromEnv, secretFromStdin } from '../../http.js';

export interface OscarAuth {
  scheme: 'Bearer' | 'Basic';
  secret: Secret;
  /** Values to keep out of messages besides the header's (the password itself). */
  secrets: string[];
  /** Basic auth runs a service with the service's own token; an OIDC token runs it itself. */
  basic: boolean;
}

const HOW = [
  'Sign in to the OSCAR cluster in one of these ways:',
  '  OSCAR_TOKEN=<OIDC access token> ai4os-module deploy --target oscar ...',
  '  oidc-token <account> | ai4os-module deploy --target oscar --token-stdin ...',
  '  OSCAR_USER=oscar OSCAR_PASSWORD=<password> ai4os-module deploy --target oscar ...  (or type it when asked)',
].join('\n');

export function oscarCluster(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const cluster = (flag ?? env.OSCAR_ENDPOINT ?? '').replace(/\/+$/, '');
  if (!cluster)
    throw new UserError(
      '--target oscar needs the address of the OSCAR cluster.',
      'Give --cluster https://<cluster> or set OSCAR_ENDPOINT.',
    );
  if (!/^https?:\/\/[^/]/.test(cluster))
    throw new UserError(`${flag ? '--cluster' : 'OSCAR_ENDPOINT'} ${cluster}: must start with https:// (or http://).`);
  return cluster;
}

function bearer(secret: Secret): OscarAuth {
  return { scheme: 'Bearer', secret, secrets: [], basic: false };
}

function basic(user: string, password: string, source: string): OscarAuth {
  const value = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  return { scheme: 'Basic', secret: { value, source }, secrets: [password], basic: true };
}

export async function oscarAuth(
  options: { tokenStdin: boolean; prompt?: (message: string) => Promise<string> },
  env: NodeJS.ProcessEnv = process.env,
): Promise<OscarAuth> {
  if (options.tokenStdin) return bearer(await secretFromStdin(HOW));
  const token = secretFromEnv(['OSCAR_TOKEN'], env);
  if (token) return bearer(token);
  const user = env.OSCAR_USER?.trim() || 'oscar';
  const password = env.OSCAR_PASSWORD;
  if (password) return basic(user, password, 'OSCAR_PASSWORD');
  if (options.prompt) {
    const typed = await options.prompt(`Password of ${user} on the OSCAR cluster`);
    if (typed) return basic(user, typed, 'the password typed');
  }
  throw new UserError('The OSCAR cluster wants a token or a password, and none was given.', HOW);
}

/** A hidden prompt, only when a person is at the terminal (CI gets the error that says what to set). */
export async function terminalPassword(): Promise<((message: string) => Promise<string>) | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  const { password } = await import('@inquirer/prompts');
  return (message) => password({ message, mask: true }, { output: process.stderr });
}
