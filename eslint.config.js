// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

/**
 * Package boundaries: which workspace packages each area may import. The layering is
 * contracts -> pve-client -> engine -> api -> web (web sees only contracts). Where two entries
 * match a file, the later one wins, so every entry lists all that its area must not import.
 */
const boundaries = [
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    message: 'import the engine only through @labforge/engine (its src/index.ts)',
    patterns: [],
  },
  {
    files: ['apps/web/**'],
    message: 'apps/web may import only @labforge/contracts',
    patterns: [
      '@labforge/api',
      '@labforge/engine',
      '@labforge/pve-client',
      '@labforge/pve-sim',
      '@labforge/e2e',
    ],
  },
  {
    files: ['packages/**'],
    message: 'packages never import apps',
    patterns: ['@labforge/api', '@labforge/web', '@labforge/e2e'],
  },
  {
    files: ['packages/engine/src/**'],
    message:
      'the engine imports only @labforge/pve-client and @labforge/contracts: no HTTP server, no storage, no apps',
    patterns: [
      '@labforge/api',
      '@labforge/web',
      '@labforge/e2e',
      '@labforge/pve-sim',
      'fastify',
      'better-sqlite3',
      'pino',
      'react',
      'undici',
      'ssh2',
    ],
  },
  {
    files: ['packages/pve-sim/**'],
    message: 'the simulator must stay independent of the client it is used to test',
    patterns: [
      '@labforge/pve-client',
      '@labforge/engine',
      '@labforge/api',
      '@labforge/web',
      '@labforge/contracts',
    ],
  },
  {
    files: ['packages/contracts/**'],
    message: 'contracts are data: zod only',
    patterns: [
      '@labforge/pve-client',
      '@labforge/engine',
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
      'pve-client never imports contracts, the engine, apps or the simulator (tests may use the simulator)',
    patterns: ['@labforge/contracts', '@labforge/engine', '@labforge/api', '@labforge/web'],
  },
];

/** Nothing outside the engine reaches into it: only `@labforge/engine` itself is public. */
const engineInternals = {
  group: ['@labforge/engine/*'],
  message: 'import the engine only through @labforge/engine (its src/index.ts)',
};

/**
 * The SPA's feature boundary (bulletproof-react): a feature never imports another feature (the
 * app's routes compose them), and shared code (components, lib) imports neither.
 */
const webSrc = 'apps/web/src';
const webFeatures = readdirSync(new URL(`./${webSrc}/features`, import.meta.url), {
  withFileTypes: true,
})
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const webZones = [
  ...webFeatures.map((feature) => ({
    target: `./${webSrc}/features/${feature}`,
    from: `./${webSrc}/features`,
    except: [`./${feature}`],
    message: 'a feature never imports another feature: compose them in src/app',
  })),
  {
    target: `./${webSrc}/features`,
    from: `./${webSrc}/app`,
    message: 'features never import the app',
  },
  {
    target: [`./${webSrc}/components`, `./${webSrc}/lib`],
    from: [`./${webSrc}/features`, `./${webSrc}/app`],
    message: 'shared code imports neither features nor the app',
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
        {
          patterns: [
            ...(patterns.length > 0
              ? [{ group: patterns.flatMap((p) => [p, `${p}/*`]), message }]
              : []),
            engineInternals,
          ],
        },
      ],
    },
  })),
  {
    files: [`${webSrc}/**/*.{ts,tsx}`],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: webZones }],
    },
  },
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
