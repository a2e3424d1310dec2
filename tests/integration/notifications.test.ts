import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, divisions, notifications, uploads } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { cancelImportJob, continueImportJob, retryImportJob, startImportJob } from '@/lib/import/jobs/operations';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { listMyNotifications, markAllNotificationsRead, markNotificationRead } from '@/lib/notifications/operations';
import { NOTIFICATIONS_SHOWN } from '@/lib/notifications/schemas';
import { createActor, IMPORTING } from '../support/fixtures';
import { contactsCsv, createProfile, createReadyUpload, isEnded, readJob, waitForJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// When a job ends its requester is told, once per ending, and reads and marks only their own.

let handle: DatabaseHandle;
let divisionId: string;
let profileId: string;
let owner: OperationContext;
const workers: JobWorker[] = [];

async function worker() {
  workers.push(await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } }));
}

async function startJob(actor: OperationContext, options: { description?: string; fileName?: string; autoContinue?: boolean } = {}) {
  const tag = Math.random().toString(36).slice(2, 8);
  const upload = await createReadyUpload(handle.db, actor.user.id, contactsCsv(tag, 3), options.fileName);
  const result = await executeOperation(startImportJob, {
    uploadId: upload.id, profileId, divisionId, description: options.description ?? `Job ${tag}`,
    autoContinue: options.autoContinue ?? true,
  }, actor);
  if (!result.ok) throw new Error(`start refused: ${JSON.stringify(result)}`);
  return result.data;
}

const notesOfJob = (jobId: string) => handle.db.select().from(notifications)
  .where(eq(notifications.jobId, jobId)).orderBy(notifications.createdAt);

async function mine(actor: OperationContext) {
  const result = await executeOperation(listMyNotifications, {}, actor);
  if (!result.ok) throw new Error(`list refused: ${JSON.stringify(result)}`);
  return result.data;
}

/** A user holding one unrelated permission: any signed-in user with a grant reads their own. */
const reader = () => createActor(handle.db, ['externalContacts:contact:view'], divisionId);

async function notify(userId: string, count: number, from = Date.UTC(2024, 0, 1)) {
  return handle.db.insert(notifications).values(Array.from({ length: count }, (_, i) => ({
    userId, kind: 'importCompleted' as const, params: { description: `Note ${i + 1}` }, createdAt: new Date(from + i * 60_000),
  }))).returning();
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Notified' }).returning();
  divisionId = division.id;
  owner = await createActor(handle.db, ['externalContacts:importJob:add', 'externalContacts:importJob:edit',
    'externalContacts:importJob:view', 'externalContacts:importSettings:viewAll', ...IMPORTING], divisionId);
  profileId = (await createProfile(handle.db)).id;
  await installJobQueues(handle);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => { await handle?.close(); });

describe('a job that ends notifies its requester', () => {
  it('once when it completes, with its description, or its file name when it has none', async () => {
    await worker();
    const before = (await mine(owner)).unreadCount;
    const named = await startJob(owner, { description: 'Spring campaign' });
    const unnamed = await startJob(owner, { description: '', fileName: 'march-leads.csv' });
    expect(await waitForJob(handle.db, named.id, isEnded)).toMatchObject({ status: 'completed' });
    expect(await waitForJob(handle.db, unnamed.id, isEnded)).toMatchObject({ status: 'completed' });
    expect(await notesOfJob(named.id)).toMatchObject([
      { userId: owner.user.id, kind: 'importCompleted', params: { description: 'Spring campaign' }, readAt: null },
    ]);
    expect(await notesOfJob(unnamed.id)).toMatchObject([{ kind: 'importCompleted', params: { description: 'march-leads.csv' } }]);
    const list = await mine(owner);
    expect(list.unreadCount).toBe(before + 2);
    expect(list.items.filter((n) => [named.id, unnamed.id].includes(n.jobId ?? ''))).toHaveLength(2);
    expect(list.items.find((n) => n.jobId === named.id)).toMatchObject({
      kind: 'importCompleted', params: { description: 'Spring campaign' }, readAt: null, createdAt: expect.any(String),
    });
  });

  it('when it fails; a retry that completes notifies again and supersedes the failure, so it counts once', async () => {
    const job = await startJob(owner, { description: 'Retried', autoContinue: false });
    const { uploadId } = await readJob(handle.db, job.id);
    // The file goes missing under the validation: the job fails; put back, a retry completes it.
    await handle.db.update(uploads).set({ status: 'rejected' }).where(eq(uploads.id, uploadId!));
    const before = (await mine(owner)).unreadCount;
    await worker();
    expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'failed' });
    expect(await notesOfJob(job.id)).toMatchObject([{ kind: 'importFailed', userId: owner.user.id, params: { description: 'Retried' }, readAt: null }]);
    expect((await mine(owner)).unreadCount).toBe(before + 1);

    await handle.db.update(uploads).set({ status: 'ready' }).where(eq(uploads.id, uploadId!));
    expect(await executeOperation(retryImportJob, { id: job.id }, owner)).toMatchObject({ ok: true });
    await waitForJob(handle.db, job.id, (j) => j.step === 'validated');
    expect(await notesOfJob(job.id)).toHaveLength(1);
    await executeOperation(continueImportJob, { id: job.id }, owner);
    expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed' });

    const [failed, completed] = await notesOfJob(job.id);
    expect(failed).toMatchObject({ kind: 'importFailed', readAt: expect.any(Date) });
    expect(completed).toMatchObject({ kind: 'importCompleted', readAt: null });
    const list = await mine(owner);
    expect(list.unreadCount).toBe(before + 1);
    expect(list.items.filter((n) => n.jobId === job.id).map((n) => n.kind)).toEqual(['importCompleted', 'importFailed']);
  });

  it('tells no one when the job is cancelled', async () => {
    const job = await startJob(owner, { autoContinue: false });
    expect(await executeOperation(cancelImportJob, { id: job.id }, owner)).toMatchObject({ ok: true, data: { status: 'cancelled' } });
    expect(await notesOfJob(job.id)).toHaveLength(0);
  });
});

