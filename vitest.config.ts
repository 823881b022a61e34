import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run against the TypeScript sources of the workspace packages, not their built output:
  // a test must never pass against a stale build. Vitest runs Node tests in Vite's SSR
  // environment, which takes its own resolve conditions.
  resolve: { conditions: ['@raflag/source'] },
  ssr: { resolve: { conditions: ['@raflag/source'], externalConditions: ['@raflag/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'services/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
