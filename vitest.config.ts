import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const integrationFiles = ['tests/integration/**/*.test.ts'];

const skipPostgres = process.env.SKIP_POSTGRES_TESTS === '1';
if (skipPostgres) {
  console.warn('[vitest] SKIP_POSTGRES_TESTS=1: the integration-postgres project is NOT run.');
}

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}/` }],
  },
  test: {
    root,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-pglite',
          include: integrationFiles,
          environment: 'node',
          env: { TEST_DB_DRIVER: 'pglite' },
          // Files share a worker's modules, so the migrated PGlite template (seconds to start)
          // is built once per worker and cloned per file.
          isolate: false,
        },
      },
      ...(skipPostgres
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: 'integration-postgres',
                include: integrationFiles,
                environment: 'node' as const,
                env: { TEST_DB_DRIVER: 'postgres' },
                isolate: false,
                globalSetup: ['tests/support/global-setup-postgres.ts'],
              },
            },
          ]),
    ],
  },
});
