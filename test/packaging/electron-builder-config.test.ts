import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The installers' configuration, checked offline: electron-builder's own validation (its JSON
 * schema, scheme.json, and its deprecation checks), every file the configuration names, the
 * protocol on every target, the hardening fuses, and the bundles it packs. Building an
 * installer needs Electron's download, which this machine cannot make.
 */
const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require(join(root, 'node_modules/app-builder-lib/out/util/config/config.js')) as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean };

interface TargetEntry {
  readonly target: string;
  readonly arch?: readonly string[];
}
interface BuilderConfig {
  readonly directories: { readonly buildResources: string; readonly output: string };
  readonly files: readonly string[];
  readonly asar?: boolean;
  readonly asarUnpack: readonly string[];
  readonly extraMetadata: { readonly main: string };
  readonly electronFuses: Record<string, boolean>;
  readonly protocols: readonly { readonly name: string; readonly schemes: readonly string[] }[];
  readonly mac: { readonly icon: string; readonly target: readonly TargetEntry[] };
  readonly win: { readonly icon: string; readonly target: readonly TargetEntry[] };
  readonly nsis: { readonly installerIcon: string; readonly uninstallerIcon: string };
  readonly linux: { readonly icon: string; readonly target: readonly TargetEntry[]; readonly mimeTypes: readonly string[] };
  readonly deb: { readonly depends: readonly string[] };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const debugLogger = { isEnabled: false, add: () => undefined };
const temporaryFolders: string[] = [];

afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

/** electron-builder's packing rule: the last matching pattern decides, `!` excludes. */
function packs(path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (minimatch(path, pattern.slice(1), { dot: true })) included = false;
    } else if (minimatch(path, pattern, { dot: true })) {
      included = true;
    }
  }
  return included;
}

function targetNames(entries: readonly TargetEntry[]): string[] {
  return entries.map((entry) => entry.target);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own validation against its schema', async () => {
    await expect(validateConfiguration(config, debugLogger)).resolves.toBeUndefined();
    // The validation is real: a misspelt option is refused.
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } }, debugLogger)).rejects.toThrow(/Invalid configuration object[\s\S]*nsis/);
  });

  it('builds NSIS for Windows, a dmg for both Mac architectures, and an AppImage and a deb for Linux', () => {
    expect(targetNames(config.win.target)).toEqual(['nsis']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(targetNames(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('names only files that exist', () => {
    const referenced = [config.directories.buildResources, config.mac.icon, config.win.icon, config.nsis.installerIcon, config.nsis.uninstallerIcon, config.linux.icon];
    for (const path of referenced) expect(existsSync(join(root, path)), path).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(join(root, config.linux.icon, `${size}x${size}.png`)), `${size}px`).toBe(true);
  });

  it('registers realmkeeper:// on every target: macOS and NSIS from protocols, Linux from the desktop entry', () => {
    expect(config.protocols.flatMap((protocol) => protocol.schemes)).toEqual(['realmkeeper']);
    expect(config.linux.mimeTypes).toContain('x-scheme-handler/realmkeeper');
    // No platform section replaces the top-level list with one that lacks the scheme.
    for (const section of ['mac', 'win', 'linux', 'nsis', 'dmg', 'deb', 'appImage'] as const) {
      const overriding = (config as unknown as Record<string, { protocols?: BuilderConfig['protocols'] } | undefined>)[section]?.protocols;
      if (overriding !== undefined) expect(overriding.flatMap((protocol) => protocol.schemes), section).toContain('realmkeeper');
    }
  });

  it('packs the three bundles, built, and the Electron entry point it names', () => {
    const bundles = [config.extraMetadata.main, 'dist/preload/preload.cjs', 'dist/renderer/index.html'];
    for (const bundle of bundles) {
      expect(packs(bundle), `${bundle} is packed`).toBe(true);
      expect(existsSync(join(root, bundle)), `${bundle} is built (npm run build)`).toBe(true);
    }
    expect(config.extraMetadata.main).toBe('dist/main/electron-main.js');
    expect(packs('dist/main/electron-main.js.map')).toBe(false);
    expect(packs('dist/.cli-test-1-2/main/cli.js')).toBe(false);
    expect(packs('build/native/node-115-linux-x64/better_sqlite3.node')).toBe(false);
  });

  it('keeps the app in asar with the native modules unpacked beside it', () => {
    expect(config.asar).not.toBe(false);
    for (const binary of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/keytar/build/Release/keytar.node']) {
      expect(config.asarUnpack.some((pattern) => minimatch(binary, pattern, { dot: true })), binary).toBe(true);
    }
    expect(config.deb.depends).toContain('libsecret-1-0');
  });

  it('flips the fuses of a hardened build', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('the icons', () => {
  it('are what `npm run icons` makes from build/icon-source.png today', async () => {
    const { makeIcons } = (await import(join(root, 'scripts/icons/make-icons.mjs'))) as { makeIcons(folder: string): string[] };
    const folder = mkdtempSync(join(tmpdir(), 'realmkeeper-icons-'));
    temporaryFolders.push(folder);
    const written = makeIcons(folder);
    expect(written).toContain('icon.icns');
    for (const name of written) expect(readFileSync(join(folder, name)).equals(readFileSync(join(root, 'build', name))), `build/${name} is stale: run \`npm run icons\``).toBe(true);
  }, 120_000);

  it('hold the sizes each system asks for', () => {
    const icns = readFileSync(join(root, 'build/icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10', 'latin1'))).toBe(true); // 1024 px, for Retina
    const ico = readFileSync(join(root, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => ico[6 + index * 16] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const png = readFileSync(join(root, 'build/icons/512x512.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
