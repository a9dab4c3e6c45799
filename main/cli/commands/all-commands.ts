import type { CommandDefinition } from '../command-definition';
import { configCommand } from './config';
import { connectCommand } from './connect';
import { disconnectCommand } from './disconnect';
import { doctorCommand } from './doctor';
import { exportBundleCommand } from './export-bundle';
import { logCommand } from './log';
import { refreshCommand } from './refresh';
import { statusCommand } from './status';
import { testCommand } from './test-connection';
import { tokenCommand } from './token';

/** In the order --help lists them: the everyday ones first. */
export const allCommands: readonly CommandDefinition[] = [
  statusCommand,
  connectCommand,
  refreshCommand,
  testCommand,
  tokenCommand,
  disconnectCommand,
  logCommand,
  configCommand,
  doctorCommand,
  exportBundleCommand,
];
