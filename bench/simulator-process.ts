import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startSimulator, type ClientRegistration, type CompanyInput } from '../main/simulator/index';

/**
 * The Intuit simulator for the bench, in its own process: in the engine's process it would share
 * one event loop with the code being measured, and on two cores that would blur every figure.
 */
export interface SimulatorDescription {
  readonly url: string;
  readonly clients: { readonly sandbox: ClientRegistration; readonly production: ClientRegistration };
  readonly discoveryUrls: { readonly sandbox: string; readonly production: string };
  readonly apiBaseUrls: { readonly sandbox: string; readonly production: string };
}

export interface SimulatorProcess {
  readonly description: SimulatorDescription;
  readonly pid: number;
  close(): Promise<void>;
}

const words = ['Harbor', 'Maple', 'Summit', 'Cedar', 'Willow', 'Granite', 'Sunrise', 'Bluebird', 'Riverside', 'Oak', 'Copper', 'Lantern'];
const trades = ['Bakery', 'Dental', 'Landscaping', 'Plumbing', 'Consulting', 'Coffee', 'Books', 'Auto Repair', 'Florist', 'Fitness'];

/** Sandbox realm ids and names that read like a bookkeeper's client list, stable from run to run. */
export function benchCompanyInputs(count: number): CompanyInput[] {
  return Array.from({ length: count }, (_, index) => ({
    environment: 'sandbox' as const,
    realmId: `93414${String(index).padStart(11, '0')}`,
    companyName: `${words[index % words.length]} ${trades[Math.floor(index / words.length) % trades.length]} ${String(index + 1).padStart(4, '0')}`,
  }));
}

/** The child side: `run-bench.js --child simulator <companies> <redirectUri>`. */
export async function runSimulatorChild(args: readonly string[]): Promise<void> {
  const companies = Number(args[0] ?? '0');
  const redirectUri = args[1] ?? '';
  const simulator = await startSimulator({ companies: benchCompanyInputs(companies), clients: { sandbox: { redirectUris: [redirectUri] } } });
  const description: SimulatorDescription = {
    url: simulator.url,
    clients: simulator.clients,
    discoveryUrls: { sandbox: simulator.discoveryUrl('sandbox'), production: simulator.discoveryUrl('production') },
    apiBaseUrls: { sandbox: simulator.apiBaseUrl('sandbox'), production: simulator.apiBaseUrl('production') },
  };
  process.stdout.write(`${JSON.stringify(description)}\n`);
  // The parent holds our stdin: when it ends (the bench finished or died), so do we.
  process.stdin.resume();
  process.stdin.once('end', () => void simulator.close().finally(() => process.exit(0)));
}

export async function startSimulatorProcess(entry: string, companies: number, redirectUri: string): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [entry, '--child', 'simulator', String(companies), redirectUri], { stdio: ['pipe', 'pipe', 'inherit'] });
  const description = await new Promise<SimulatorDescription>((resolve, reject) => {
    if (child.stdout === null) throw new Error('no stdout');
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as SimulatorDescription));
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code} before it started`)));
  });
  return {
    description,
    pid: child.pid ?? 0,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      await exited;
    },
  };
}
