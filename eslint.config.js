// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Bare built-in names are matched exactly (a folder may be called `domain`); `node:` ones by prefix. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/**
 * The layer rules of DESIGN.md, one entry per layer: what its files may not import. Relative
 * imports are matched by the folder they reach into.
 */
/** @type {{ files: string[]; message: string; paths: string[]; patterns: string[]; regexes?: string[] }[]} */
const layers = [
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    message: 'src/shared is pure TypeScript: it imports only src/shared and pure libraries (zod, jose).',
    paths: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'zustand', 'undici', 'conf', 'electron-store'],
    patterns: ['node:*', '**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
  },
  {
    files: ['src/main/core/**/*.{ts,tsx}'],
    message: 'src/main/core runs in plain Node (tests, CLI): it never imports electron or the Electron glue.',
    paths: ['electron', 'electron-store', 'react', 'react-dom', 'zustand'],
    patterns: ['**/renderer/**', '**/preload/**', '**/cli/**', '**/main/electron/**', '../electron/**'],
    // The glue files next to core (src/main/ipc.ts, src/main/index.ts), from any depth below it.
    regexes: ['^(\\.\\./)+(ipc|index)(\\.ts)?$'],
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    message: 'src/renderer imports only src/shared and itself; it reaches main through window.api.',
    paths: [...nodeBuiltins, 'electron', 'electron-store', 'undici', 'conf'],
    patterns: ['node:*', '**/main/**', '**/preload/**', '**/cli/**'],
  },
  {
    files: ['src/preload/**/*.{ts,tsx}'],
    message: 'src/preload imports only electron (contextBridge, ipcRenderer) and src/shared.',
    paths: [...nodeBuiltins, 'electron-store', 'undici', 'conf', 'react'],
    patterns: ['node:*', '**/main/**', '**/renderer/**', '**/cli/**'],
  },
  {
    files: ['src/cli/**/*.{ts,tsx}'],
    message: 'src/cli is built on src/main/core and src/shared; it never imports electron.',
    paths: ['electron', 'electron-store', 'react', 'react-dom', 'zustand'],
    patterns: ['**/renderer/**', '**/preload/**', '**/main/electron/**', '**/main/ipc*', '**/main/index*'],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Leaving a key out of an object by destructuring it away is the readable way to omit it.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      // With noUncheckedIndexedAccess, `!` after a length or presence check is the readable form.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layers.map(({ files, message, paths, patterns, regexes = [] }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: paths.map((name) => ({ name, message })),
          patterns: [{ group: patterns, message }, ...regexes.map((regex) => ({ regex, message }))],
        },
      ],
    },
  })),
  {
    // Components render state; only slice actions talk to main.
    files: ['src/renderer/src/**/components/**/*.tsx', 'src/renderer/src/app/**/*.tsx', 'src/renderer/src/ui/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='window'][property.name='api']",
          message: 'Components call slice actions, not window.api.',
        },
        {
          selector: 'ImportDeclaration[source.value=/\\/api(\\.ts)?$/]',
          message: 'Components call slice actions, not the api module.',
        },
      ],
    },
  },
  {
    // The CLI talks to a terminal; tests, scripts and benchmarks report to one.
    files: ['src/cli/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
