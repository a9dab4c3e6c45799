#!/usr/bin/env node
// `npm run build:native:node` / `npm run build:native:electron [-- --arch arm64]`: builds
// better-sqlite3 and keytar for one runtime into build/native/<runtime>-<abi>-<platform>-<arch>/,
// beside the packages' own builds in node_modules (Node's, made by `npm install`), which stay
// untouched so the tests, the benchmarks and the command line keep working under Node.
// main/core/system/native-modules.ts picks the build that fits the running process.
//
// Each package is copied to a work folder inside the checkout (so `node-addon-api` and the other
// build-time requires still resolve from node_modules); there its published build for the runtime
// is downloaded (prebuild-install, as the packages' own install scripts do), or, failing that,
// compiled with node-gyp against the runtime's headers. The result
// is then checked: a build for Electron that loads under this Node was built for Node's ABI
// (npm's `nodedir` setting silently does that), and is refused.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The packages, the file each build produces, and whether it uses Node-API (ABI-stable across runtimes). */
export const nativePackages = [
  { name: 'better-sqlite3', file: 'better_sqlite3.node', nodeApi: false },
  { name: 'keytar', file: 'keytar.node', nodeApi: true },
];

const electronHeadersUrl = 'https://electronjs.org/headers';

class BuildError extends Error {}

function parseArguments(argv) {
  const options = { runtime: undefined, arch: process.arch, force: false, ifMissing: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--runtime') options.runtime = argv[++index];
    else if (argument === '--arch') options.arch = argv[++index];
    else if (argument === '--force') options.force = true;
    else if (argument === '--if-missing') options.ifMissing = true;
    else throw new BuildError(`unknown argument "${argument}" (expected --runtime node|electron, --arch, --force, --if-missing)`);
  }
  if (options.runtime !== 'node' && options.runtime !== 'electron') throw new BuildError('say which runtime: --runtime node or --runtime electron');
  return options;
}

function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/** The runtime's version and ABI (NODE_MODULE_VERSION), and node-gyp's arguments for its headers. */
export function targetFor(runtime, arch) {
  if (runtime === 'node') {
    return { runtime, version: process.versions.node, abi: process.versions.modules, arch, gypArguments: [`--arch=${arch}`] };
  }
  let version;
  try {
    version = packageVersion('electron');
  } catch {
    throw new BuildError('the `electron` package is not installed; run `npm install` first');
  }
  const { getAbi } = require('node-abi');
  const abi = getAbi(version, 'electron');
  return { runtime, version, abi, arch, gypArguments: [`--target=${version}`, `--arch=${arch}`, `--dist-url=${electronHeadersUrl}`] };
}

export function buildFolder(target, platform = process.platform) {
  return join(root, 'build', 'native', `${target.runtime}-${target.abi}-${platform}-${target.arch}`);
}

function nodeGypScript() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm carries its own node-gyp.
    const npmFolder = process.env.npm_execpath === undefined ? undefined : resolve(dirname(process.env.npm_execpath), '..');
    const bundled = npmFolder === undefined ? undefined : join(npmFolder, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (bundled !== undefined && existsSync(bundled)) return bundled;
    throw new BuildError('node-gyp is not installed; run `npm install` first');
  }
}

/** The build environment: for Electron, without npm's `nodedir`, which would point node-gyp at Node's headers. */
function buildEnvironment(runtime) {
  const environment = { ...process.env };
  if (runtime === 'electron') {
    for (const name of Object.keys(environment)) {
      if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(name)) delete environment[name];
    }
  }
  return environment;
}

function lastLines(text, count) {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '').slice(-count).join('\n');
}

function explainFailure(target, output) {
  if (target.runtime === 'electron' && /network connectivity|rolling back install|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|getaddrinfo|certificate|unable to get local issuer/i.test(output)) {
    return `neither its published build for Electron ${target.version} (GitHub) nor Electron's headers to compile one (${electronHeadersUrl}) could be downloaded. Either is needed once: run this where those addresses can be reached.`;
  }
  return `node-gyp failed; its last lines:\n${lastLines(output, 12)}`;
}

/** Loads a build in a child Node to read the ABI it was built for from the refusal, or "node" if it loads. */
function loadedAbi(file) {
  const probe = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { encoding: 'utf8' });
  if (probe.status === 0) return process.versions.modules;
  const match = /NODE_MODULE_VERSION (\d+)\./.exec(probe.stderr);
  return match === null ? undefined : match[1];
}

