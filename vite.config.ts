import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * One config, three bundles, chosen by `--mode`:
 * - default: the renderer (React), served by `vite` in development and built to dist/renderer;
 * - `node`: the main-process entry points (Electron main, command line, simulator, browser shell),
 *   bundled so that nothing compiles TypeScript at run time;
 * - `preload`: the preload bridge, as CommonJS because sandboxed preloads cannot be ES modules.
 */
const root = import.meta.dirname;

const nodeEntries: Record<string, string> = {
  simulator: resolve(root, 'main/simulator/cli.ts'),
  web: resolve(root, 'main/web/web-main.ts'),
  'electron-main': resolve(root, 'main/electron/electron-main.ts'),
  cli: resolve(root, 'main/cli/main.ts'),
  'keychain-helper': resolve(root, 'main/keychain-helper/keychain-helper-main.ts'),
};

const nodeExternals = [
  'electron',
  'better-sqlite3',
  'keytar',
  'electron-log',
  /^electron-log\//,
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
];

function nodeBundle(): UserConfig {
  return {
    // Bundled rather than loaded from node_modules: zod's many ES modules cost every
    // `realmkeeper` process about 80 ms of loading, and scripts start it often.
    ssr: { noExternal: ['zod'] },
    build: {
      ssr: true,
      outDir: resolve(root, 'dist/main'),
      emptyOutDir: true,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: nodeEntries,
        external: nodeExternals,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

/**
 * `npm run bench`'s runner (bench/), built apart from the app's bundles so that nothing of it
 * ships; it is a plain Node program that starts the simulator, the engine, the built command
 * line and the browser shell.
 */
function benchBundle(): UserConfig {
  const node = nodeBundle();
  return {
    ...node,
    build: {
      ...node.build,
      outDir: resolve(root, 'dist/bench'),
      sourcemap: false,
      rollupOptions: {
        input: { 'run-bench': resolve(root, 'bench/run-bench.ts') },
        external: [...nodeExternals, 'playwright-core', /^playwright/, /^@playwright\//],
        // The runner is one bundle: the app's lazy imports (kept off `realmkeeper token`'s start)
        // have no chunk of their own here, and that is as it should be.
        onwarn(warning, warn) {
          if (warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') warn(warning);
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

function preloadBundle(): UserConfig {
  return {
    build: {
      ssr: true,
      outDir: resolve(root, 'dist/preload'),
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: {
        input: { preload: resolve(root, 'preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  };
}

function rendererBundle(): UserConfig {
  return {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'dist/renderer'),
      emptyOutDir: true,
      target: 'chrome130',
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'node') return nodeBundle();
  if (mode === 'preload') return preloadBundle();
  if (mode === 'bench') return benchBundle();
  return rendererBundle();
});
