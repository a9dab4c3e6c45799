import { describe, expect, it } from 'vitest';
import { toApiFailure } from '../../../main/app/api-failure';
import { silentLogger } from '../../../main/app/app-logger';
import { describeFailure } from '../../../main/cli/cli-failure';
import { ConfigError } from '../../../main/core/config/config-error';
import { allCauses } from '../../../main/core/diagnosis/causes';
import { DiscoveryError } from '../../../main/core/discovery/discovery-error';
import { EngineError } from '../../../main/core/engine/engine-error';
import { describeError, exitCodeForCause } from '../../../main/core/errors/expected-error';
import { exitCodes } from '../../../main/core/errors/exit-codes';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import { LoopbackPortBusyError } from '../../../main/core/oauth/loopback-listener';
import { StorageError } from '../../../main/core/storage/storage-error';

/** One error of each family, with the exit code the README's table promises for it. */
const cases: ReadonlyArray<readonly [string, Error, number]> = [
  ['unknown company', new EngineError('unknown_company', 'No company matches "Nobody Ltd".'), 3],
  ['ambiguous company', new EngineError('ambiguous_company', '"larry" matches several companies.'), 3],
  ['environment off', new EngineError('environment_off', 'Production is off.'), 4],
  ['settings invalid', new EngineError('configuration_invalid', 'The redirect URI is not registered.'), 4],
  ['redirect not loopback', new EngineError('redirect_not_loopback', 'Not a loopback address.'), 4],
  ['discovery failed', new EngineError('discovery_failed', 'Intuit could not be reached.'), 7],
  ['engine keychain', new EngineError('keychain_unavailable', 'No keychain.'), 5],
  ['unknown setting', new ConfigError('config_key_unknown', 'There is no setting colour.'), 2],
  ['bad value', new ConfigError('config_value_invalid', 'Not a number.'), 2],
  ['broken settings file', new ConfigError('config_file_invalid_json', 'config.json is not valid JSON.'), 4],
  ['bad data folder', new ConfigError('data_directory_invalid', 'REALMKEEPER_HOME is relative.'), 4],
  ['database locked', new StorageError('database_locked', '/home/b/realmkeeper.db'), 6],
  ['database damaged', new StorageError('database_corrupt', '/home/b/realmkeeper.db'), 6],
  ['database too new', new StorageError('database_too_new', '/home/b/realmkeeper.db'), 6],
  ['database unavailable', new StorageError('database_unavailable', '/home/b/realmkeeper.db'), 6],
  ['keychain locked', new KeychainError('keychain_locked', 'libsecret'), 5],
  ['keychain missing', new KeychainError('keychain_unavailable', 'libsecret'), 5],
  ['keychain entry too large', new KeychainError('keychain_entry_too_large', 'credential-manager'), 5],
  ['discovery unreachable', new DiscoveryError('discovery_unreachable', 'Intuit could not be reached.', { url: 'https://example.test/' }), 7],
  ['port busy', new LoopbackPortBusyError(8765), 8],
];

describe('one classifier of expected errors for the command line and the app', () => {
  it.each(cases)('%s: the exit code of the README, a fix, and the same code and words in the window', (_name, error, exitCode) => {
    const described = describeError(error);
    if (described.kind !== 'expected') throw new Error(`${error.name} was taken for a bug`);
    expect(described.exitCode).toBe(exitCode);
    expect(described.fix.length).toBeGreaterThan(10);
    expect(describeFailure(error)).toEqual({ exitCode, message: described.message, expected: true });
    expect(toApiFailure(error, silentLogger, 'test')).toEqual({ code: described.code, message: described.message });
  });

  it('takes anything else for a bug: exit 1 on the command line, a generic sentence in the window', () => {
    const bug = new TypeError('Cannot read properties of undefined');
    expect(describeError(bug)).toEqual({ kind: 'unexpected', message: 'Cannot read properties of undefined', exitCode: exitCodes.failure });
    expect(describeFailure(bug)).toEqual({ exitCode: 1, message: 'Unexpected error: Cannot read properties of undefined', expected: false });
    expect(toApiFailure(bug, silentLogger, 'test')).toEqual({ code: 'internal_error', message: expect.not.stringContaining('undefined') });
    expect(describeError('a thrown string')).toMatchObject({ kind: 'unexpected', message: 'a thrown string' });
  });

  it('never lets a secret through, expected or not, on one line', () => {
    const refreshToken = 'RT1-229-H0-17392864008d1f77c5c4bd6ba2e2ab3e';
    const code = 'AB11795453283Gu73pvpi4eFFYUobTMwLnemcUTyJTVsMKcDv8';
    const errors = [
      new EngineError('configuration_invalid', `Intuit said no\nfor ${refreshToken}`),
      new Error(`token request failed: refresh_token=${refreshToken}&code=${code}`),
      new StorageError('database_locked', `/tmp/${code}.db`),
    ];
    for (const error of errors) {
      const texts = [describeError(error).message, describeFailure(error).message, toApiFailure(error, silentLogger, 'test').message];
      for (const text of texts) {
        expect(text).not.toContain(refreshToken);
        expect(text).not.toContain(code);
        expect(text).not.toContain('\n');
      }
    }
  });

  it('gives every diagnosed cause an exit code', () => {
    for (const cause of allCauses) expect(Object.values(exitCodes)).toContain(exitCodeForCause(cause));
    expect(exitCodeForCause('keychain_unavailable')).toBe(5);
    expect(exitCodeForCause('intuit_unreachable')).toBe(7);
    expect(exitCodeForCause('access_denied')).toBe(8);
  });
});
