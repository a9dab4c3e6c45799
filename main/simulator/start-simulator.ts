import { adminPrefix } from './admin-api';
import { ClientRegistry, defaultClients, redirectUriProblem } from './clients';
import type { ClientRegistration } from './clients';
import { CompanyDirectory, companyInputSchema, defaultCompanies } from './companies';
import type { Company, CompanyInput } from './companies';
import { apiBasePaths, discoveryPaths } from './discovery';
import type { Environment } from './environment';
import { closeServer, createSimulatorServer, listen } from './server';
import { defaultSettings, simulatorSettingsSchema } from './settings';
import type { SimulatorSettingsPatch } from './settings';
import { SimulatorState } from './simulator-state';

export interface ClientOverride {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUris?: readonly string[];
}

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Loopback only; nothing the simulator serves should be reachable from another machine. */
  readonly host?: '127.0.0.1' | 'localhost';
  /** Rotation on every refresh and zero grace for superseded refresh tokens. */
  readonly strict?: boolean;
  readonly settings?: SimulatorSettingsPatch;
  readonly clients?: Partial<Record<Environment, ClientOverride>>;
  /** More registered apps, e.g. a second sandbox app to show that codes do not cross apps. */
  readonly additionalClients?: readonly ClientRegistration[];
  /** Replaces the default companies of the signed-in user. */
  readonly companies?: readonly CompanyInput[];
  /** Skip Intuit's registration rules (https only; http://localhost for sandbox keys only). */
  readonly unrestrictedRedirectUris?: boolean;
}

export interface RunningSimulator {
  /** The origin, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly port: number;
  readonly adminUrl: string;
  readonly strict: boolean;
  readonly clients: Readonly<Record<Environment, ClientRegistration>>;
  readonly allClients: readonly ClientRegistration[];
  discoveryUrl(environment: Environment): string;
  apiBaseUrl(environment: Environment): string;
  close(): Promise<void>;
}

function registration(environment: Environment, override: ClientOverride | undefined): ClientRegistration {
  const base = defaultClients[environment];
  return {
    environment,
    clientId: override?.clientId ?? base.clientId,
    clientSecret: override?.clientSecret ?? base.clientSecret,
    redirectUris: [...(override?.redirectUris ?? base.redirectUris)],
  };
}

function checkClients(clients: readonly ClientRegistration[], unrestricted: boolean): void {
  const seen = new Set<string>();
  for (const client of clients) {
    if (client.clientId === '' || client.clientSecret === '') {
      throw new Error('a client needs a non-empty id and secret');
    }
    if (seen.has(client.clientId)) {
      throw new Error(`client id ${client.clientId} is registered twice`);
    }
    seen.add(client.clientId);
    if (!unrestricted) {
      for (const uri of client.redirectUris) {
        const problem = redirectUriProblem(client.environment, uri);
        if (problem !== null) {
          throw new Error(`Intuit would not register this redirect URI for ${client.environment} keys: ${problem}`);
        }
      }
    }
  }
}

function initialCompanies(inputs: readonly CompanyInput[] | undefined): Company[] {
  if (inputs === undefined) {
    return defaultCompanies();
  }
  const directory = new CompanyDirectory([]);
  for (const input of inputs) {
    directory.add(companyInputSchema.parse(input));
  }
  return [...directory.list()];
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const strict = options.strict ?? false;
  const clients = {
    sandbox: registration('sandbox', options.clients?.sandbox),
    production: registration('production', options.clients?.production),
  };
  const allClients = [clients.sandbox, clients.production, ...(options.additionalClients ?? [])];
  checkClients(allClients, options.unrestrictedRedirectUris ?? false);
  const settings = simulatorSettingsSchema.parse({ ...defaultSettings(strict), ...options.settings });
  const state = new SimulatorState(new ClientRegistry(allClients), initialCompanies(options.companies), settings);
  const server = createSimulatorServer(state);
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, options.port ?? 0, host);
  const url = `http://${host}:${address.port}`;
  state.origin = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    adminUrl: `${url}${adminPrefix}`,
    strict,
    clients,
    allClients,
    discoveryUrl(environment: Environment): string {
      return `${url}${discoveryPaths[environment]}`;
    },
    apiBaseUrl(environment: Environment): string {
      return `${url}${apiBasePaths[environment]}`;
    },
    close(): Promise<void> {
      closing ??= closeServer(server);
      return closing;
    },
  };
}
