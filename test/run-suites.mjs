// Runs every test runner even when an earlier one fails, so one run reports every failure;
// exits non-zero if any runner failed.
import { spawnSync } from 'node:child_process';

const runners = ['test:unit', 'test:e2e'];
let failed = false;
for (const runner of runners) {
  const result = spawnSync('npm', ['run', runner], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
