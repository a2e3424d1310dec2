import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { importJobs, notifications } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { getTranslator } from '@/lib/i18n/translator';
import { getImportJob } from '@/lib/import/jobs/operations';
import { callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { createFolderProfile, dropFile, readResult } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';
import { createActor } from '../support/fixtures';
import { contactsCsv } from '../support/job-fixtures';
import { testDriver } from '../support/test-db';

// A job that fails because of the database shows a stable code and a translated message
// everywhere a person looks (the job row, its view, the API, the notification, the drop folder's
// .err and .log); PostgreSQL's own words go to the server log only.

const SECRET = 'pg-secret-7f3a relation internals';

/** Whether postgres.js checks its socket before a deferred write (see the last test). */
function driverGuardsClosedSocket(): boolean {
  const source = readFileSync(path.resolve(__dirname, '../../node_modules/postgres/src/connection.js'), 'utf8');
  return /function nextWrite\(fn\) \{\s*if \(!socket/.test(source);
}

let h: DropFolderHarness;
let supervisor: OperationContext;
let restoreApp: () => void;
let serverLog: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  h = await startDropFolderHarness();
  supervisor = await createActor(h.handle.db, [
    'externalContacts:importJob:view', 'externalContacts:importJob:viewAll', 'externalContacts:importJob:add',
  ]);
  restoreApp = serveAppFrom(h.handle);
});

afterEach(async () => {
  await h.handle.db.execute(sql`drop trigger if exists hostile_failure on contacts`);
  serverLog?.mockRestore();
});

afterAll(async () => {
  restoreApp?.();
  await h?.close();
});

/** Every place a person reads about the job, as text. */
async function everythingShown(jobId: string, folderName: string, history: { err?: string; log?: string }) {
  const [job] = await h.handle.db.select().from(importJobs).where(eq(importJobs.id, jobId));
  const view = await executeOperation(getImportJob, { id: jobId }, supervisor);
  const { token } = await issueToken(supervisor);
  const response = await callApi('GET', '/jobs/{id}', { token, params: { id: jobId } });
  const api = await response.json() as { error: { code: string; message: string } | null };
  const notes = await h.handle.db.select().from(notifications).where(eq(notifications.jobId, jobId));
  const en = getTranslator('en');
  const fr = getTranslator('fr');
  return {
    job, view, api, status: response.status,
    notificationText: notes.map((n) => `${en(`jobs.notifications.${n.kind}`, n.params)} | ${fr(`jobs.notifications.${n.kind}`, n.params)}`).join('\n'),
    err: history.err ? await readFile(history.err, 'utf8') : '',
    log: history.log ? await readFile(history.log, 'utf8') : '',
    folderName,
  };
}

async function runFailingFile(tag: string) {
  const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
  await h.scan();
  const folder = h.folderOf(profile.name);
  await dropFile(folder, `${tag}.csv`, contactsCsv(tag, 5));
  const history = await h.scanUntilDone(folder, `${tag}.csv`);
  const result = await readResult(history.result!);
  return { history, jobId: String(result.jobId), status: result.status };
}

function expectNoDatabaseText(shown: Awaited<ReturnType<typeof everythingShown>>, code: string) {
  const { job, view, api, notificationText, err, log } = shown;
  const message = getTranslator('en')(`jobs.errors.${code}`);
  expect(job).toMatchObject({ status: 'failed', errorCode: code, errorMessage: message });
  expect(view).toMatchObject({ ok: true, data: { error: { code, message } } });
  expect(shown.status).toBe(200);
  expect(api.error).toEqual({ code, message });
  expect(notificationText).toContain(`: ${message} (code ${code})`);
  expect(notificationText).toContain(getTranslator('fr')(`jobs.errors.${code}`));
  expect(err).toBe(`${code}\n${message}\n`);
  expect(log).toContain(`error ${code}: ${message}`);
  const everything = JSON.stringify({ job, view, api }) + notificationText + err + log;
  expect(everything).not.toContain(SECRET);
  expect(everything).not.toMatch(/terminating connection|administrator command|P0001|57P01|CONNECTION_(CLOSED|ENDED)|hostile_failure/);
}

describe('a database failure during the import', () => {
  it('shows the databaseError code and its message everywhere, the raw text only in the server log', async () => {
    await h.handle.db.execute(sql.raw(`create or replace function hostile_failure() returns trigger language plpgsql as $$
      begin raise exception '${SECRET}'; end $$`));
    await h.handle.db.execute(sql`create trigger hostile_failure before insert on contacts for each row execute function hostile_failure()`);
    serverLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { history, jobId, status } = await runFailingFile(`DBERR${Date.now()}`);
    expect(status).toBe('failed');
    const shown = await everythingShown(jobId, '', history);
    expectNoDatabaseText(shown, 'databaseError');
    // The server log has what an operator needs (the driver's error is the cause of drizzle's).
    expect(serverLog.mock.calls.flat().map((arg) => inspect(arg)).join('\n')).toContain(SECRET);
  });

  it('shows databaseUnavailable when the database ends the session (SQLSTATE 57P01), both drivers', async () => {
    // What PostgreSQL answers a session that pg_terminate_backend ends, raised where the import writes.
    await h.handle.db.execute(sql.raw(`create or replace function hostile_failure() returns trigger language plpgsql as $$
      begin raise exception 'terminating connection due to administrator command ${SECRET}' using errcode = 'admin_shutdown'; end $$`));
    await h.handle.db.execute(sql`create trigger hostile_failure before insert on contacts for each row execute function hostile_failure()`);
    serverLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { history, jobId, status } = await runFailingFile(`DBSHUT${Date.now()}`);
    expect(status).toBe('failed');
    expectNoDatabaseText(await everythingShown(jobId, '', history), 'databaseUnavailable');
  });

  // A real pg_terminate_backend of the import's connection: the job fails with databaseUnavailable,
  // but postgres.js 3.4.9 then throws an uncaught TypeError from a write it had buffered for the
  // closed socket (porsager/postgres#1208, fix proposed in #1209), which would end a worker
  // process. Runs once the installed driver guards that write.
  it.skipIf(testDriver() !== 'postgres' || !driverGuardsClosedSocket())('shows databaseUnavailable when the import\'s connection is terminated mid-batch', async () => {
    // The import's first insert waits in the trigger; meanwhile another session ends its backend.
    await h.handle.db.execute(sql`create or replace function hostile_failure() returns trigger language plpgsql as $$
      begin perform pg_sleep(10); return new; end $$`);
    await h.handle.db.execute(sql`create trigger hostile_failure before insert on contacts for each row execute function hostile_failure()`);
    serverLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const terminated = (async () => {
      for (let i = 0; i < 600; i += 1) {
        const [row] = await queryRows<{ ended: boolean }>(h.handle.db, sql`select pg_terminate_backend(pid) as ended
          from pg_stat_activity where wait_event = 'PgSleep' and pid <> pg_backend_pid() and datname = current_database()`);
        if (row?.ended) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    })();
    const { history, jobId, status } = await runFailingFile(`DBGONE${Date.now()}`);
    expect(await terminated).toBe(true);
    expect(status).toBe('failed');
    await h.handle.db.execute(sql`drop trigger if exists hostile_failure on contacts`);
    const shown = await everythingShown(jobId, '', history);
    expectNoDatabaseText(shown, 'databaseUnavailable');
    expect(serverLog.mock.calls.flat().map((arg) => inspect(arg)).join('\n')).toMatch(/terminating connection|57P01|CONNECTION_/);
  });
});