describe('reading and marking', () => {
  it('lists the latest notifications newest first, with the unread count of all of them', async () => {
    const someone = await reader();
    const rows = await notify(someone.user.id, NOTIFICATIONS_SHOWN + 5);
    const list = await mine(someone);
    expect(list.unreadCount).toBe(NOTIFICATIONS_SHOWN + 5);
    expect(list.items).toHaveLength(NOTIFICATIONS_SHOWN);
    expect(list.items[0]).toMatchObject({ id: rows.at(-1)!.id, params: { description: `Note ${NOTIFICATIONS_SHOWN + 5}` } });
    expect(list.items.map((n) => n.createdAt)).toEqual([...list.items.map((n) => n.createdAt)].sort().reverse());
  });

  it('marks one read (once in the audit) and then all, changing the unread count', async () => {
    const someone = await reader();
    const [first, second, third] = await notify(someone.user.id, 3);
    expect(await executeOperation(markNotificationRead, { id: second.id }, someone))
      .toMatchObject({ ok: true, data: { unreadCount: 2 } });
    expect(await executeOperation(markNotificationRead, { id: second.id }, someone))
      .toMatchObject({ ok: true, data: { unreadCount: 2 } });
    const audits = () => handle.db.select().from(auditLog).where(eq(auditLog.actorUserId, someone.user.id)).orderBy(auditLog.id);
    expect(await audits()).toMatchObject([{ action: 'notification.read', targetId: second.id }]);
    expect((await mine(someone)).items.find((n) => n.id === second.id)?.readAt).toEqual(expect.any(String));

    expect(await executeOperation(markAllNotificationsRead, {}, someone)).toMatchObject({ ok: true, data: { marked: 2, unreadCount: 0 } });
    const rows = await handle.db.select().from(notifications).where(inArray(notifications.id, [first.id, second.id, third.id]));
    expect(rows.every((row) => row.readAt !== null)).toBe(true);
    expect(await audits()).toMatchObject([
      { action: 'notification.read' }, { action: 'notification.readAll', details: { marked: 2 } },
    ]);
    expect(await executeOperation(markAllNotificationsRead, {}, someone)).toMatchObject({ ok: true, data: { marked: 0 } });
    expect(await audits()).toHaveLength(2);
    expect((await mine(someone)).unreadCount).toBe(0);
  });

  it('never shows or marks another user’s notifications', async () => {
    const alice = await reader();
    const bob = await reader();
    const [alicesNote] = await notify(alice.user.id, 1);
    await notify(bob.user.id, 2);
    expect((await mine(bob)).items.map((n) => n.id)).not.toContain(alicesNote.id);
    expect((await mine(bob)).unreadCount).toBe(2);

    expect(await executeOperation(markNotificationRead, { id: alicesNote.id }, bob))
      .toMatchObject({ ok: false, status: 404, error: { key: 'errors.notFound' } });
    expect(await executeOperation(markAllNotificationsRead, {}, bob)).toMatchObject({ ok: true, data: { marked: 2 } });
    const [untouched] = await handle.db.select().from(notifications).where(eq(notifications.id, alicesNote.id));
    expect(untouched.readAt).toBeNull();
    expect(await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.actorUserId, bob.user.id), eq(auditLog.targetId, alicesNote.id)))).toHaveLength(0);
    expect(await mine(alice)).toMatchObject({ unreadCount: 1, items: [{ id: alicesNote.id, readAt: null }] });
  });

  it('refuses a user without any grant, and input that is not a notification id', async () => {
    const nobody = await createActor(handle.db, []);
    expect(await executeOperation(listMyNotifications, {}, nobody)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(markNotificationRead, { id: 'x' }, await reader()))
      .toMatchObject({ ok: false, status: 400 });
  });
});
