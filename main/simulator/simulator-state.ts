import { CallLog } from './call-log';
import type { ClientRegistry } from './clients';
import { SimulatorClock } from './clock';
import { CompanyDirectory } from './companies';
import type { Company } from './companies';
import { FaultController } from './faults';
import { getSigningKey } from './id-token';
import type { SigningKey } from './id-token';
import type { SimulatorSettings } from './settings';
import { SimulatorStore } from './store';

/** The person signed in to Intuit in the simulated browser. */
export interface SimulatedUser {
  readonly sub: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly phoneNumber: string;
}

export const defaultUser: SimulatedUser = {
  sub: '4b9c7f5e-3d2a-4c1b-9e8f-7a6b5c4d3e21',
  email: 'pat.keeper@example.com',
  givenName: 'Pat',
  familyName: 'Keeper',
  phoneNumber: '+1 650-555-0142',
};

/** Everything one running simulator knows; each endpoint module reads and changes it. */
export class SimulatorState {
  readonly clock = new SimulatorClock();
  readonly store = new SimulatorStore();
  readonly faults = new FaultController();
  readonly callLog = new CallLog();
  readonly signingKey: SigningKey = getSigningKey();
  readonly user: SimulatedUser = defaultUser;
  readonly clients: ClientRegistry;
  readonly companies: CompanyDirectory;
  settings: SimulatorSettings;
  /** Set once the server listens; every URL the simulator hands out is built from it. */
  origin = 'http://127.0.0.1';
  readonly #initialSettings: SimulatorSettings;
  readonly #initialCompanies: readonly Company[];

  constructor(clients: ClientRegistry, companies: readonly Company[], settings: SimulatorSettings) {
    this.clients = clients;
    this.companies = new CompanyDirectory(companies);
    this.settings = settings;
    this.#initialSettings = settings;
    this.#initialCompanies = companies;
  }

  issuer(): string {
    return `${this.origin}/op/v1`;
  }

  reset(): void {
    this.clock.reset();
    this.store.clear();
    this.faults.clear();
    this.callLog.clear();
    this.companies.replaceAll(this.#initialCompanies);
    this.settings = this.#initialSettings;
  }
}
