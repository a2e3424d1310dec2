/**
 * Vitest globalSetup for the `integration-postgres` project.
 *
 * Runs once in the main vitest process, before any worker is forked, so the
 * url put in process.env.TEST_POSTGRES_URL is inherited by the test workers.
 * It is also `provide`d as `postgresUrl` for tests that prefer `inject()`.
 *
 * - TEST_POSTGRES_URL already set by the caller: that server is used as is.
 * - Otherwise a throwaway PostgreSQL 15 cluster is started, and stopped on teardown.
 * - No binaries and no url: fails the run loudly (unless SKIP_POSTGRES_TESTS=1,
 *   in which case vitest.config.ts does not even define this project).
 */
import type { TestProject } from 'vitest/node';
import { isPostgresAvailable, startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.TEST_POSTGRES_URL;
  if (given) {
    project.provide('postgresUrl', given);
    console.log(`[integration-postgres] using TEST_POSTGRES_URL from the environment`);
    return;
  }
  if (!isPostgresAvailable()) {
    throw new Error(
      '[integration-postgres] PostgreSQL binaries not found (expected /usr/lib/postgresql/15/bin or PG_BIN_DIR) ' +
        'and TEST_POSTGRES_URL is not set. Install postgresql-15 (`apt-get install -y postgresql-15`), ' +
        'set TEST_POSTGRES_URL, or set SKIP_POSTGRES_TESTS=1 to skip the PostgreSQL integration project.',
    );
  }
  const t0 = Date.now();
  const cluster = await startPostgresCluster();
  console.log(`[integration-postgres] PostgreSQL cluster up on port ${cluster.port} in ${Date.now() - t0} ms`);
  process.env.TEST_POSTGRES_URL = cluster.url;
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await cluster.stop();
    if (process.env.TEST_POSTGRES_URL === cluster.url) delete process.env.TEST_POSTGRES_URL;
  };
}
