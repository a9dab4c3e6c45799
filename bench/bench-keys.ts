import { coldStartKeys } from './cold-start';
import { contentionKeys } from './contention';
import { engineMemoryKeys } from './engine-memory';
import { idleCostKeys } from './idle-cost';
import { launchRefreshKeys } from './launch-refresh';
import { tokenKeys } from './token-handout';
import { windowKeys } from './window-bench';

/** Every key `npm run bench -- --json` prints; a benchmark that could not run here leaves its keys null. */
export const benchKeys: readonly string[] = [
  ...launchRefreshKeys,
  ...coldStartKeys,
  ...tokenKeys,
  ...contentionKeys,
  ...windowKeys,
  ...engineMemoryKeys,
  ...idleCostKeys,
  'benchWallMs',
];
