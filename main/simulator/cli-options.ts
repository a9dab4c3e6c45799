import { environments } from './environment';
import type { RunningSimulator } from './start-simulator';

export const defaultCliPort = 8700;

export type CliArguments =
  | { readonly kind: 'run'; readonly port: number; readonly strict: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

export const cliUsage = `Usage: simulator [--port N] [--strict]
  --port N   port on 127.0.0.1 (default ${defaultCliPort}; 0 picks a free one)
  --strict   rotate the refresh token on every refresh, and no grace for superseded ones`;

export function parseCliArguments(argv: readonly string[]): CliArguments {
  let port = defaultCliPort;
  let strict = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') {
      return { kind: 'help' };
    }
    if (argument === '--strict') {
      strict = true;
      continue;
    }
    const inline = /^--port=(.*)$/.exec(argument);
    if (argument === '--port' || inline !== null) {
      const value = inline?.[1] ?? argv[index + 1];
      if (inline === null) {
        index += 1;
      }
      if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
        return { kind: 'invalid', message: `--port needs a number from 0 to 65535, got ${value ?? 'nothing'}` };
      }
      port = Number(value);
      continue;
    }
    return { kind: 'invalid', message: `unknown argument ${argument}` };
  }
  return { kind: 'run', port, strict };
}

/** What a developer needs to point Realmkeeper (or curl) at the simulator. */
export function describeSimulator(simulator: RunningSimulator): string {
  const lines = [`Intuit simulator listening on ${simulator.url}${simulator.strict ? ' (strict)' : ''}`];
  for (const environment of environments) {
    const client = simulator.clients[environment];
    lines.push(
      '',
      `${environment}:`,
      `  discovery:     ${simulator.discoveryUrl(environment)}`,
      `  API base:      ${simulator.apiBaseUrl(environment)}`,
      `  client id:     ${client.clientId}`,
      `  client secret: ${client.clientSecret}`,
      `  redirect URIs: ${client.redirectUris.join(', ')}`,
    );
  }
  lines.push('', `admin API:       ${simulator.adminUrl}/ (e.g. GET ${simulator.adminUrl}/info)`, 'Stop with Ctrl+C.');
  return lines.join('\n');
}
