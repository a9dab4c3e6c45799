import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Where code runs decides what it may import: these rules keep the layers honest. */
const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only main/electron/ may import electron: the core must run under plain Node.' }],
};

const rendererForbidden = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no Node built-ins.' })),
    { name: 'electron', message: 'The renderer talks to main only through the preload bridge.' },
    { name: 'keytar', message: 'Secrets never reach the renderer.' },
    { name: 'better-sqlite3', message: 'The renderer has no database access; ask main through the bridge.' },
    { name: 'electron-log/main', message: 'The renderer may not use the main-process logger.' },
  ],
  patterns: [{ group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer may not import main-process code.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
      ],
    },
  },
  {
    // Type-aware rules: what review forgets. A promise nobody awaits or catches loses its error
    // (an unhandled rejection killed the browser shell once), and a switch that misses a case
    // compiles silently when a union grows.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Plain JavaScript here is Node scripts (CI totals, the start launcher, test loaders).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInShell] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', rendererForbidden] },
  },
  {
    // Tool configs are loaded by their tools, which expect a default export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
