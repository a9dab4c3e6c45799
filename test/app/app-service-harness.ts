import type { AppEvent } from '../../preload/contract/api-contract';
import { silentLogger, type AppLogger } from '../../main/app/app-logger';
import { AppService } from '../../main/app/app-service';
import type { AppNotification } from '../../main/app/notification-policy';
import type { EngineOptions } from '../../main/core/engine/connection-engine';
import { EngineHarness } from '../support/engine-harness';

/** An app service over a real engine, SQLite and the in-memory secret store, pointed at a real simulator. */
export async function startServiceHarness(
  options: { opensConsentPage?: boolean; openExternal?: (url: string) => Promise<boolean>; engineOptions?: Partial<EngineOptions>; logger?: AppLogger } = {},
) {
  const harness = await EngineHarness.start();
  const service = await AppService.open({
    openEngine: () => harness.openEngine(options.engineOptions),
    env: harness.environment(),
    demo: false,
    now: () => harness.now(),
    logger: options.logger ?? silentLogger,
    externalLinks: { extraOrigins: [] },
    openExternal: options.openExternal ?? (async () => true),
    opensConsentPage: options.opensConsentPage ?? false,
  });
  const events: AppEvent[] = [];
  const notifications: AppNotification[] = [];
  service.onEvent((event) => events.push(event));
  service.onNotification((notification) => notifications.push(notification));
  return {
    harness,
    service,
    events,
    notifications,
    async close() {
      await service.close().catch(() => undefined);
      await harness.close();
    },
  };
}
