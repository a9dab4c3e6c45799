import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../main/simulator/index';
import { SimulatorAdmin } from '../support/simulator-admin';

/**
 * One simulator for the file, reset to its starting state before every test, closed after the
 * last. `onReady` receives it once it is listening.
 */
export function useSimulator(onReady: (simulator: RunningSimulator, admin: SimulatorAdmin) => void, options: SimulatorOptions = {}): void {
  let simulator: RunningSimulator | undefined;
  let admin: SimulatorAdmin | undefined;
  beforeAll(async () => {
    simulator = await startSimulator(options);
    admin = new SimulatorAdmin(simulator.url);
    onReady(simulator, admin);
  });
  beforeEach(async () => {
    await admin?.reset();
  });
  afterAll(async () => {
    await simulator?.close();
  });
}
