import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createSource } from '../support/engine-fixtures';
import { importCsv } from '../support/import-pipeline';
import type { DatabaseHandle } from '@/db/client';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';

// PGlite runs in the app's own thread: an import that never gave the event loop a turn kept
// every page of the app waiting until it ended. Timers must keep firing, and other queries keep
// being answered, while an import runs.

let handle: DatabaseHandle;
beforeAll(async () => { handle = await createTestDatabase(); });
afterAll(async () => { await handle?.close(); });

describe('while an import runs', () => {
  it('timers fire and other queries are answered before it ends', async () => {
    const divisionId = await homeDivisionId(handle.db);
    const userId = (await createActor(handle.db, [...ALL_PERMISSIONS])).user.id;
    const sourceId = await createSource(handle.db);
    const rows = Array.from({ length: 12_000 }, (_, i) => `E${i},First${i},Last${i},p${i}@example.com`);
    let importRunning = true;
    let answeredDuringImport = 0;
    const probe = (async () => {
      while (importRunning) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await handle.db.execute(sql`select count(*) from users`);
        if (importRunning) answeredDuringImport += 1;
      }
    })();
    const { job } = await importCsv(handle.db, {
      csv: ['External ID,First Name,Last Name,Work Email', ...rows].join('\n'), divisionId, userId, sourceId,
    });
    importRunning = false;
    await probe;
    expect(job?.inserted).toBe(12_000);
    expect(answeredDuringImport).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
