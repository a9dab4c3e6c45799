import { describe, expect, it } from 'vitest';
import { classifyKeychainFailure, KeychainError } from '../../../main/core/keychain/keychain-error';

describe('classifyKeychainFailure', () => {
  it.each([
    'Cannot autolaunch D-Bus without X11 $DISPLAY',
    'Error calling StartServiceByName for org.freedesktop.secrets: Timeout was reached',
    'The name org.freedesktop.secrets was not provided by any .service files',
    'Could not connect: No such file or directory',
  ])('maps %j to keychain_unavailable', (text) => {
    const error = classifyKeychainFailure(new Error(text), 'libsecret');
    expect(error.code).toBe('keychain_unavailable');
    expect(error.message).toMatch(/^The system keychain \(Secret Service\) is not running/);
    expect(error.message).toContain('Nothing was saved in plain text');
  });

  it.each([
    'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
    'Cannot create an item in a locked collection',
    'Prompt dismissed',
    'User canceled the operation.',
  ])('maps %j to keychain_locked', (text) => {
    const error = classifyKeychainFailure(new Error(text), 'libsecret');
    expect(error.code).toBe('keychain_locked');
    expect(error.message).toContain('is locked');
  });

  it('maps anything else to keychain_failed and keeps the cause', () => {
    const original = new Error('Something new');
    const error = classifyKeychainFailure(original, 'credential-manager');
    expect(error.code).toBe('keychain_failed');
    expect(error.backend).toBe('credential-manager');
    expect(error.message).toContain('Windows Credential Manager');
    expect(error.cause).toBe(original);
  });

  it('passes a KeychainError through', () => {
    const error = new KeychainError('keychain_locked', 'keychain');
    expect(classifyKeychainFailure(error, 'libsecret')).toBe(error);
  });
});
