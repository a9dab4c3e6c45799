import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currentRuntime,
  findAppRoot,
  isInsideAsar,
  NativeModuleError,
  nativeBindingPath,
  nativeBuildFolderName,
  nativeModuleFiles,
  selectNativeBinding,
  type NativeRuntime,
} from '../../../main/core/system/native-modules';

const node: NativeRuntime = { name: 'node', abi: '115', version: '20.19.4', platform: 'linux', arch: 'x64' };
const electron: NativeRuntime = { name: 'electron', abi: '145', version: '41.6.1', platform: 'darwin', arch: 'arm64' };
const root = join('/', 'home', 'bookkeeper', 'realmkeeper');

function existing(...paths: string[]): (path: string) => boolean {
  return (path) => paths.includes(path);
}

describe('the native module build a process loads', () => {
  it('names a runtime folder by runtime, ABI, platform and architecture', () => {
    expect(nativeBuildFolderName(electron)).toBe('electron-145-darwin-arm64');
    expect(currentRuntime({ versions: { node: '20.19.4', modules: '115' }, platform: 'linux', arch: 'x64' })).toEqual(node);
    expect(currentRuntime({ versions: { node: '22.20.0', modules: '145', electron: '41.6.1' }, platform: 'darwin', arch: 'arm64' })).toEqual(electron);
  });

  it('loads Electron\'s build from build/native under Electron', () => {
    const path = join(root, 'build', 'native', 'electron-145-darwin-arm64', 'better_sqlite3.node');
    expect(selectNativeBinding({ module: 'better-sqlite3', runtime: electron, appRoot: root, packaged: false, exists: existing(path) })).toBe(path);
    const keytar = join(root, 'build', 'native', 'electron-145-darwin-arm64', 'keytar.node');
    expect(selectNativeBinding({ module: 'keytar', runtime: electron, appRoot: root, packaged: false, exists: existing(keytar) })).toBe(keytar);
  });

  it('refuses Node\'s build under Electron, naming the command that builds the right one', () => {
    const select = () => selectNativeBinding({ module: 'better-sqlite3', runtime: electron, appRoot: root, packaged: false, exists: existing() });
    expect(select).toThrow(NativeModuleError);
    expect(select).toThrow(/better-sqlite3 has no build for Electron 41\.6\.1 \(ABI 145, darwin-arm64\).*Run `npm run build:native:electron`/);
  });

  it('never takes another runtime\'s or another ABI\'s build', () => {
    const nodeBuild = join(root, 'build', 'native', 'node-115-linux-x64', 'better_sqlite3.node');
    const olderElectron = join(root, 'build', 'native', 'electron-143-darwin-arm64', 'better_sqlite3.node');
    expect(() => selectNativeBinding({ module: 'better-sqlite3', runtime: electron, appRoot: root, packaged: false, exists: existing(nodeBuild, olderElectron) })).toThrow(NativeModuleError);
  });

  it('under Node takes a build beside when there is one, else the package\'s own (npm install\'s)', () => {
    const beside = join(root, 'build', 'native', 'node-115-linux-x64', 'keytar.node');
    expect(selectNativeBinding({ module: 'keytar', runtime: node, appRoot: root, packaged: false, exists: existing(beside) })).toBe(beside);
    expect(selectNativeBinding({ module: 'keytar', runtime: node, appRoot: root, packaged: false, exists: existing() })).toBeUndefined();
  });

  it('inside an installed app uses the packaged modules, which electron-builder rebuilt for its Electron', () => {
    expect(selectNativeBinding({ module: 'better-sqlite3', runtime: electron, appRoot: '/Applications/Realmkeeper.app/Contents/Resources/app.asar', packaged: true, exists: existing() })).toBeUndefined();
    expect(isInsideAsar('/Applications/Realmkeeper.app/Contents/Resources/app.asar/dist/main/chunks/x.js')).toBe(true);
    expect(isInsideAsar('C:\\Program Files\\Realmkeeper\\resources\\app.asar\\dist\\main\\x.js')).toBe(true);
    expect(isInsideAsar(join(root, 'dist', 'main', 'electron-main.js'))).toBe(false);
  });

  it('finds the checkout from a bundle or a source file', () => {
    const manifest = join(root, 'package.json');
    expect(findAppRoot(join(root, 'dist', 'main', 'chunks', 'engine.js'), existing(manifest))).toBe(root);
    expect(findAppRoot(join(root, 'main', 'core', 'system', 'native-modules.ts'), existing(manifest))).toBe(root);
  });

  it('this process loads the build beside when `npm run build:native:node` made one, and it works', async () => {
    const besideFolder = join(import.meta.dirname, '..', '..', '..', 'build', 'native', nativeBuildFolderName(currentRuntime()));
    for (const module of ['better-sqlite3', 'keytar'] as const) {
      const path = nativeBindingPath(module);
      if (existsSync(join(besideFolder, 'manifest.json'))) expect(path).toBe(join(besideFolder, nativeModuleFiles[module]));
      else expect(path).toBeUndefined();
    }
    const { openDatabase } = await import('../../../main/core/storage/open-database');
    const database = openDatabase({ path: ':memory:' });
    expect(database.prepare('select 6 * 7 as answer').get()).toEqual({ answer: 42 });
    database.close();
  });

  it('every SQLite connection in main/ is opened with the selected binding', () => {
    const mainFolder = join(import.meta.dirname, '..', '..', '..', 'main');
    const count = (text: string, needle: string) => text.split(needle).length - 1;
    const files = readdirSync(mainFolder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file, text: readFileSync(join(mainFolder, file), 'utf8') }))
      .filter(({ text }) => text.includes('new BetterSqlite3('));
    expect(files.length).toBeGreaterThan(0);
    for (const { file, text } of files) expect(count(text, 'withNativeBinding('), file).toBeGreaterThanOrEqual(count(text, 'new BetterSqlite3('));
  });
});
