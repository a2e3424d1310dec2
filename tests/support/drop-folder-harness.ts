import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions } from '@/db/schema';
import type { OperationContext } from '@/lib/actions/operation';
import { createDropFolderScanner, type DropFolderScanner } from '@/lib/import/drop-folder/scanner';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { historyOf, makeDropRoot, waitUntil } from './drop-folder-fixtures';
import { createActor, IMPORTING } from './fixtures';
import { createTestDatabase } from './test-db';

export interface DropFolderHarness {
  handle: DatabaseHandle;
  root: string;
  /** Scans are driven by the test (no timer), so what each scan sees is known. */
  scanner: DropFolderScanner;
  /** An automation user allowed to import everywhere. */
  robot: OperationContext;
  divisionA: string;
  divisionB: string;
  scan(): Promise<boolean>;
  folderOf(name: string): string;
  /** Scans until the file's .result and the file itself are in History/; returns their paths. */
  scanUntilDone(folder: string, name: string): ReturnType<typeof historyOf>;
  /** The live contacts of a division with an external ID of the source, by that ID. */
  contactsOf(divisionId: string, sourceId: string): Promise<{ value: string; lastName: string }[]>;
  close(): Promise<void>;
}

/** A fresh database with a job worker, an empty drop folder and its scanner. */
export async function startDropFolderHarness(): Promise<DropFolderHarness> {
  const handle = await createTestDatabase();
  await installJobQueues(handle);
  const worker: JobWorker = await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
  const drop = await makeDropRoot();
  const scanner = createDropFolderScanner(handle, drop.root);
  const [a, b] = await handle.db.insert(divisions)
    .values([{ name: `Drop A ${drop.root}` }, { name: `Drop B ${drop.root}` }]).returning();
  // contact:view: without it the engine matches nothing (its rule for imports on someone's behalf).
  const robot = await createActor(handle.db, [
    'externalContacts:importCsvUpload:add', 'externalContacts:importJob:add', 'externalContacts:contact:view',
    // It continues by itself (importJob:edit); docs/permissions.md.
    'externalContacts:importJob:edit', ...IMPORTING,
  ]);
  const scan = () => scanner.scanOnce();
  return {
    handle, root: drop.root, scanner, robot, divisionA: a.id, divisionB: b.id, scan,
    folderOf: (name) => path.join(drop.root, name),
    scanUntilDone: (folder, name) => waitUntil(async () => {
      const history = await historyOf(folder, name);
      return history.result && history.file ? history : undefined;
    }, { step: scan, what: `${name} in History` }),
    contactsOf: (divisionId, sourceId) => queryRows<{ value: string; lastName: string }>(handle.db, sql`
      select e.value, c.last_name as "lastName" from contacts c join contact_external_ids e on e.contact_id = c.id
      where c.division_id = ${divisionId} and e.source_id = ${sourceId} and c.deleted_at is null order by e.value`),
    async close() {
      await worker.stop();
      await handle.close();
      await drop.remove();
    },
  };
}
