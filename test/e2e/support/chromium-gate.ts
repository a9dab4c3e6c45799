import { existsSync } from 'node:fs';
import { test } from '@playwright/test';
import { gateOn } from '../../support/system-requirements';

export const chromiumPath = process.env.REALMKEEPER_CHROMIUM ?? '/usr/bin/chromium';

/** Skips the file's tests where Chromium is missing, and fails them when CI requires it. */
export function requireChromium(): void {
  const gate = gateOn(existsSync(chromiumPath), `Chromium at ${chromiumPath}`, 'install it with `apt-get install chromium`');
  test.skip(!gate.run, gate.reason);
}
