import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { movableClockVariable, movableTestClock } from '../../main/app/app-clock';

/** The chaos run moves the app's clock while it runs, through a file the app polls. */
describe('the movable test clock', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const clockFile = (content: string): string => {
    const folder = mkdtempSync(join(tmpdir(), 'realmkeeper-clock-'));
    folders.push(folder);
    const path = join(folder, 'offset');
    writeFileSync(path, content);
    return path;
  };

  it('is off unless the variable names a file', () => {
    expect(movableTestClock({})).toBeUndefined();
    expect(movableTestClock({ [movableClockVariable]: ' ' })).toBeUndefined();
  });

  it('reads the offset, and tells of each change once the file is rewritten', async () => {
    const path = clockFile('86400000');
    const clock = movableTestClock({ [movableClockVariable]: path });
    try {
      expect(clock?.offsetMs()).toBe(86_400_000);
      const moved = new Promise<number>((resolve) => clock?.onMoved(resolve));
      writeFileSync(path, '-3600000');
      expect(await moved).toBe(-3_600_000);
      expect(clock?.offsetMs()).toBe(-3_600_000);
    } finally {
      clock?.stop();
    }
  });

  it('refuses a file that does not hold whole milliseconds, naming the variable', () => {
    const path = clockFile('tomorrow');
    expect(() => movableTestClock({ [movableClockVariable]: path })).toThrow(/REALMKEEPER_TEST_CLOCK_FILE.*"tomorrow"/);
  });
});
