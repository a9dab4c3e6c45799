import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleLogger } from '../app/app-logger';
import { startApp } from '../app/start-app';
import { forkKeychainHelper } from '../core/keychain/keychain-helper';
import { exitProcess } from '../core/system/exit-process';
import { openInBrowser } from '../core/system/open-in-browser';
import { defaultWebPort, keptWebToken, readWebPort } from './web-address';
import { startWebServer } from './web-server';

export const webPortVariable = 'REALMKEEPER_WEB_PORT';
/** Set to 1 to print the address without opening a browser (tests, headless machines). */
export const noBrowserVariable = 'REALMKEEPER_NO_BROWSER';


/**
 * `npm run start:web`: the app in an ordinary browser. Prints exactly one line on stdout,
 * `Realmkeeper is running at http://127.0.0.1:PORT/#token=SECRET` (tests parse it); everything
 * else goes to stderr.
 */
export async function runWebShell(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = createConsoleLogger('web');
  const port = readWebPort(env[webPortVariable], webPortVariable);
  const here = dirname(fileURLToPath(import.meta.url));
  const app = await startApp({
    env,
    logger,
    spawnKeychainHelper: forkKeychainHelper(resolve(here, 'keychain-helper.js')),
    // The page is already in the bookkeeper's browser: it opens Intuit's page in a new tab itself.
    opensConsentPage: false,
    openExternal: (url) => openInBrowser(url),
  });
  const rendererDirectory = resolve(here, '../renderer');
  const token = await keptWebToken(app.service.currentEngine.secrets, logger);
  const server = await startWebServer({ api: app.service, rendererDirectory, port, logger, token }).catch(async (error: unknown) => {
    // Another program (or a second Realmkeeper) holds the usual port: run anyway, and say the address changed.
    if (port !== defaultWebPort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    logger.warn(`Port ${defaultWebPort} is taken, so this run uses another address; bookmarks of the usual one will not reach it`);
    return startWebServer({ api: app.service, rendererDirectory, port: 0, logger, token });
  });
  process.stdout.write(`Realmkeeper is running at ${server.url}\n`);
  if (app.demo !== undefined) logger.info('No Intuit keys are set, so this is the demo: it connects to the built-in Intuit simulator.');
  void app.service.startBackground().catch((error: unknown) => logger.error('The first refresh pass failed', error));
  if (env[noBrowserVariable] !== '1') void openInBrowser(server.url);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([server.close(), app.close()]).finally(() => exitProcess(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
