import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { createKeytarSecretStore } from '../../../main/core/keychain/keytar-secret-store';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index';
import { freeLoopbackPort } from '../../support/engine-harness';
import { SimulatorAdmin } from '../../support/simulator-admin';
import { simulatorEnvironment } from '../../support/simulator-environment';
import { removeAllSecrets, uniqueKeychainService } from '../../support/system-requirements';
import { WebShell } from './web-shell';

/**
 * One simulator, one data folder, one throwaway keychain service and the browser shell over
 * them: what each end-to-end file starts with. `environment()` is what a real run would set.
 */
export class E2eApp {
  shell: WebShell | undefined;

  private constructor(
    readonly simulator: RunningSimulator,
    readonly admin: SimulatorAdmin,
    readonly home: string,
    readonly keychainService: string,
    readonly redirectUri: string,
  ) {}

  static async start(): Promise<E2eApp> {
    const redirectUri = `http://localhost:${await freeLoopbackPort()}/callback`;
    const simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
    return new E2eApp(simulator, new SimulatorAdmin(simulator.url), mkdtempSync(join(tmpdir(), 'realmkeeper-e2e-')), uniqueKeychainService('e2e'), redirectUri);
  }

  environment(clockOffsetMs = 0): Record<string, string> {
    return {
      REALMKEEPER_HOME: this.home,
      REALMKEEPER_KEYCHAIN_SERVICE: this.keychainService,
      ...simulatorEnvironment(this.simulator, { sandbox: this.redirectUri }),
      REALMKEEPER_WEB_PORT: '0',
      REALMKEEPER_CLOCK_OFFSET_MS: String(clockOffsetMs),
    };
  }

  /** (Re)starts the browser shell and opens the window in `page`. */
  async open(page: Page, clockOffsetMs = 0, extraEnv: Record<string, string> = {}): Promise<void> {
    await this.shell?.stop();
    this.shell = await WebShell.start({ ...this.environment(clockOffsetMs), ...extraEnv });
    await page.goto(this.shell.url);
    await expect(page.getByRole('heading', { name: 'Realmkeeper', level: 1 })).toBeVisible();
  }

  async close(): Promise<void> {
    await this.shell?.stop();
    await this.simulator.close();
    await removeAllSecrets(createKeytarSecretStore({ service: this.keychainService })).catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** A dashboard row by the company's exact name. */
export function companyRow(page: Page, name: string) {
  return page.getByTestId('company-row').filter({ has: page.getByRole('button', { name, exact: true }) });
}