function verify(target, nativePackage, file) {
  if (nativePackage.nodeApi) return; // Node-API: one binary serves every runtime of that platform.
  const abi = loadedAbi(file);
  if (abi === undefined) throw new BuildError(`${nativePackage.name}: the build at ${relative(root, file)} could not be checked (it neither loads nor names its ABI)`);
  if (abi !== target.abi) {
    rmSync(file, { force: true });
    throw new BuildError(`${nativePackage.name} came out built for ABI ${abi}, not ${target.runtime} ${target.version}'s ABI ${target.abi} (npm's nodedir setting, or an old header cache?); nothing was kept`);
  }
}

function manifestFor(target) {
  return {
    runtime: target.runtime,
    version: target.version,
    abi: target.abi,
    arch: target.arch,
    packages: Object.fromEntries(nativePackages.map((nativePackage) => [nativePackage.name, packageVersion(nativePackage.name)])),
  };
}

/** True when the folder holds every module, built from the package versions installed now. */
export function isUpToDate(target) {
  const folder = buildFolder(target);
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    return JSON.stringify(manifest) === JSON.stringify(manifestFor(target)) && nativePackages.every((nativePackage) => existsSync(join(folder, nativePackage.file)));
  } catch {
    return false;
  }
}

function buildOne(target, nativePackage, folder, gyp) {
  const source = dirname(require.resolve(`${nativePackage.name}/package.json`));
  const work = join(root, 'build', 'native', '.work', `${target.runtime}-${target.abi}-${target.arch}`, nativePackage.name);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(source, work, { recursive: true, filter: (path) => !relative(source, path).split(/[\\/]/).includes('build') && !relative(source, path).startsWith('node_modules') });
  const started = Date.now();
  if (downloadPrebuilt(target, work, nativePackage.file)) {
    finish(target, nativePackage, folder, work, started, 'downloaded the published build of');
    return;
  }
  const result = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--jobs=max`, ...target.gypArguments], {
    cwd: work,
    env: buildEnvironment(target.runtime),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new BuildError(`${nativePackage.name}: ${explainFailure(target, `${result.stdout}\n${result.stderr}`)}`);
  }
  finish(target, nativePackage, folder, work, started, 'built');
}

function finish(target, nativePackage, folder, work, started, verb) {
  const built = join(work, 'build', 'Release', nativePackage.file);
  const destination = join(folder, nativePackage.file);
  // A new file renamed into place, never a rewrite: a running process may have the old one mapped.
  const incoming = `${destination}.incoming`;
  cpSync(built, incoming);
  renameSync(incoming, destination);
  rmSync(work, { recursive: true, force: true });
  verify(target, nativePackage, destination);
  console.error(`Realmkeeper: ${verb} ${nativePackage.name} ${packageVersion(nativePackage.name)} for ${target.runtime} ${target.version} (ABI ${target.abi}, ${process.platform}-${target.arch}) in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Both packages publish builds for Node and Electron on GitHub, which `prebuild-install` fetches
 * (as their own install scripts do): no compiler needed where that download works. Where it
 * does not (offline, an unusual platform), node-gyp compiles from source instead.
 */
function downloadPrebuilt(target, work, file) {
  let script;
  try {
    script = require.resolve('prebuild-install/bin.js');
  } catch {
    return false;
  }
  const result = spawnSync(process.execPath, [script, `--runtime=${target.runtime}`, `--target=${target.version}`, `--arch=${target.arch}`], {
    cwd: work,
    env: buildEnvironment(target.runtime),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return result.status === 0 && existsSync(join(work, 'build', 'Release', file));
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const target = targetFor(options.runtime, options.arch);
  const folder = buildFolder(target);
  if (!options.force && isUpToDate(target)) {
    if (!options.ifMissing) console.error(`Realmkeeper: the native modules for ${target.runtime} ${target.version} are up to date in ${relative(root, folder)}`);
    return;
  }
  mkdirSync(folder, { recursive: true });
  rmSync(join(folder, 'manifest.json'), { force: true });
  const gyp = nodeGypScript();
  try {
    for (const nativePackage of nativePackages) buildOne(target, nativePackage, folder, gyp);
  } catch (error) {
    // Half a runtime's builds would pass the selection for one module and fail for the other.
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(manifestFor(target), null, 2)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Realmkeeper: the native modules could not be built: ${message}`);
    console.error('Realmkeeper: the tests, the command line and the browser shell are unaffected: they use the build `npm install` made for Node.');
    process.exit(1);
  }
}
