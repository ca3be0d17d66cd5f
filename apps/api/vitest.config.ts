import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

const shared = sharedTestConfig();
/**
 * The shared `import` condition also reaches `require()` of externalised packages, which hands
 * @fastify/helmet the ESM namespace of `helmet` instead of its function. Node adds `import` or
 * `require` itself, so the API's server-side tests leave them out.
 */
const conditions = ['@labforge/source', 'node', 'default'];
export default defineConfig({
  ...shared,
  ssr: { resolve: { conditions, externalConditions: ['@labforge/source'] } },
});
