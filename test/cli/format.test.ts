import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../main/core/config/config-error';
import { EngineError } from '../../main/core/engine/engine-error';
import { KeychainError } from '../../main/core/keychain/keychain-error';
import { StorageError } from '../../main/core/storage/storage-error';
import { describeFailure } from '../../main/cli/cli-failure';
import { relativeTime } from '../../main/cli/format/relative-time';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

describe('relative times', () => {
  it.each([
    [now + 10_000, 'in a few seconds'],
    [now - 10_000, 'just now'],
    [now + 59 * minute, 'in 59 minutes'],
    [now - 2 * hour, '2 hours ago'],
    [now + 36 * hour, 'in 36 hours'],
    [now + 3 * day, 'in 3 days'],
    [now + 101 * day, 'in 101 days'],
    [now + 5 * 365 * day, 'in 5 years'],
  ])('%s reads "%s"', (time, expected) => {
    expect(relativeTime(time, now)).toBe(expected);
  });
});

describe('failures as exit codes and one line', () => {
  it.each([
    [new EngineError('unknown_company', 'No company matches "x".'), 3],
    [new EngineError('configuration_invalid', 'bad'), 4],
    [new EngineError('discovery_failed', 'unreachable'), 7],
    [new ConfigError('config_file_invalid_json', 'broken\nfile'), 4],
    [new ConfigError('config_key_unknown', 'no such key'), 2],
    [new StorageError('database_corrupt', '/tmp/x.db'), 6],
    [new StorageError('database_locked', '/tmp/x.db'), 6],
    [new KeychainError('keychain_locked', 'libsecret'), 5],
  ])('%s exits %i', (error, code) => {
    const failure = describeFailure(error);
    expect(failure.exitCode).toBe(code);
    expect(failure.expected).toBe(true);
    expect(failure.message).not.toContain('\n');
  });

  it('an unexpected error is exit 1 and its message is redacted', () => {
    const token = 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..' + 'a'.repeat(600);
    const failure = describeFailure(new Error(`boom with ${token}`));
    expect(failure).toMatchObject({ exitCode: 1, expected: false });
    expect(failure.message).not.toContain(token);
  });
});
