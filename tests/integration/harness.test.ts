import { describe, expect, inject, it } from 'vitest';

const driver = process.env.TEST_DB_DRIVER;

describe(`test harness (${driver ?? 'no TEST_DB_DRIVER'})`, () => {
  it('has a database driver selected by the vitest project', () => {
    expect(['pglite', 'postgres']).toContain(driver);
  });

  if (driver === 'postgres') it('reaches the PostgreSQL 15 server of the global setup', async () => {
    const url = process.env.TEST_POSTGRES_URL;
    expect(url, 'TEST_POSTGRES_URL must reach the workers').toMatch(/^postgres(ql)?:\/\//);
    expect(inject('postgresUrl')).toBe(url);
    const { default: postgres } = await import('postgres');
    const sql = postgres(url!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ version: string }[]>`select version()`;
      expect(row.version).toContain('PostgreSQL 15');
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  if (driver === 'pglite') it('runs a query on an in-memory PGlite', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite();
    try {
      const res = await db.query<{ one: number }>('select 1 as one');
      expect(res.rows[0].one).toBe(1);
    } finally {
      await db.close();
    }
  });
});
