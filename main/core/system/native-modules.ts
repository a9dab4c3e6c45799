import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * better-sqlite3 and keytar are native modules, and a native module built for Node's ABI does
 * not load in Electron (nor the reverse). `npm install` builds them for Node inside node_modules,
 * where the tests, the benchmarks and the command line load them; `npm run build:native:electron`
 * builds Electron's copies beside them, in `build/native/electron-<abi>-<platform>-<arch>/`, and
 * this module picks the copy that fits the running process. One checkout serves both.
 */
export type NativeModuleName = 'better-sqlite3' | 'keytar';

export interface NativeRuntime {
  readonly name: 'node' | 'electron';
  /** `process.versions.modules`: the ABI a native module must be built for. */
  readonly abi: string;
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
}

/** The file each package's build produces, under its `build/Release/`. */
export const nativeModuleFiles: Readonly<Record<NativeModuleName, string>> = {
  'better-sqlite3': 'better_sqlite3.node',
  keytar: 'keytar.node',
};

export const nativeBuildsFolder = join('build', 'native');

export const buildCommands: Readonly<Record<NativeRuntime['name'], string>> = {
  node: 'npm run build:native:node',
  electron: 'npm run build:native:electron',
};

export type NativeModuleErrorCode = 'native_build_missing';

/** The right build of a native module is not there; the message names the command that builds it. */
export class NativeModuleError extends Error {
  override readonly name = 'NativeModuleError';
  readonly code: NativeModuleErrorCode = 'native_build_missing';
  readonly module: NativeModuleName;
  readonly expectedPath: string;

  constructor(module: NativeModuleName, runtime: NativeRuntime, expectedPath: string) {
    super(
      `${module} has no build for ${runtimeLabel(runtime)} (expected ${expectedPath}). Run \`${buildCommands[runtime.name]}\` in the Realmkeeper folder, then start again.`,
    );
    this.module = module;
    this.expectedPath = expectedPath;
  }
}

export function runtimeLabel(runtime: NativeRuntime): string {
  const name = runtime.name === 'electron' ? 'Electron' : 'Node';
  return `${name} ${runtime.version} (ABI ${runtime.abi}, ${runtime.platform}-${runtime.arch})`;
}

/** The folder name of one runtime's builds: `electron-145-linux-x64`. */
export function nativeBuildFolderName(runtime: Pick<NativeRuntime, 'name' | 'abi' | 'platform' | 'arch'>): string {
  return `${runtime.name}-${runtime.abi}-${runtime.platform}-${runtime.arch}`;
}

export function nativeBuildPath(appRoot: string, runtime: NativeRuntime, module: NativeModuleName): string {
  return join(appRoot, nativeBuildsFolder, nativeBuildFolderName(runtime), nativeModuleFiles[module]);
}

interface ProcessLike {
  readonly versions: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly arch: string;
}

export function currentRuntime(processLike: ProcessLike = process): NativeRuntime {
  const electron = processLike.versions.electron;
  return {
    name: electron === undefined ? 'node' : 'electron',
    abi: processLike.versions.modules ?? 'unknown',
    version: electron ?? processLike.versions.node ?? 'unknown',
    platform: processLike.platform,
    arch: processLike.arch,
  };
}

export interface NativeSelectionInput {
  readonly module: NativeModuleName;
  readonly runtime: NativeRuntime;
  /** The folder holding package.json: the checkout, or `resources/app.asar` when packaged. */
  readonly appRoot: string;
  /** Inside an installed app, whose node_modules electron-builder rebuilt for its own Electron. */
  readonly packaged: boolean;
  readonly exists: (path: string) => boolean;
}

/**
 * Where to load the module's binary from; undefined means "the package's own build" (its
 * `build/Release/`). A build in `build/native/` for this exact runtime wins; Electron run from a
 * checkout must have one, since the package's own build is Node's (`npm install` made it).
 */
export function selectNativeBinding(input: NativeSelectionInput): string | undefined {
  if (input.packaged) return undefined;
  const path = nativeBuildPath(input.appRoot, input.runtime, input.module);
  if (input.exists(path)) return path;
  switch (input.runtime.name) {
    case 'node':
      return undefined;
    case 'electron':
      throw new NativeModuleError(input.module, input.runtime, path);
  }
}

/** The nearest folder above `file` that holds a package.json. */
export function findAppRoot(file: string, exists: (path: string) => boolean = existsSync): string {
  let folder = dirname(file);
  for (;;) {
    if (exists(join(folder, 'package.json'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return dirname(file);
    folder = parent;
  }
}

export function isInsideAsar(file: string): boolean {
  return file.split(/[\\/]/).some((part) => part.endsWith('.asar'));
}

const here = fileURLToPath(import.meta.url);
const selected = new Map<NativeModuleName, string | undefined>();

/** This process's choice for one module, made once. Throws NativeModuleError when the build is missing. */
export function nativeBindingPath(module: NativeModuleName): string | undefined {
  if (selected.has(module)) return selected.get(module);
  const path = selectNativeBinding({ module, runtime: currentRuntime(), appRoot: findAppRoot(here), packaged: isInsideAsar(here), exists: existsSync });
  selected.set(module, path);
  return path;
}

/**
 * better-sqlite3's options with the binding for this runtime: every SQLite connection in
 * main/ goes through this (a test checks), since one connection opened with Node's build would
 * bring the Electron app down.
 */
export function withNativeBinding<Options extends object>(options: Options): Options & { nativeBinding?: string } {
  const nativeBinding = nativeBindingPath('better-sqlite3');
  return nativeBinding === undefined ? options : { ...options, nativeBinding };
}

/**
 * keytar, from the selected build. Its package's main file only wraps the binary with argument
 * checks the keychain store makes itself, so the binary alone serves (it has the same functions).
 */
export async function loadKeytarModule(): Promise<unknown> {
  const path = nativeBindingPath('keytar');
  if (path === undefined) return import('keytar');
  return createRequire(import.meta.url)(path) as unknown;
}
