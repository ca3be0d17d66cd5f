// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Package boundaries: which workspace packages each area may import. */
const boundaries = [
  {
    files: ['apps/web/**'],
    message: 'apps/web may import only @labforge/contracts',
    patterns: ['@labforge/api', '@labforge/pve-client', '@labforge/pve-sim', '@labforge/e2e'],
  },
  {
    files: ['packages/**'],
    message: 'packages never import apps',
    patterns: ['@labforge/api', '@labforge/web', '@labforge/e2e'],
  },
  {
    files: ['packages/pve-sim/**'],
    message: 'the simulator must stay independent of the client it is used to test',
    patterns: ['@labforge/pve-client', '@labforge/api', '@labforge/web', '@labforge/contracts'],
  },
  {
    files: ['packages/contracts/**'],
    message: 'contracts are data: zod only',
    patterns: [
      '@labforge/pve-client',
      '@labforge/pve-sim',
      '@labforge/api',
      '@labforge/web',
      'fastify',
      'react',
      'undici',
    ],
  },
  {
    files: ['packages/pve-client/**'],
    message:
      'pve-client never imports contracts, apps or the simulator (tests may use the simulator)',
    patterns: ['@labforge/contracts', '@labforge/api', '@labforge/web'],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '.data/**',
      '.demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'import-x/no-relative-packages': 'error',
      'import-x/no-self-import': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  // Promise handling matters everywhere we talk to Proxmox: type-aware rules for our sources.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [
      '**/vitest.config.ts',
      'vitest.shared.ts',
      '**/vite.config.ts',
      'e2e/playwright.config.ts',
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  ...boundaries.map(({ files, message, patterns }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: patterns.flatMap((p) => [p, `${p}/*`]), message }] },
      ],
    },
  })),
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Test configs share one root helper on purpose.
    files: ['**/vitest.config.ts', '**/vite.config.ts'],
    rules: { 'import-x/no-relative-packages': 'off' },
  },
  {
    // CLIs and scripts print to the terminal by design.
    files: ['scripts/**', '**/src/bin.ts', '**/src/cli/**', '**/bench/**'],
    rules: { 'no-console': 'off' },
  },
);
