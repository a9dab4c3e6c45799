import { homedir } from 'node:os';
import type { EnvironmentVariables } from '../core/config/config-types';
import { loadConfig } from '../core/config/resolve-config';
import { ConnectionEngine, type EngineOptions } from '../core/engine/connection-engine';
import { testKnobsFrom } from '../core/engine/test-knobs';
import { createKeychainHelperBinding, type SpawnKeychainHelper } from '../core/keychain/keychain-helper';
import { onKeychainStopsAnswering } from '../core/keychain/keytar-secret-store';
import { movableTestClock, readClockOffset } from './app-clock';
import type { AppLogger } from './app-logger';
import { AppService } from './app-service';
import { startDemo, wantsDemo, type RunningDemo } from './demo';

export interface StartAppOptions {
  readonly env: EnvironmentVariables;
  readonly logger: AppLogger;
  readonly openExternal: (url: string) => Promise<boolean>;
  readonly opensConsentPage: boolean;
  readonly platform?: NodeJS.Platform;
  readonly homeDirectory?: string;
  /**
   * Starts the process that makes the keychain calls (the shells' own kind of child process).
   * Without it the calls are made in this process, which a wedged keychain call then holds.
   */
  readonly spawnKeychainHelper?: SpawnKeychainHelper;
  /** Tests tune timings (confirm delay, callback linger) here. */
  readonly engineOptions?: Partial<EngineOptions>;
}

export interface RunningApp {
  readonly service: AppService;
  readonly demo: RunningDemo | undefined;
  close(): Promise<void>;
}

/**
 * What both shells do at start: decide between the bookkeeper's keys and the demo, open the
 * engine, and wrap it in the app service. The shells add only their own transport.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const platform = options.platform ?? process.platform;
  const homeDirectory = options.homeDirectory ?? homedir();
  const fixedOffsetMs = readClockOffset(options.env);
  const testClock = movableTestClock(options.env);
  const config = await loadConfig({ env: options.env, platform, homeDirectory });
  const demo = wantsDemo(config) ? await startDemo({ env: options.env, dataDirectory: config.dataDirectory.value, logger: options.logger }) : undefined;
  const env = demo?.env ?? options.env;
  const now = () => Date.now() + (testClock?.offsetMs() ?? fixedOffsetMs) + (demo?.simulatorOffsetMs() ?? 0);
  const keychainHelper = options.spawnKeychainHelper === undefined ? undefined : createKeychainHelperBinding(options.spawnKeychainHelper, platform);
  try {
    const service = await AppService.open({
      // The same test-only timings as the command line's (a chaos run shortens both); none is set in normal use.
      openEngine: () => ConnectionEngine.open({ ...testKnobsFrom(options.env, now), env, platform, homeDirectory, now, secretStore: demo?.secretStore, keychainHelper, ...options.engineOptions }),
      env,
      demo: demo !== undefined,
      keychainNotice: demo?.keysInMemory === true ? 'The system keychain did not answer, so the demo keeps its keys in memory until it quits.' : undefined,
      now,
      logger: options.logger,
      externalLinks: { extraOrigins: demo === undefined ? [] : [demo.simulator.url] },
      openExternal: options.openExternal,
      opensConsentPage: options.opensConsentPage,
    });
    const stopKeychainWatch = onKeychainStopsAnswering(({ unansweredCalls, helperRestarted }) => {
      options.logger.warn(
        helperRestarted
          ? `The system keychain did not answer ${unansweredCalls} requests from Realmkeeper, so Realmkeeper ended the process that was waiting on it (${keychainHelper?.restarts() ?? 0} so far) and asks again with a new one.`
          : `The system keychain has not answered ${unansweredCalls} requests from Realmkeeper, so Realmkeeper has stopped asking it and no company can be refreshed. ` +
              'If it asks to be unlocked, unlock it; otherwise restart Realmkeeper.',
      );
    });
    // A moved test clock is a jump, as after sleep: plan again at once, and say when that pass ended.
    testClock?.onMoved((offsetMs) => {
      void service.resume().then(() => options.logger.info(`Test clock moved to offset ${offsetMs} ms; the pass after it is done`));
    });
    return {
      service,
      demo,
      async close() {
        testClock?.stop();
        stopKeychainWatch();
        await service.close();
        await keychainHelper?.close();
        await demo?.close();
      },
    };
  } catch (error) {
    testClock?.stop();
    await keychainHelper?.close();
    await demo?.close();
    throw error;
  }
}
