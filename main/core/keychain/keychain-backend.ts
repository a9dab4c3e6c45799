export type KeychainBackend = 'libsecret' | 'keychain' | 'credential-manager' | 'unsupported';

/** Which OS store keytar talks to on this platform. */
export function keychainBackendFor(platform: NodeJS.Platform): KeychainBackend {
  switch (platform) {
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return 'libsecret';
    case 'darwin':
      return 'keychain';
    case 'win32':
      return 'credential-manager';
    default:
      return 'unsupported';
  }
}
