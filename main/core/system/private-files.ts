import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * The data folder holds the database (company names, realm ids, the event log) and the settings:
 * nobody else on the machine has any business reading them. Windows folders under the profile
 * are private already, and POSIX modes mean nothing there.
 */
const privateDirectoryMode = 0o700;
export const privateFileMode = 0o600;

function appliesHere(platform: NodeJS.Platform): boolean {
  return platform !== 'win32';
}

/** Creates the folder (and any missing parent) 0700, and tightens an existing one that is ours. */
export function ensurePrivateDirectory(path: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(path, { recursive: true, mode: privateDirectoryMode });
  if (appliesHere(platform)) tightenIfOurs(path, privateDirectoryMode);
}

/** Tightens an existing file to 0600 when it is ours; a missing file is not an error. */
export function tightenPrivateFile(path: string, platform: NodeJS.Platform = process.platform): void {
  if (appliesHere(platform)) tightenIfOurs(path, privateFileMode);
}

/**
 * Only what this user owns is changed: a folder shared on purpose (or owned by an administrator)
 * is left as its owner set it.
 */
function tightenIfOurs(path: string, mode: number): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const uid = process.getuid?.();
  if (uid === undefined || stats.uid !== uid) return;
  if ((stats.mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
}
