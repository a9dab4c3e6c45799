import { describe, expect, it } from 'vitest';
import { allCommands, commandsFor } from '../../main/cli/commands/all-commands';

describe('the command table (each command loaded only when named)', () => {
  it('loads, for a command line that names one, exactly that command', async () => {
    for (const command of await allCommands()) {
      const loaded = await commandsFor([command.name, '--help']);
      expect(loaded.map((each) => each.name)).toEqual([command.name]);
    }
  });

  it('loads every command, in the order help lists them, for help, a version or a mistake', async () => {
    const names = ['status', 'connect', 'refresh', 'test', 'token', 'disconnect', 'log', 'config', 'doctor', 'export-bundle'];
    expect((await allCommands()).map((command) => command.name)).toEqual(names);
    for (const argv of [[], ['--help'], ['help', 'token'], ['--version'], ['tokn']]) {
      expect((await commandsFor(argv)).map((command) => command.name)).toEqual(names);
    }
  });
});
