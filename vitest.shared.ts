import type { ViteUserConfig } from 'vitest/config';

/**
 * Workspace packages export their TypeScript sources under the `@labforge/source` condition,
 * so tests run against sources without a build step. Node-side tests resolve through the SSR
 * resolver, hence the condition is given to both resolvers.
 */
export function sharedTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  const conditions = ['@labforge/source', 'module', 'node', 'import', 'default'];
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@labforge/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...overrides,
    },
  };
}
